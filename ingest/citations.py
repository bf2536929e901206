"""Pipeline stage ``citations``: legal bases, every cited document, and the links they state.

The work is split by job:
- ``citation_text``: the document as one string with an offset-preserving fold and line map;
- ``citation_issuers``: "của <issuer>" -> a canonical issuer (completed from the plan's place);
- ``citation_mentions``: numbered mentions (type, symbol, date, issuer) grouped by document;
- ``citation_preamble``: the preamble walk -> legal bases and derived links;
- ``citation_shortforms``: "Nghị quyết 57" resolved to a symbol cited in full;
- ``citation_unnumbered``: documents cited without a number.
This module puts them together into the record's ``legal_bases``, ``cited_documents`` and
``derived_links``, after dropping the plan's own number.
"""

from __future__ import annotations

import re

from ingest.citation_issuers import PlanContext, code_issuer, is_central_issuer
from ingest.citation_mentions import CitedDoc, Mention, date_of, find_mentions, group_mentions
from ingest.citation_preamble import walk_preamble
from ingest.citation_shortforms import find_short_forms
from ingest.citation_text import JoinedText, mention_text, restore_text
from ingest.citation_unnumbered import unnumbered_bases, unnumbered_refs
from ingest.document import SourceText
from ingest.normalize import fold
from ingest.records import DerivedLink, DocumentRef, PlanRecord, Provenance
from ingest.symbols import parse_symbol

_ANNEXED = re.compile(r"k\w{0,2}m theo\s+$")


def _build_ref(t: JoinedText, d: CitedDoc, shown: Mention, end: int, date: str | None,
               ctx: PlanContext, record: PlanRecord, source: SourceText) -> DocumentRef:
    """One DocumentRef from all mentions of a document, worded from ``shown`` up to ``end``."""
    sym = d.symbol
    with_type = next((m for m in d.mentions if m.doc_type), shown)
    # "của <issuer>" after the number first; a subject that enacted it ("UBND phường đã ban hành")
    with_issuer = next((m for m in d.mentions if m.issuer and m.issuer_start is not None),
                       next((m for m in d.mentions if m.issuer), None))
    issuer = with_issuer.issuer if with_issuer else code_issuer(sym, ctx)
    central = sym.is_central or is_central_issuer(issuer)
    province = None if central else (
        (with_issuer.issuer_province if with_issuer else None) or ctx.province)
    town_party = (record.header.issuer or "").startswith(("Thị ủy", "Ban Thường vụ Thị ủy"))
    provincial = bool(issuer and ("tỉnh" in issuer or "Tỉnh ủy" in issuer)) or (
        issuer is None and sym.issuer == "TU" and not town_party)
    level = "central" if central else ("provincial" if provincial else "local")
    doc_type = shown.doc_type or with_type.doc_type or sym.type_name
    raw = mention_text(t, shown.type_start, end)
    mention = raw
    if source.lost_diacritics:
        # Rebuild the known parts (type, symbol, issuer) from vocabulary, restore the rest.
        head = f"{doc_type} số {sym.format()}" if doc_type else sym.format()
        if shown.issuer and shown.issuer_start is not None:
            middle = restore_text(mention_text(t, shown.end, shown.of_start or shown.end), True)
            rest = restore_text(mention_text(t, shown.tail_end, end), True)
            mention = " ".join(x for x in (head, middle, "của", shown.issuer, rest) if x)
        else:
            rest = restore_text(mention_text(t, shown.end, end), True)
            mention = " ".join(x for x in (head, rest) if x)
        mention = re.sub(r"\s+([,;.])", r"\1", mention)
    line_a, line_b = t.line_of(shown.type_start), t.line_of(max(shown.type_start, end - 1))
    conf = 0.9 if (with_issuer and date) else 0.7
    return DocumentRef(
        number=sym.format(), doc_type=doc_type, issuer=issuer, date=date, province=province,
        mention=mention, mention_raw=raw, level=level,
        provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                              method="rule", confidence=conf,
                              page=source.lines[line_a - 1].page))


def _is_own(m: Mention, t: JoinedText, source: SourceText, record: PlanRecord) -> bool:
    """The plan's own number (header, appendix "ban hành kèm theo") is not a citation."""
    from ingest.header import find_doc_type_line

    dt = find_doc_type_line(source)
    if dt and t.line_of(m.start) <= source.lines[dt[0]].number:
        return True
    if _ANNEXED.search(t.folded[max(0, m.type_start - 40):m.type_start]):
        return True  # "(Ban hành) kèm theo Kế hoạch số ...": the plan itself, as appendices cite it
    own = parse_symbol(record.header.number) if record.header.number else None
    h = record.header
    if m.date and m.date == h.date and m.issuer and m.issuer == h.issuer:
        return True
    return own is not None and own.key == m.symbol.key


def extract_citations(source: SourceText, record: PlanRecord) -> None:
    """Fill ``legal_bases``, ``cited_documents`` and ``derived_links`` of ``record``."""
    t = JoinedText(source)
    ctx = PlanContext(record)
    mentions = [m for m in find_mentions(t, ctx) if not _is_own(m, t, source, record)]
    docs, order = group_mentions(mentions, ctx)
    for k, m in find_short_forms(t, ctx, mentions, docs):
        if not _is_own(m, t, source, record):
            docs[k].mentions.append(m)  # after the full mentions, which word the reference
            mentions.append(m)
    mentions.sort(key=lambda m: m.start)
    key_of = {id(m): k for k, d in docs.items() for m in d.mentions}
    dates = {k: date_of(d, record.header.date) for k, d in docs.items()}

    walk = walk_preamble(t, source, record, mentions, key_of, dates)
    bases, base_span, base_mention, links = walk.bases, walk.span, walk.opening, walk.links

    def ref(k: str, as_basis: bool) -> DocumentRef:
        d = docs[k]
        opening = base_mention.get(k) if as_basis else None
        with_type = next((m for m in d.mentions if m.doc_type and not m.short), d.mentions[0])
        shown = opening or with_type
        end = base_span[k][1] if opening else shown.tail_end
        return _build_ref(t, d, shown, end, dates[k], ctx, record, source)

    plain = unnumbered_bases(t, source, record, ctx, mentions)
    for k, (s_, e_) in list(base_span.items()):  # a basis's wording stops at the next one
        base_span[k] = (s_, min([e_, *(p for p, _ in plain if s_ < p < e_)]))
    numbered = [ref(k, True) for k in bases]
    basis_refs = {k: r for k, r in zip(bases, numbered, strict=True)}
    ordered = [(base_span[k][0], r) for k, r in basis_refs.items()] + plain
    record.legal_bases = [r for _, r in sorted(ordered, key=lambda x: x[0])]
    record.cited_documents = [basis_refs.get(k) or ref(k, False) for k in order]
    others = unnumbered_refs(t, ctx, mentions, source)
    plain_keys = [fold(r.mention_raw) for _, r in plain]
    record.cited_documents += [r for _, r in plain] + [
        r for r in others if not any(fold(r.mention_raw) in k for k in plain_keys)]
    seen: set[tuple[str, str, str]] = set()
    for src, rel, dst, pos in links:
        key = (src, rel, dst)
        if src == dst or key in seen:
            continue
        seen.add(key)
        line = t.line_of(pos)
        record.derived_links.append(DerivedLink(
            source=docs[src].symbol.format(), relation=rel, target=docs[dst].symbol.format(),
            provenance=Provenance(doc=source.name, line_start=line, line_end=line,
                                  method="rule", confidence=0.8,
                                  page=source.lines[line - 1].page)))
