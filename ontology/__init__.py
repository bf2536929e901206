"""The ontology package: Turtle resources (ontology, shapes, SKOS schemes, catalog) and IRIs.

Resources are read through :mod:`importlib.resources` so they work from an installed wheel as
well as from the source tree.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph

ONTOLOGY_FILE = "plankg.ttl"
SHAPES_FILE = "shapes.ttl"

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "resource_path", "load_resource_graph",
           "load_ontology_graph", "load_shapes_graph"]


def resource_path(name: str) -> Traversable:
    """A packaged resource of ``ontology`` (``plankg.ttl``, ``shapes.ttl``, ...)."""
    return resources.files(__name__).joinpath(name)


def load_resource_graph(name: str, fmt: str = "turtle") -> Graph:
    """Parse one packaged RDF resource into a fresh rdflib Graph."""
    graph = Graph()
    graph.parse(data=resource_path(name).read_text(encoding="utf-8"), format=fmt)
    return graph


def load_ontology_graph() -> Graph:
    """The plankg OWL ontology (classes, properties, labels, comments)."""
    return load_resource_graph(ONTOLOGY_FILE)


def load_shapes_graph() -> Graph:
    """The SHACL shapes used to validate what is written to the store."""
    return load_resource_graph(SHAPES_FILE)
