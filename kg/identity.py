"""One identity per legal document: the IRI a DocumentRef resolves to.

The builder, lineage and the catalog all mint document IRIs through :func:`document_iri_for`,
so the same document cited by different plans (in different words, with OCR damage or a
misprinted year) becomes one node, and two provinces' "92/KH-UBND" stay two nodes.

Resolution, in order: repair the printed symbol with the symbol grammar of ``ingest.symbols``
(party ``number-TYPE/ISSUER``, state ``number/TYPE-ISSUER``, laws ``number/year/ISSUER``; Đ
restored from D/P/B); read a short form ("Nghị quyết 57")
against the catalog; map forms the catalog lists as printed variants, or whose issuer code
contradicts the named issuer ("71-NQ/TW ... của Chính phủ"), to the catalogued symbol. Central
symbols are then keyed by symbol + year (the catalog's year wins over a printed one), provincial
ones by symbol + province, local ones by symbol + province + the issuing commune.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.normalize import fold, nfc
from ingest.records import DocumentRef
from ingest.symbols import canonical_symbol as _parse_canonical
from ingest.symbols import restore_code
from kg.catalog import Catalog, CatalogEntry, load_catalog
from ontology.iris import document_iri, is_central_symbol

#: Central issuers beyond those ``ontology.iris`` knows (ministries, central party organs).
_CENTRAL_EXTRA = {"CQTTBCĐ", "VPCP", "UBKTTW", "BTGTW", "BTCTW", "BDVTW", "VPTW", "BKHCN",
                  "BTTTT", "BNV", "BTC", "BCA", "BQP", "BYT", "BGDĐT", "BNNMT", "BXD", "BCT",
                  "BTP", "BVHTTDL", "BKHĐT", "NHNN", "BNG", "BDTTG"}
#: The scope used for central documents ``ontology.iris`` does not recognise as central.
CENTRAL_SCOPE = "Trung ương"

# Named issuer -> issuer code, for spotting a symbol whose issuer code contradicts the text.
_ISSUER_NAMES = (
    (r"\bthu tuong\b", "TTg"),
    (r"\bchinh phu\b", "CP"),
    (r"\bquoc hoi\b", "QH"),
    (r"\bban chi dao trung uong\b", "BCĐTW"),
    (r"\b(bo chinh tri|ban bi thu|ban chap hanh trung uong)\b", "TW"),
    (r"\b(tinh uy|thanh uy|thi uy)\b", "TU"),
    (r"\bdang uy\b", "ĐU"),
    (r"\b(hdnd|hoi dong nhan dan)\b", "HĐND"),
    (r"\b(ubnd|uy ban nhan dan)\b", "UBND"),
)

_TYPE_WORDS = (
    ("ke hoach hanh dong", ("KH", "KHHĐ")), ("ke hoach", ("KH", "KHHĐ")),
    ("nghi quyet", ("NQ",)), ("quyet dinh", ("QĐ",)), ("quy dinh", ("QĐ",)),
    ("chuong trinh hanh dong", ("CTr",)), ("chuong trinh", ("CTr",)), ("thong bao", ("TB",)),
    ("huong dan", ("HD",)), ("chi thi", ("CT",)), ("ket luan", ("KL",)), ("nghi dinh", ("NĐ",)),
)

_SHORT = re.compile(
    r"\b(" + "|".join(w for w, _ in _TYPE_WORDS) + r")\s+(?:so\s+)?(\d{1,5})\b(?!\s*[-/]\s*\w)")
# "quận" is left out: folded it is "quan", as in "cơ quan" (and districts are gone since 2025).
_LOCAL_WORDS = ("xa", "phuong", "thi tran", "dac khu", "thi xa", "thi uy", "huyen", "dang uy",
                "khu pho")
_PROVINCIAL_WORDS = ("tinh", "thanh uy")
#: Level words of a commune-level place, longest first; "Thị ủy X" governs "thị xã X".
_PLACE_WORDS = (("thi tran", "thị trấn"), ("thi xa", "thị xã"), ("dac khu", "đặc khu"),
                ("thi uy", "thị xã"), ("phuong", "phường"), ("huyen", "huyện"), ("xa", "xã"))


def _iri_symbol(symbol: str) -> str:
    """Leading zeros do not make another document: "2-KH/BCĐTW" is "02-KH/BCĐTW"."""
    return re.sub(r"^0+(?=\d)", "", symbol)


def canonical_symbol(text: str | None) -> str | None:
    """The official form of a printed symbol ("57- NQ/TW" -> "57-NQ/TW", "204-QD/TW" ->
    "204-QĐ/TW"); None when the text holds no full symbol. The grammar is ``ingest.symbols``."""
    return _parse_canonical(text) if text else None


def issuer_code(issuer: str | None) -> str | None:
    """The symbol issuer code a named issuer signs with: "Chính phủ" -> "CP"."""
    if not issuer:
        return None
    folded = fold(issuer)
    for pattern, code in _ISSUER_NAMES:
        if re.search(pattern, folded):
            return code
    return None


def symbol_issuer(symbol: str) -> str:
    """The issuer code of a canonical symbol ("57-NQ/TW" -> "TW", "92/KH-UBND" -> "UBND")."""
    return re.split(r"[-/]", symbol)[-1]


def symbol_is_party(symbol: str) -> bool:
    """Party documents read ``number-TYPE/ISSUER`` (469-KH/TU); state ones ``number/TYPE-...``."""
    return bool(re.match(r"^\d+-", symbol))


def is_central(symbol: str, entry: CatalogEntry | None = None) -> bool:
    """Central documents are unique nationally (with their year)."""
    if entry is not None and entry.level:
        return entry.level == "central"
    tokens = {restore_code(t) for t in re.split(r"[-/]", symbol)[1:]}
    return is_central_symbol(symbol) or bool(tokens & _CENTRAL_EXTRA)


def short_form(text: str | None) -> tuple[tuple[str, ...], str] | None:
    """("NQ",), "57" for "Nghị quyết 57" / "Nghị quyết số 57" without a full symbol."""
    if not text:
        return None
    m = _SHORT.search(fold(text))
    if not m:
        return None
    codes = next(c for w, c in _TYPE_WORDS if m.group(1) == w)
    return codes, m.group(2)


def document_level(symbol: str | None, issuer: str | None,
                   entry: CatalogEntry | None = None) -> str | None:
    """central | provincial | local, from the catalog, the issuer's name or the symbol."""
    if entry is not None and entry.level:
        return entry.level
    if symbol and is_central(symbol):
        return "central"
    if issuer:
        folded = f" {fold(issuer)} "
        hits = [(folded.rfind(f" {w} "), lvl) for lvl, words in
                (("local", _LOCAL_WORDS), ("provincial", _PROVINCIAL_WORDS)) for w in words]
        pos, lvl = max(hits)
        if pos >= 0:
            return lvl
        if folded.startswith(" so "):  # a provincial department (Sở ...)
            return "provincial"
        if issuer_code(issuer) in {"TW", "CP", "TTg", "QH", "BCĐTW"}:
            return "central"
    if symbol:
        code = symbol_issuer(symbol)
        if code == "ĐU":
            return "local"
        if code in {"TU", "HĐND"} or code.startswith("S"):
            return "provincial"
    return None


def issuer_locality(issuer: str | None) -> str | None:
    """The commune a local issuer belongs to: "UBND phường Phước Bình" -> "phường Phước Bình";
    None when the issuer names no place ("Đảng ủy xã")."""
    if not issuer:
        return None
    words = nfc(issuer).split()
    folded = [fold(w) for w in words]
    for i in range(len(words)):
        for key, level in _PLACE_WORDS:
            n = len(key.split())
            if " ".join(folded[i:i + n]) != key:
                continue
            name = []
            for word in words[i + n:]:
                if not word[:1].isupper() or len(name) == 4:
                    break
                name.append(word.strip(",;."))
            if name:
                return f"{level} {' '.join(name)}"
    return None


@dataclass(frozen=True)
class ResolvedDocument:
    """What identity resolution made of a reference, and why."""

    iri: str
    symbol: str | None
    level: str | None
    province: str | None
    year: str | None
    scope: str | None  # province / commune the IRI is scoped by (None for central)
    entry: CatalogEntry | None  # the curated entry it matched
    notes: tuple[str, ...] = ()


def _catalog_symbol(symbol: str | None, ref: DocumentRef, province: str | None,
                    catalog: Catalog) -> tuple[str | None, list[str]]:
    """Map a misprinted or short symbol to the catalogued one where the evidence allows."""
    notes: list[str] = []
    named = issuer_code(ref.issuer)
    if symbol is None:
        short = short_form(ref.number) or short_form(ref.mention) or short_form(ref.mention_raw)
        if short:
            codes, number = short
            cands = [e for e in catalog.by_number(number, province)
                     if re.split(r"[-/]", e.symbol)[1] in codes
                     and (named is None or symbol_issuer(e.symbol) == named)]
            central = [e for e in cands if e.level == "central"]
            pick = central if len(central) == 1 else cands
            if len(pick) == 1:
                notes.append(f"short form read as {pick[0].symbol}")
                return pick[0].symbol, notes
        return None, notes
    found = catalog.find(symbol, province)
    if found:
        return found.symbol, notes
    for entry in catalog.find_variant(symbol, province):
        if named is None or named == symbol_issuer(entry.symbol):
            notes.append(f"printed variant {symbol} of {entry.symbol}")
            return entry.symbol, notes
    if named and named != symbol_issuer(symbol):
        number = symbol.split("-")[0].split("/")[0]
        doc_type = re.split(r"[-/]", symbol)[1]
        cands = [e for e in catalog.by_number(number, province)
                 if symbol_issuer(e.symbol) == named and re.split(r"[-/]", e.symbol)[1] == doc_type]
        if len(cands) == 1:
            notes.append(f"issuer code of {symbol} contradicts '{ref.issuer}': {cands[0].symbol}")
            return cands[0].symbol, notes
    return symbol, notes


def resolve(ref: DocumentRef, plan_province: str | None = None,
            plan_locality: str | None = None, catalog: Catalog | None = None
            ) -> ResolvedDocument:
    """Resolve a cited document to its identity (see the module docstring for the rules)."""
    catalog = catalog or load_catalog()
    printed = ref.number
    symbol = canonical_symbol(printed) if printed and not printed.strip().isdigit() else None
    province = ref.province or plan_province
    symbol, notes = _catalog_symbol(symbol, ref, province, catalog)
    entry = catalog.find(symbol, province) if symbol else None
    level = document_level(symbol, ref.issuer, entry) or ref.level
    printed_year = ref.date[:4] if ref.date else None
    year = entry.year if entry and entry.year else printed_year
    if entry and entry.year and printed_year and printed_year != entry.year:
        notes.append(f"printed year {printed_year} differs from the catalog's {entry.year}")
    if symbol and re.search(r"/(19|20)\d\d/", symbol):
        year = None  # the year is part of the symbol already
    if symbol and level == "central":
        scope = None if is_central_symbol(symbol) else CENTRAL_SCOPE
        iri = document_iri(_iri_symbol(symbol), year=year, province=scope)
        return ResolvedDocument(iri, symbol, level, None, year, scope, entry, tuple(notes))
    province = province or (entry.province if entry else None)
    scope = province
    if level == "local":
        place = issuer_locality(ref.issuer) or plan_locality
        if place and (not province or fold(place) != fold(province)):
            scope = f"{province} {place}" if province else place
    if not symbol:
        iri = document_iri(None, issuer=ref.issuer or scope, title=ref.mention or ref.mention_raw)
        return ResolvedDocument(iri, None, level, province, year, scope, None, tuple(notes))
    iri = document_iri(_iri_symbol(symbol), issuer=ref.issuer, year=year, province=scope)
    return ResolvedDocument(iri, symbol, level, province, year, scope, entry, tuple(notes))


def resolve_symbol(symbol: str, province: str | None = None, issuer: str | None = None,
                   catalog: Catalog | None = None) -> ResolvedDocument:
    """Resolve a bare symbol typed by a user ("57-NQ/TW", "92/KH-UBND" with a province)."""
    return resolve(DocumentRef(number=symbol, issuer=issuer, province=province), province,
                   catalog=catalog)


def document_iri_for(ref: DocumentRef, plan_province: str | None = None,
                     plan_locality: str | None = None) -> str:
    """IRI for a cited document; local documents are scoped by their province and commune."""
    return resolve(ref, plan_province, plan_locality).iri


def normalized_ref(ref: DocumentRef, plan_province: str | None = None,
                   plan_locality: str | None = None) -> DocumentRef:
    """A copy of ``ref`` with the resolved symbol, level and province filled in."""
    res = resolve(ref, plan_province, plan_locality)
    return replace(ref, number=res.symbol or ref.number, level=res.level or ref.level,
                   province=ref.province or res.province)
