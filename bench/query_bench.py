"""Query benchmark: median latency of each named query on a store of about 1 million triples,
through pyoxigraph (the on-disk store) and through rdflib's in-memory engine, as a ratio.

The store is synthesized from the extracted corpus graph: copy k of every article gets its own
article and graph IRIs, one of VARIANTS spellings of each entity (IRI and name) and dates shifted
by whole leap cycles, so the data grows as a larger corpus would (more articles, more distinct
organizations) without running the NLP a million times. Usage:

    python bench/query_bench.py [--triples 1000000] [--store DIR] [--base GRAPH] [--runs 11]
"""
from __future__ import annotations

import argparse
import math
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from telegraph_kg import query as q
from telegraph_kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = 200
_ARTICLE = re.compile(r"(/id/(?:article|graph)/)([^/>]+)")
_ENTITY = re.compile(r"(/id/)(?!article/|graph/|extractor/)([a-z-]+/)([^/>]+)")
_IDENT = re.compile(r'(<https://schema\.org/identifier> ")([^"]+)"')
_NAME = re.compile(r'(<(?:https://schema\.org/name|http://www\.w3\.org/2004/02/skos/core#altLabel)> ")([^"]*)"')
_DATE = re.compile(r'"(\d{4})([^"]*)"(\^\^<http://www\.w3\.org/2001/XMLSchema#(?:date|gYear|gYearMonth)>)')


def base_graph(path: str | None) -> Path:
    """The extracted corpus (and the shared seed, where present), extracted once unless given."""
    if path:
        return Path(path)
    out = Path(tempfile.mkdtemp()) / "base.nq"
    sources = [str(ROOT / "corpus"), str(ROOT.parent / "shared" / "seeds" / "articles")]
    subprocess.run([sys.executable, "-m", "telegraph_kg", "extract", *[s for s in sources if Path(s).is_dir()],
                    "-o", str(out)], check=True)
    return out


def copy(nquads: str, k: int) -> str:
    """Copy k of the base: its own articles, entity variant k % VARIANTS, dates moved 4*(k % 8) years."""
    if k == 0:
        return nquads
    text = _ARTICLE.sub(lambda m: f"{m[1]}{m[2]}-c{k}", nquads)
    text = _IDENT.sub(lambda m: f'{m[1]}{m[2]}-c{k}"', text)
    v = k % VARIANTS
    if v:
        text = _ENTITY.sub(lambda m: f"{m[1]}{m[2]}{m[3]}-v{v}", text)
        text = _NAME.sub(lambda m: f'{m[1]}{m[2]} {v}"', text)
    shift = 4 * (k % 8)
    return _DATE.sub(lambda m: f'"{int(m[1]) + shift}{m[2]}"{m[3]}', text)


def synthesize(base: Path, triples: int, out: Path) -> int:
    """Write about `triples` quads to `out` (N-Quads); returns the number of copies."""
    fmt = ox.RdfFormat.from_extension(base.suffix.lstrip("."))
    nquads = ox.serialize(ox.parse(path=str(base), format=fmt), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    copies = math.ceil(triples / nquads.count("\n"))
    with open(out, "w", encoding="utf-8") as fh:
        for k in range(copies):
            fh.write(copy(nquads, k))
    return copies


def build_store(store_dir: Path, triples: int, base: str | None) -> Path:
    """The synthetic store at `store_dir`, built unless it is already there; returns its N-Quads file."""
    nq = store_dir.with_suffix(".nq")
    if not (store_dir / "CURRENT").exists() or not nq.exists():
        started = time.perf_counter()
        copies = synthesize(base_graph(base), triples, nq)
        store = open_store(store_dir)
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        print(f"built {store_dir}: {len(store)} quads from {copies} copies of the corpus "
              f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        del store
    return nq


def median_ms(fn, runs: int, budget: float = float("inf")) -> tuple[float, int, int]:
    """(median ms, rows, runs done): stops early once `budget` seconds are spent."""
    times, rows, spent = [], 0, 0.0
    for _ in range(runs):
        started = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - started)
        spent += times[-1]
        if spent > budget:
            break
    return statistics.median(times) * 1000, rows, len(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--store", default=str(Path(tempfile.gettempdir()) / "telegraph-bench-store"))
    ap.add_argument("--base", help="Extracted graph to synthesize from (default: extract corpus/ and the seed).")
    ap.add_argument("--runs", type=int, default=11, help="Runs per query on pyoxigraph.")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="Runs per query on rdflib (0: skip rdflib).")
    ap.add_argument("--rdflib-budget", type=float, default=60.0, help="Seconds per query on rdflib before stopping.")
    args = ap.parse_args()

    nq = build_store(Path(args.store), args.triples, args.base)
    store = open_store(args.store, read_only=True)
    queries = q.named_queries()
    print(f"store: {len(store)} quads in {sum(1 for _ in store.named_graphs())} graphs")
    ds = None
    if args.rdflib_runs:
        from rdflib import Dataset, Literal, URIRef

        started = time.perf_counter()
        ds = Dataset()
        ds.parse(str(nq), format="nquads")
        print(f"rdflib in-memory Dataset: {len(ds)} distinct triples across its graphs, loaded in "
              f"{time.perf_counter() - started:.0f} s")

        def rdflib_bindings(example):
            terms = {k: q.param_term(v) for k, v in example.items()}
            return {k: URIRef(t.value) if isinstance(t, ox.NamedNode) else Literal(t.value) for k, t in terms.items()}

    print(f"{'named query':<16}{'rows':>8}{'pyoxigraph ms':>16}{'rdflib ms':>12}{'ratio':>9}  params")
    for name, nq_ in queries.items():
        ox_ms, rows, _ = median_ms(lambda: sum(1 for _ in q.run(store, q.page(nq_.text, q.PAGE), nq_.example)), args.runs)
        line = f"{name:<16}{rows:>8}{ox_ms:>16.1f}"
        if ds is not None:
            binds = rdflib_bindings(nq_.example)
            rd_ms, rd_rows, done = median_ms(lambda: len(list(ds.query(q.page(nq_.text, q.PAGE), initBindings=binds))),
                                             args.rdflib_runs, args.rdflib_budget)
            flag = "" if rd_rows == rows else f" (rdflib: {rd_rows} rows)"
            line += f"{rd_ms:>12.0f}{rd_ms / ox_ms:>8.0f}x  {done} run(s){flag}"
        print(line + ("  " + " ".join(f"{k}={v}" for k, v in nq_.example.items()) if nq_.example else ""), flush=True)


if __name__ == "__main__":
    main()
