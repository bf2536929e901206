"""The Store seam: where plan graphs live, with one real implementation per backend.

- :class:`OxigraphStore` embeds Oxigraph: on disk (``open``), read-only (``read_only``) or in
  memory (``in_memory``). Oxigraph lets one process at a time open a directory for writing, so
  no process holds the writer: each write opens the store, applies ONE atomic update, bumps a
  ``generation`` file beside the store and closes it. Readers keep a read-only snapshot and
  reopen it when the generation changes, so the app sees a plan the CLI ingested meanwhile.
- :class:`SparqlEndpointStore` speaks the SPARQL 1.1 protocol to any server (Oxigraph server,
  Fuseki, GraphDB) for deployments too big for one machine's embedded store.

User text never enters SPARQL source: values go in through ``bindings`` (Oxigraph query
substitutions; ``VALUES`` on endpoints) or rdflib's N-Triples serialisation of terms.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Node

from ingest.errors import PlanKGError
from kg.builder import PlanGraph
from ontology.iris import (
    DCTERMS,
    ELI,
    ORG,
    OWL,
    PK,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
    plan_graph_iri,
)

__all__ = [
    "PREFIXES", "Row", "Triple", "Store", "OxigraphStore", "SparqlEndpointStore",
    "QueryRefused", "StoreBusy", "StoreWriteFailed", "StoreUnavailable", "StoreReadOnly",
    "check_read_only", "bind_values", "generation_path", "InvalidQuery",
]

Row = dict[str, Node]
Triple = tuple[Node, Node, Node]
BindingValue = Identifier | str | int | float | bool

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "pk": str(PK), "eli": str(ELI), "org": str(ORG), "prov": str(PROV), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "time": str(TIME), "xsd": str(XSD), "rdf": str(RDF),
    "rdfs": str(RDFS), "owl": str(OWL),
}
EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld")


class QueryRefused(PlanKGError):
    """A query that would change data or call out (updates, SERVICE) was refused."""

    code = "PK201"


class StoreBusy(PlanKGError):
    """Another process held the store's writer lock for longer than the timeout."""

    code = "PK202"


class StoreWriteFailed(PlanKGError):
    """The store rejected an update; nothing was changed."""

    code = "PK203"


class StoreUnavailable(PlanKGError):
    """The store (directory or endpoint) cannot be opened or reached."""

    code = "PK204"


class StoreReadOnly(PlanKGError):
    """A write was attempted on a store opened read-only."""

    code = "PK205"


class InvalidQuery(PlanKGError):
    """The SPARQL text does not parse."""

    code = "PK206"


# ---------------------------------------------------------------------------------------
# Read-only check and term conversion
# ---------------------------------------------------------------------------------------

def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value)


@lru_cache(maxsize=512)
def check_read_only(sparql: str) -> str:
    """Refuse anything but SELECT/ASK/CONSTRUCT/DESCRIBE without SERVICE; return the form."""
    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as exc:  # pyparsing raises several types; all mean "not a query"
        try:
            parseUpdate(sparql)
        except Exception:
            raise InvalidQuery(f"Truy vấn SPARQL sai cú pháp (query does not parse): {exc}") from exc
        raise QueryRefused("Chỉ cho phép truy vấn đọc; lệnh cập nhật bị từ chối (updates are refused).") from exc
    for node in _walk(prepared.algebra):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE (truy vấn tới máy chủ khác) bị từ chối (federated queries are refused).")
    return prepared.algebra.name


_XSD_STRING = str(XSD.string)


def _from_ox(term: Any) -> Node:
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


def _n3(term: BindingValue) -> str:
    """Safe SPARQL/N-Triples text of a term (rdflib escapes quotes, newlines, IRIs)."""
    if isinstance(term, Identifier):
        return term.n3()
    return Literal(term).n3()


_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CONSTRUCT_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, BindingValue], form: str) -> str:
    """Bind parameters with a ``VALUES`` row opening the query's WHERE group.

    Terms are written by rdflib (escaped literals, validated IRIs), never pasted as text. The
    prologue and SELECT clause hold no ``{``, so the first one opens the WHERE group (for
    CONSTRUCT, the one after ``WHERE``). Sub-selects do not see the bound values.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    bad = [n for n in names if not _VAR_NAME.fullmatch(n)]
    if bad:
        raise InvalidQuery(f"Invalid binding variable names: {bad}")
    values = (f"VALUES ({' '.join('?' + n for n in names)}) "
              f"{{ ({' '.join(_n3(bindings[n]) for n in names)}) }}")
    if form == "ConstructQuery":
        match = _CONSTRUCT_WHERE.search(sparql)
        brace = match.end() - 1 if match else -1
    else:
        brace = sparql.find("{")
    if brace < 0:
        raise InvalidQuery("Cannot bind parameters: the query has no WHERE group.")
    return sparql[: brace + 1] + " " + values + " " + sparql[brace + 1:]


def _ntriples(triples: Iterable[Triple]) -> str:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    try:
        return graph.serialize(format="nt")
    except Exception as exc:  # rdflib raises a bare Exception for IRIs it cannot write
        raise StoreWriteFailed(f"Không ghi được bộ ba; dữ liệu không đổi (a triple cannot be written; nothing changed): {exc}") from exc


def _replace_graph_update(graph_iri: str, triples: Iterable[Triple]) -> str:
    g = URIRef(graph_iri).n3()
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{_ntriples(triples)}}} }}"


def _modify_graph_update(graph_iri: str, delete: Iterable[Triple],
                         insert: Iterable[Triple]) -> str:
    g = URIRef(graph_iri).n3()
    return (f"DELETE DATA {{ GRAPH {g} {{\n{_ntriples(delete)}}} }} ;\n"
            f"INSERT DATA {{ GRAPH {g} {{\n{_ntriples(insert)}}} }}")


# ---------------------------------------------------------------------------------------
# The seam
# ---------------------------------------------------------------------------------------

class Store(ABC):
    """Where plan graphs live. Writes are atomic per call; reads go through :meth:`query`."""

    # -- writes: each one atomic --------------------------------------------------------
    def replace_plan(self, plan_graph: PlanGraph) -> None:
        """Swap a plan's named graph for a new one in ONE update (never half old, half new)."""
        self._update(_replace_graph_update(plan_graph.graph_iri, plan_graph.graph))

    def remove_plan(self, plan_iri: str) -> None:
        """Delete a plan's named graph; catalog and curation graphs are untouched."""
        self._update(f"DROP SILENT GRAPH {URIRef(plan_graph_iri(plan_iri)).n3()}")

    def load_graph(self, graph_iri: str, triples: Iterable[Triple]) -> None:
        """Replace one named graph (catalog, curation...) with the given triples."""
        self._update(_replace_graph_update(graph_iri, triples))

    def modify_graph(self, graph_iri: str, delete: Iterable[Triple] = (),
                     insert: Iterable[Triple] = ()) -> None:
        """Delete then insert triples in one named graph, in one atomic update."""
        self._update(_modify_graph_update(graph_iri, delete, insert))

    @abstractmethod
    def _update(self, sparql_update: str) -> None:
        """Apply one SPARQL update atomically."""

    # -- reads --------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, BindingValue] | None = None
              ) -> list[Row] | bool | Graph:
        """Run a read-only query: rows for SELECT, bool for ASK, a Graph for CONSTRUCT."""
        form = check_read_only(sparql)
        return self._query(sparql, dict(bindings or {}), form)

    def select(self, sparql: str, bindings: Mapping[str, BindingValue] | None = None
               ) -> list[Row]:
        """A SELECT query's rows (variable name -> rdflib term; unbound variables absent)."""
        result = self.query(sparql, bindings)
        if not isinstance(result, list):
            raise InvalidQuery("select() needs a SELECT query.")
        return result

    def ask(self, sparql: str, bindings: Mapping[str, BindingValue] | None = None) -> bool:
        result = self.query(sparql, bindings)
        if not isinstance(result, bool):
            raise InvalidQuery("ask() needs an ASK query.")
        return result

    @abstractmethod
    def _query(self, sparql: str, bindings: dict[str, BindingValue], form: str
               ) -> list[Row] | bool | Graph:
        """Run an already-checked query."""

    def quad_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].toPython()) if rows else 0

    def named_graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
        return [str(r["g"]) for r in rows]

    def dataset(self) -> Dataset:
        """All named graphs as an rdflib Dataset (for tests and small exports)."""
        ds = Dataset()
        for r in self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))
        return ds

    def export(self, fmt: str) -> str:
        """Everything, as turtle (union of graphs), trig, nquads or jsonld."""
        copy = OxigraphStore.in_memory()
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for graph_iri in {str(r["g"]) for r in rows}:
            copy.modify_graph(graph_iri, insert=[(r["s"], r["p"], r["o"]) for r in rows
                                                 if str(r["g"]) == graph_iri])
        return copy.export(fmt)

    def generation(self) -> str:
        """Changes after every write this store can see ("" when it cannot tell)."""
        return ""

    def close(self) -> None:  # noqa: B027 - most backends hold nothing open
        """Release what the store holds open (nothing for most backends)."""


# ---------------------------------------------------------------------------------------
# Embedded Oxigraph
# ---------------------------------------------------------------------------------------

def generation_path(path: str | Path) -> Path:
    """The file beside an on-disk store whose content changes after every successful write."""
    p = Path(path)
    return p.with_name(p.name + ".generation")


def _is_lock_error(exc: OSError) -> bool:
    text = str(exc).lower()
    return "lock" in text or "resource temporarily unavailable" in text


class OxigraphStore(Store):
    """Embedded Oxigraph, in memory or on disk (writer opened per write, readers snapshot)."""

    def __init__(self, path: Path | None, *, writable: bool = True,
                 lock_timeout: float = 30.0) -> None:
        self.path = path
        self.writable = writable
        self.lock_timeout = lock_timeout
        self._memory: ox.Store | None = ox.Store() if path is None else None
        self._reader: ox.Store | None = None
        self._reader_generation: str | None = None
        self._reader_lock = threading.Lock()  # app sessions run in threads

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(None)

    @classmethod
    def open(cls, path: str | Path, lock_timeout: float = 30.0) -> OxigraphStore:
        """An on-disk store (created if missing) that reads and writes."""
        store = cls(Path(path), lock_timeout=lock_timeout)
        if not store.path.exists():  # type: ignore[union-attr]
            store.path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            store._update("DROP SILENT GRAPH <urn:plankg:init>")
        return store

    @classmethod
    def read_only(cls, path: str | Path) -> OxigraphStore:
        """An on-disk store for reading only (the app); it follows other processes' writes."""
        if not Path(path).exists():
            raise StoreUnavailable(f"Chưa có kho dữ liệu tại {path}: hãy nạp văn bản trước bằng `plankg ingest` (no store yet; ingest a plan first).")
        return cls(Path(path), writable=False)

    # -- writing --------------------------------------------------------------------------
    @contextmanager
    def _writer(self) -> Iterator[ox.Store]:
        """Open the on-disk writer, waiting with backoff while another process holds it."""
        assert self.path is not None
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                store = ox.Store(str(self.path))
                break
            except OSError as exc:
                if not _is_lock_error(exc):
                    raise StoreUnavailable(f"Không mở được kho dữ liệu tại {self.path} (cannot open the store): {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"The store at {self.path} stayed locked by another process for "
                        f"{self.lock_timeout:.0f} s; try again when that ingest finishes."
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        try:
            yield store
            self._bump_generation()
        finally:
            del store  # the last reference: Oxigraph releases the lock here

    def _bump_generation(self) -> None:
        """Write "<count>-<random>": a count for people, a nonce so a recreated store never
        repeats a generation a reader has seen. Replaced atomically (readers never see half)."""
        assert self.path is not None
        gen = generation_path(self.path)
        try:
            current = int(gen.read_text().strip().split("-", 1)[0] or "0")
        except (FileNotFoundError, ValueError):
            current = 0
        tmp = gen.with_name(gen.name + f".{os.getpid()}.tmp")
        tmp.write_text(f"{current + 1}-{os.urandom(4).hex()}")
        os.replace(tmp, gen)

    def _update(self, sparql_update: str) -> None:
        if not self.writable:
            raise StoreReadOnly("Kho dữ liệu đang mở chỉ đọc (store opened read-only); hãy ghi qua `plankg`.")
        if self._memory is not None:
            self._apply(self._memory, sparql_update)
            return
        with self._writer() as store:
            self._apply(store, sparql_update)

    @staticmethod
    def _apply(store: ox.Store, sparql_update: str) -> None:
        try:
            store.update(sparql_update)
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreWriteFailed(f"Kho dữ liệu từ chối cập nhật; dữ liệu không đổi (update rejected; nothing changed): {exc}") \
                from exc

    # -- reading --------------------------------------------------------------------------
    def generation(self) -> str:
        """The store's current write generation ("" before the first write)."""
        if self.path is None:
            return ""
        try:
            return generation_path(self.path).read_text().strip()
        except FileNotFoundError:
            return ""

    def _read_store(self, refresh: bool = False) -> ox.Store:
        if self._memory is not None:
            return self._memory
        assert self.path is not None
        gen = self.generation()
        with self._reader_lock:
            if refresh or self._reader is None or gen != self._reader_generation:
                self._reader = None
                try:
                    self._reader = ox.Store.read_only(str(self.path))
                except OSError as exc:
                    raise StoreUnavailable(f"Không đọc được kho dữ liệu tại {self.path} (cannot read the store): {exc}") \
                        from exc
                self._reader_generation = gen
            return self._reader

    def _query(self, sparql: str, bindings: dict[str, BindingValue], form: str
               ) -> list[Row] | bool | Graph:
        text = bind_values(sparql, bindings, form)
        try:
            return self._run(self._read_store(), text)
        except OSError:  # a snapshot whose files a writer compacted away: reopen once
            return self._run(self._read_store(refresh=True), text)

    @staticmethod
    def _run(store: ox.Store, sparql: str) -> list[Row] | bool | Graph:
        try:
            result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InvalidQuery(f"Truy vấn SPARQL sai cú pháp (query does not parse): {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row: Row = {}
                for name in names:
                    term = solution[name]
                    if term is not None:
                        row[name] = _from_ox(term)
                rows.append(row)
            return rows
        graph = Graph()
        for triple in result:
            graph.add((_from_ox(triple.subject), _from_ox(triple.predicate),
                       _from_ox(triple.object)))
        return graph

    def quad_count(self) -> int:
        return len(self._read_store())

    def export(self, fmt: str) -> str:
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {EXPORT_FORMATS}")
        if fmt == "turtle":  # Turtle has no graphs: the union of all of them
            union = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert isinstance(union, Graph)
            for prefix, ns in PREFIXES.items():
                union.bind(prefix, ns)
            return union.serialize(format="turtle")
        native = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                  "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        prefixes = PREFIXES if fmt == "trig" else None
        return self._read_store().dump(format=native, prefixes=prefixes).decode("utf-8")

    def close(self) -> None:
        with self._reader_lock:
            self._reader = None


# ---------------------------------------------------------------------------------------
# Any SPARQL 1.1 server
# ---------------------------------------------------------------------------------------

class SparqlEndpointStore(Store):
    """A remote SPARQL 1.1 server (query + update endpoints), standard library HTTP only."""

    def __init__(self, query_url: str, update_url: str | None = None,
                 timeout: float = 60.0) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout

    def _post(self, url: str, body: str, content_type: str, accept: str) -> bytes:
        request = urllib.request.Request(
            url, data=body.encode("utf-8"), method="POST",
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            if url == self.update_url:
                raise StoreWriteFailed(f"The endpoint rejected the update ({exc.code}): "
                                       f"{detail}") from exc
            raise InvalidQuery(f"The endpoint rejected the query ({exc.code}): {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreUnavailable(f"Không kết nối được máy chủ SPARQL {url} (cannot reach the endpoint): {exc}") from exc

    def _update(self, sparql_update: str) -> None:
        if not self.update_url:
            raise StoreReadOnly("Máy chủ SPARQL không có địa chỉ cập nhật: chỉ đọc (no update URL; read-only).")
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        self._post(self.update_url, prologue + sparql_update, "application/sparql-update",
                   "*/*")

    def _query(self, sparql: str, bindings: dict[str, BindingValue], form: str
               ) -> list[Row] | bool | Graph:
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        text = prologue + bind_values(sparql, bindings, form)
        if form in ("ConstructQuery", "DescribeQuery"):
            data = self._post(self.query_url, text, "application/sparql-query",
                              "application/n-triples")
            return Graph().parse(data=data.decode("utf-8"), format="nt")
        data = self._post(self.query_url, text, "application/sparql-query",
                          "application/sparql-results+json")
        payload = json.loads(data)
        if "boolean" in payload:
            return bool(payload["boolean"])
        return [{k: _from_json(v) for k, v in b.items()} for b in payload["results"]["bindings"]]


def _from_json(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])
