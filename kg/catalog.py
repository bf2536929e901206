"""The catalog of upstream legal documents: curated facts plus what the plans say about them.

The curated part ships as ``ontology/catalog.json`` (facts from the seeds, the gold annotations
and public legal sites, each with its sources). :func:`refresh_catalog` writes it into
``CATALOG_GRAPH`` together with every document the ingested plans cite that the curated part
lacks (title, issuer and date as the citing text gives them), and flags facts the sources
disagree on (two dates for one document) as ``pk:Conflict`` nodes that keep every reading with
its source: nothing is silently overwritten.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ingest.normalize import fold

#: Curated entries are marked with this ``pk:catalogSource``; entries added from citations get
#: ``OBSERVED``.
CURATED = "curated"
OBSERVED = "observed"


@dataclass(frozen=True)
class CatalogEntry:
    """One upstream document as the curated catalog knows it."""

    symbol: str
    doc_type: str | None = None
    issuer: str | None = None
    level: str | None = None  # central | provincial | local
    province: str | None = None
    date: str | None = None  # ISO
    title: str | None = None
    implements: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()
    printed_variants: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def number(self) -> str:
        """The leading number of the symbol: "57" for "57-NQ/TW"."""
        m = re.match(r"\d+", self.symbol)
        return m.group(0) if m else ""


@dataclass
class Catalog:
    """Curated entries with the lookups identity resolution needs (all keys folded)."""

    entries: list[CatalogEntry]
    _by_symbol: dict[str, list[CatalogEntry]] = field(default_factory=dict, repr=False)
    _by_variant: dict[str, list[CatalogEntry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_symbol: dict[str, list[CatalogEntry]] = defaultdict(list)
        by_variant: dict[str, list[CatalogEntry]] = defaultdict(list)
        for entry in self.entries:
            by_symbol[symbol_key(entry.symbol)].append(entry)
            for variant in entry.printed_variants:
                by_variant[symbol_key(variant)].append(entry)
        self._by_symbol = dict(by_symbol)
        self._by_variant = dict(by_variant)

    def find(self, symbol: str, province: str | None = None) -> CatalogEntry | None:
        """The entry for a canonical symbol; provincial/local ones must match the province."""
        return _pick(self._by_symbol.get(symbol_key(symbol), []), province)

    def find_variant(self, printed: str, province: str | None = None) -> list[CatalogEntry]:
        """Entries that list ``printed`` among the forms met in plans (OCR or misprints)."""
        cands = self._by_variant.get(symbol_key(printed), [])
        return [e for e in cands if _province_ok(e, province)]

    def by_number(self, number: str, province: str | None = None) -> list[CatalogEntry]:
        """Entries whose symbol starts with this number (for short forms: "Nghị quyết 57")."""
        return [e for e in self.entries if e.number == number and _province_ok(e, province)]


def symbol_key(symbol: str) -> str:
    """Comparison key of a symbol: folded, separators and spaces dropped ("57nqtw")."""
    return re.sub(r"\s+", "", fold(symbol))


def _province_ok(entry: CatalogEntry, province: str | None) -> bool:
    if entry.level == "central" or not entry.province or not province:
        return True
    return fold(entry.province) == fold(province)


def _pick(cands: list[CatalogEntry], province: str | None) -> CatalogEntry | None:
    fitting = [e for e in cands if _province_ok(e, province)]
    if not fitting:
        return None
    # A province-scoped entry beats one whose province is unknown.
    fitting.sort(key=lambda e: (e.province is None, e.level is None))
    return fitting[0]


def _tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(value) if isinstance(value, list) else (str(value),)


def entry_from_json(item: dict[str, Any]) -> CatalogEntry:
    return CatalogEntry(
        symbol=item["symbol"],
        doc_type=item.get("doc_type"),
        issuer=item.get("issuer"),
        level=item.get("level"),
        province=item.get("province"),
        date=item.get("date"),
        title=item.get("title"),
        implements=_tuple(item.get("implements")),
        amends=_tuple(item.get("amends")),
        based_on=_tuple(item.get("based_on")),
        printed_variants=_tuple(item.get("printed_variants")),
        conflicts=_tuple(item.get("conflicts")),
        sources=_tuple(item.get("sources")),
        notes=_tuple(item.get("notes")),
    )


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The curated catalog shipped in ``ontology/catalog.json`` (read once per process)."""
    text = resources.files("ontology").joinpath("catalog.json").read_text(encoding="utf-8")
    return Catalog([entry_from_json(d) for d in json.loads(text)["documents"]])
