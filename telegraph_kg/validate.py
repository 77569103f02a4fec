"""SHACL validation of a store (or graph files loaded into one), one named graph at a time.

Each article's graph is complete on its own; across articles one entity IRI may carry the name
each article gives it, so validating the union would report those as false violations. The
check of one graph is validate_shapes.validate_graph (shipped shapes, ontology, RDFS)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from telegraph_kg.validate_shapes import validate_graph


@dataclass
class Report:
    graphs: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (graph name, pySHACL report text)

    @property
    def conforms(self) -> bool:
        return not self.failures

    def text(self) -> str:
        parts = [f"graph {name}:\n{report.strip()}" for name, report in self.failures]
        verdict = "all conform" if self.conforms else f"{len(self.failures)} do not conform to the shapes"
        return "\n\n".join(parts + [f"{self.graphs} graphs checked: {verdict}"])


def validate_store(store: ox.Store) -> Report:
    report = Report()
    for name in [ox.DefaultGraph()] + sorted(store.named_graphs(), key=str):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if not data:
            continue
        report.graphs += 1
        conforms, text = validate_graph(Graph().parse(data=data, format="nt"))
        if not conforms:
            report.failures.append(("(default graph)" if isinstance(name, ox.DefaultGraph) else name.value, text))
    return report
