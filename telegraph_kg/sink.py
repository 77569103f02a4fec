"""Write article graphs to a file or stdout through pyoxigraph's fast streaming serializers.

Output goes to a temporary file beside the target and is renamed into place only when the
run finished, so an interrupted or failed run never leaves a half-written file.
"""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from telegraph_kg.rdf import PREFIXES

FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
}
EXTENSIONS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld",
              ".json": "jsonld"}
QUAD_FORMATS = {"trig", "nquads", "jsonld"}


def format_for(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    ext = Path(path).suffix.lower()
    if path == "-" or ext not in EXTENSIONS:
        if path != "-":
            raise ValueError(f"cannot tell the RDF format of {path!r}: use an extension "
                             f"({', '.join(sorted(EXTENSIONS))}) or --format")
        return "nquads"
    return EXTENSIONS[ext]


def term(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"unexpected RDF term {t!r}")


def quads(graph) -> list:
    """A graph's statements as pyoxigraph quads, sorted for deterministic output. Takes an rdflib
    Graph or a (name, triples) pair from rdf.article_triples."""
    name, triples = (graph.identifier, graph) if isinstance(graph, Graph) else graph
    g = ox.NamedNode(str(name))
    out = [ox.Quad(term(s), term(p), term(o), g) for s, p, o in triples]
    out.sort(key=str)
    return out


@contextmanager
def atomic_output(path: str) -> Iterator:
    """A binary file handle whose content replaces `path` only on success ('-' is stdout)."""
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_quads(batches: Iterable[list], path: str, fmt: str) -> None:
    """Serialize a stream of per-article quad lists in one pass, as they arrive."""
    as_triples = fmt not in QUAD_FORMATS

    def stream():
        for batch in batches:
            for q in batch:
                yield ox.Triple(q.subject, q.predicate, q.object) if as_triples else q

    with atomic_output(path) as fh:
        ox.serialize(stream(), fh, FORMATS[fmt], prefixes=PREFIXES if fmt in ("trig", "turtle") else None)


def write_graphs(graphs: Iterable[Graph], path: str, fmt: str) -> None:
    write_quads((quads(g) for g in graphs), path, fmt)
