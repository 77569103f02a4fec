"""SHACL validation of extracted graphs against the shipped shapes and ontology."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"


@lru_cache(maxsize=1)
def shapes() -> tuple[rdflib.Graph, rdflib.Graph]:
    return (rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl"), rdflib.Graph().parse(ONTOLOGY_DIR / "telegraph.ttl"))


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    shape_graph, ontology = shapes()
    conforms, _, text = pyshacl.validate(data, shacl_graph=shape_graph, ont_graph=ontology, inference="rdfs",
                                         allow_warnings=True)
    return bool(conforms), text


def validate_file(path: str) -> tuple[bool, str]:
    """Each article's named graph validated on its own: the graph is the unit of extraction,
    and an entity shared by articles may carry a different spelling in each."""
    ds = rdflib.Dataset()
    fmt = rdflib.util.guess_format(path) or ("nquads" if path.endswith(".nq") else None)
    ds.parse(path, format=fmt)
    reports, ok = [], True
    for graph in ds.graphs():
        if len(graph) == 0:
            continue
        conforms, text = validate_graph(graph)
        if not conforms:
            ok = False
            reports.append(f"graph {graph.identifier}:\n{text}")
    return ok, "\n".join(reports) or "Conforms: True"
