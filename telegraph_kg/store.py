"""The on-disk store (Oxigraph through pyoxigraph): article graphs in, each one replacing the
named graph of the same name, so that re-running an extraction never duplicates facts."""
from __future__ import annotations

import fcntl
from collections import Counter
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox


class StoreError(OSError):
    """The store cannot be opened or written; the message names the directory and what to do."""


def open_store(path: str | Path, read_only: bool = False) -> ox.Store:
    """Readers open read-only, so several can share a store; only one writer at a time."""
    path = Path(path)
    if read_only and not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: no store here (create one with `telegraph-kg load GRAPH... --store {path}`)")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"{path}: the store is in use by another process (a running `telegraph-kg serve`?)")
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc


def hold_writer_lock(path: str | Path):
    """Take the store's writer lock and keep it while the returned file stays open: readers that
    open the store read-only must not see it written under them (pyoxigraph: undefined behaviour)."""
    fh = open(Path(path) / "LOCK", "a")
    try:
        fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise StoreError(f"{path}: the store is being written by another process; try again when it is done")
    return fh


def replace_graph(store: ox.Store, name, new: list[ox.Quad]) -> int:
    """Put one named graph in place of the graph of that name; returns its quad count."""
    if not isinstance(name, ox.DefaultGraph):
        store.remove_graph(name)
    store.extend(new)
    return len(new)


def store_quads(store: ox.Store, batches: Iterable[list[ox.Quad]]) -> Counter:
    """Write per-article quad lists (as `extract` makes them) into the store, each replacing its graph."""
    tally = Counter()
    for batch in batches:
        by_graph: dict = {}
        for quad in batch:
            by_graph.setdefault(quad.graph_name, []).append(quad)
        for name, group in by_graph.items():
            tally["quads"] += replace_graph(store, name, group)
            tally["graphs"] += 1
    return tally


def rdf_format(path: str | Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".").lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension (use .trig, .nq, .ttl, .nt or .jsonld)")
    return fmt


def load_file(store: ox.Store, path: str | Path) -> Counter:
    """Load one graph file; every named graph in it replaces the store's graph of that name
    (triples outside a named graph go to the default graph, where a set never duplicates)."""
    fmt = rdf_format(path)
    try:
        names = {q.graph_name for q in ox.parse(path=str(path), format=fmt)}
    except SyntaxError as exc:
        raise ValueError(f"{path}: {exc}") from None
    for name in names:
        if not isinstance(name, ox.DefaultGraph):
            store.remove_graph(name)
    store.load(path=str(path), format=fmt)
    return Counter(graphs=sum(not isinstance(n, ox.DefaultGraph) for n in names))


def load_files(store: ox.Store, paths: Iterable[str | Path]) -> Counter:
    tally = Counter()
    for path in paths:
        tally += load_file(store, path)
        tally["files"] += 1
    store.flush()
    return tally
