"""Identity resolution: one IRI per document across wordings, OCR damage and wrong years."""

from __future__ import annotations

import json

import pytest
from paths import SHARED

from ingest.records import DocumentRef
from kg.catalog import entry_iri, load_catalog
from kg.identity import (
    canonical_symbol,
    document_iri_for,
    document_level,
    issuer_code,
    issuer_locality,
    resolve,
    resolve_symbol,
)

GOLD = SHARED / "gold"
NQ57 = resolve_symbol("57-NQ/TW").iri


@pytest.mark.parametrize("ref", [
    DocumentRef("57-NQ/TW", issuer="Bộ Chính trị", date="2024-12-22"),
    DocumentRef("57- NQ/TW", date="2024-12-22"),
    DocumentRef("5 7-NQ/TW"),
    DocumentRef("57-NQ-TW", issuer="Bo Chinh tri"),
    DocumentRef("Nghj quyét s0 57-NQ/TW"),
    DocumentRef("sb 57- NQ/TW", date="2025-12-22"),  # misprinted year (seed 002)
    DocumentRef(None, doc_type="Nghị quyết", mention="Nghị quyết 57 của Bộ Chính trị"),
    DocumentRef("57", mention="Nghị quyết số 57"),
])
def test_identity_nq57_variants_resolve_to_one_iri(ref: DocumentRef) -> None:
    assert document_iri_for(ref, "Đồng Nai") == NQ57


def test_identity_catalog_year_beats_printed_year() -> None:
    res = resolve(DocumentRef("57-NQ/TW", date="2025-12-22"))
    assert res.year == "2024"
    assert any("2025" in note for note in res.notes)


def test_identity_uncatalogued_central_symbol_keeps_printed_year() -> None:
    a = document_iri_for(DocumentRef("130-KL/TW", date="2025-03-14"))
    b = document_iri_for(DocumentRef("130-KL/TW", date="2019-03-14"))
    assert a != b


def test_identity_issuer_contradicting_symbol_maps_to_catalogued_document() -> None:
    misprinted = DocumentRef("71-NQ/TW", issuer="Chính phủ", date="2025-04-01")
    assert document_iri_for(misprinted) == resolve_symbol("71/NQ-CP").iri
    # The same printed symbol from the Politburo is another (real) document.
    politburo = DocumentRef("71-NQ/TW", issuer="Bộ Chính trị", date="2025-08-22")
    assert document_iri_for(politburo) != resolve_symbol("71/NQ-CP").iri


def test_identity_same_local_symbol_in_two_provinces_is_two_nodes() -> None:
    dn = DocumentRef("92/KH-UBND", issuer="UBND tỉnh Đồng Nai", date="2025-09-15")
    pt = DocumentRef("92/KH-UBND", issuer="UBND tỉnh Phú Thọ", date="2025-09-15")
    assert document_iri_for(dn, "Đồng Nai") != document_iri_for(pt, "Phú Thọ")


def test_identity_same_provincial_document_in_other_words_is_one_node() -> None:
    a = DocumentRef("469-KH/TU", issuer="Ban Thường vụ Tỉnh ủy Đồng Nai", date="2025-05-16")
    b = DocumentRef("469/KH-TU", issuer="Tỉnh ủy")  # misprinted form, no date, short issuer
    c = DocumentRef("469-KH/TU", issuer="Tinh uy Dong Nai", date="2025-05-16")
    assert len({document_iri_for(r, "Đồng Nai") for r in (a, b, c)}) == 1


def test_identity_commune_documents_are_scoped_by_commune() -> None:
    pb = DocumentRef("55/KH-UBND", issuer="UBND phường Phước Bình", date="2025-09-29")
    nb = DocumentRef("55/KH-UBND", issuer="UBND xã Nha Bích", date="2025-09-29")
    assert document_iri_for(pb, "Đồng Nai") != document_iri_for(nb, "Đồng Nai")
    # A citation naming no commune takes the citing plan's commune.
    short = DocumentRef("55/KH-UBND", issuer="UBND phường", date="2025-09-29")
    assert document_iri_for(short, "Đồng Nai", "phường Phước Bình") == \
        document_iri_for(pb, "Đồng Nai")
    # Lost diacritics do not change the identity.
    ocr = DocumentRef("55/KH-UBND", issuer="UBND phuong Phuoc Binh", date="2025-09-29")
    assert document_iri_for(ocr, "Đồng Nai") == document_iri_for(pb, "Đồng Nai")


def test_identity_printed_variant_applies_only_in_its_province() -> None:
    phu_tho = DocumentRef("02-KH/TU", issuer="Ban Thường vụ Tỉnh ủy", date="2025-07-22")
    assert resolve(phu_tho, "Phú Thọ").symbol == "02-CTr/TU"
    assert resolve(phu_tho, "Đồng Nai").symbol == "02-KH/TU"


def test_identity_leading_zero_is_the_same_document() -> None:
    assert document_iri_for(DocumentRef("2-KH/BCDTW")) == resolve_symbol("02-KH/BCĐTW").iri


def test_identity_every_catalog_variant_resolves_to_its_entry() -> None:
    for entry in load_catalog().entries:
        target = entry_iri(entry)
        assert resolve_symbol(entry.symbol, entry.province, entry.issuer).iri == target
        for variant in entry.printed_variants:
            ref = DocumentRef(variant, issuer=entry.issuer, province=entry.province)
            assert document_iri_for(ref, entry.province) == target, variant


def test_identity_gold_citations_resolve_like_their_canonical_symbols() -> None:
    for path in sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        province = data["plan"]["province"]
        for item in data["legal_bases"]:
            if not item["number"]:
                continue
            ref = DocumentRef(item["number"], issuer=item["issuer"], date=item["date"],
                              province=item["province"])
            res = resolve(ref, province, data["plan"]["locality"])
            assert res.symbol == canonical_symbol(item["number"])
            assert res.level in {"central", "provincial", "local"}, item["number"]


def test_identity_helpers() -> None:
    assert issuer_code("Chính phủ") == "CP"
    assert issuer_code("Ban Thường vụ Tỉnh ủy Đồng Nai") == "TU"
    assert issuer_locality("Ban Thường vụ Thị ủy Bỉm Sơn") == "thị xã Bỉm Sơn"
    assert issuer_locality("Đảng ủy xã") is None
    assert document_level("92/KH-UBND", "UBND tỉnh Đồng Nai") == "provincial"
    assert document_level("10-KH/ĐU", None) == "local"
    assert document_level("07-TB/CQTTBCĐ", None) == "central"
