"""The single source of IRIs: namespaces and stable IRI minting.

Same input, same IRI, always: IRIs are built from folded, slugged identity keys, never from
counters or hashes of unordered data. Central documents (TW, CP, TTg, QH, BCĐTW) are keyed by
symbol alone (unique with their year, which central symbols either carry or we add); local ones
by symbol + issuer (every province has a "92/KH-UBND").
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ingest.normalize import fold, strip_marks

BASE = "https://w3id.org/plankg/"
PK = Namespace(BASE + "ontology#")  # classes and properties of the plankg ontology
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")

RES = BASE + "id/"  # instances
AGENCY_TYPE_SCHEME = RES + "agency-type"
CATALOG_GRAPH = RES + "graph/catalog"  # upstream legal documents (seeded facts)
CURATION_GRAPH = RES + "graph/curation"  # human corrections, never touched by ingest

CENTRAL_ISSUERS = {"tw", "cp", "ttg", "qh", "bcdtw", "qh15", "qh14", "btc", "bbt"}

__all__ = [
    "BASE", "PK", "ELI", "ORG", "TIME", "SH", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS",
    "XSD", "RES", "CATALOG_GRAPH", "CURATION_GRAPH", "AGENCY_TYPE_SCHEME", "slug",
    "is_central_symbol", "document_iri", "plan_iri", "plan_graph_iri", "locality_iri",
    "agency_iri", "agency_type_iri", "task_iri", "indicator_iri", "assignment_iri",
]


def slug(text: str) -> str:
    """Folded, dash-separated ASCII: "Phòng Văn hóa - Xã hội" -> "phong-van-hoa-xa-hoi"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _symbol_slug(symbol: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(symbol.replace("/", " ")).lower()).strip("-")


def is_central_symbol(symbol: str) -> bool:
    """Central symbols (…/TW, …/NQ-CP, …/QĐ-TTg, …/2025/QH15, …/BCĐTW) are unique nationally."""
    tail = re.split(r"[-/]", strip_marks(symbol).lower().replace(" ", ""))[-1]
    return tail in CENTRAL_ISSUERS or bool(re.fullmatch(r"qh\d+", tail))


def document_iri(symbol: str | None, issuer: str | None = None, year: int | str | None = None,
                 province: str | None = None, title: str | None = None) -> str:
    """A legal document's IRI.

    Central: ``doc/57-nq-tw-2024`` (year when known). Local: symbol + province or issuer
    (``doc/dong-nai/92-kh-ubnd-2025``). Unnumbered: from issuer + folded title.
    """
    y = f"-{year}" if year else ""
    if symbol:
        if is_central_symbol(symbol):
            return f"{RES}doc/{_symbol_slug(symbol)}{y}"
        scope = slug(province or issuer or "unknown")
        return f"{RES}doc/{scope}/{_symbol_slug(symbol)}{y}"
    words = " ".join(fold(title or "").split()[:12])
    return f"{RES}doc/unnumbered/{slug(issuer or 'unknown')}/{slug(words)}"


def locality_iri(locality: str, province: str | None = None) -> str:
    """``place/dong-nai/phuong-phuoc-binh``; a province alone: ``place/dong-nai``."""
    if province and fold(locality) != fold(province):
        return f"{RES}place/{slug(province)}/{slug(locality)}"
    return f"{RES}place/{slug(locality)}"


def plan_iri(doc_name: str, locality: str | None = None, province: str | None = None) -> str:
    """A plan's IRI from its locality and source document name (the re-ingestion identity)."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", doc_name)
    where = "/".join(slug(p) for p in (province, locality) if p) or "unknown"
    return f"{RES}plan/{where}/{slug(stem)}"


def plan_graph_iri(plan: str) -> str:
    """The named graph holding everything extracted from one plan."""
    return plan.replace(f"{RES}plan/", f"{RES}graph/plan/", 1)


def agency_iri(name: str, locality: str | None, province: str | None = None) -> str:
    """Agencies are local: the VHXH office of Phước Bình is not that of Nha Bích."""
    where = "/".join(slug(p) for p in (province, locality) if p) or "unknown"
    return f"{RES}agency/{where}/{slug(name)}"


def agency_type_iri(notation: str) -> str:
    return f"{AGENCY_TYPE_SCHEME}/{slug(notation)}"


def task_iri(plan: str, task_id: str) -> str:
    return f"{plan}/task/{slug(task_id)}"


def indicator_iri(plan: str, indicator_id: str) -> str:
    return f"{plan}/indicator/{slug(indicator_id)}"


def assignment_iri(plan: str, index: int) -> str:
    return f"{plan}/assignment/{index}"
