"""SHACL validation with the shipped shapes, one named graph at a time.

Each article's graph is complete on its own; across articles one entity IRI may carry the name
each article gives it, so validating the union would report those as false violations."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph

SHAPES = Path(__file__).resolve().parent / "ontology" / "shapes.ttl"


@dataclass
class Report:
    graphs: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (graph name, pySHACL report text)

    @property
    def conforms(self) -> bool:
        return not self.failures

    def text(self) -> str:
        parts = [f"graph {name}:\n{report.strip()}" for name, report in self.failures]
        verdict = ("all conform" if self.conforms
                   else f"{len(self.failures)} do not conform to {SHAPES.name}")
        return "\n\n".join(parts + [f"{self.graphs} graphs checked: {verdict}"])


def validate_store(store: ox.Store, shapes: Path = SHAPES) -> Report:
    shacl = Graph().parse(shapes)
    report = Report()
    names = [ox.DefaultGraph()] + sorted(store.named_graphs(), key=str)
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if not data and isinstance(name, ox.DefaultGraph):
            continue
        report.graphs += 1
        conforms, _, text = pyshacl.validate(Graph().parse(data=data, format="nt"), shacl_graph=shacl,
                                             inference="none")
        if not conforms:
            report.failures.append((str(name) if not isinstance(name, ox.DefaultGraph) else "(default graph)", text))
    return report
