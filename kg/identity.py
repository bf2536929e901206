"""One identity per legal document: the IRI a DocumentRef resolves to.

The builder, lineage and the catalog all mint document IRIs through :func:`document_iri_for`,
so the same document cited by different plans (in different words, with OCR damage or a
misprinted year) becomes one node.
"""

from __future__ import annotations

from ingest.records import DocumentRef
from ontology.iris import document_iri, is_central_symbol


def document_iri_for(ref: DocumentRef, plan_province: str | None = None) -> str:
    """IRI for a cited document; local documents are scoped by their province (or issuer)."""
    year = ref.date[:4] if ref.date else None
    if ref.number and is_central_symbol(ref.number):
        return document_iri(ref.number, year=year)
    return document_iri(ref.number, issuer=ref.issuer, year=year,
                        province=ref.province or plan_province, title=ref.mention)
