"""Extract throughput against bare spaCy, and peak memory at two corpus sizes.

    python bench/extract_bench.py [--articles 500] [--large 2000]

Prints words/second of bare `nlp.pipe` (same model, same batches) and of the full extract to
an N-Quads file, their ratio, and the peak RSS of a full extract run at both corpus sizes
(each in a fresh process, so the figures do not mix)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import write_corpus  # noqa: E402


def run_mode(mode: str, corpus: Path, out: Path, workers: int = 1, full_parse: bool = False) -> dict:
    """One measurement in a fresh process: wall time and peak RSS."""
    env = dict(os.environ, TELEGRAPH_KG_FULL_PARSE="1" if full_parse else "0")
    code = f"""
import json, resource, sys, time
from telegraph_kg.articles import read_sources, Article
mode, corpus, out, workers = {mode!r}, {str(corpus)!r}, {str(out)!r}, {workers}
if mode == "spacy":
    from telegraph_kg.pipeline import load_model
    nlp = load_model()
    texts = (a.text for a in read_sources([corpus]) if isinstance(a, Article))
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    elapsed = time.perf_counter() - t
else:
    from telegraph_kg.pipeline import build
    from telegraph_kg.job import Tally, article_facts, graphs
    from telegraph_kg.sink import write_graphs
    nlp = build()
    t = time.perf_counter()
    write_graphs(graphs(article_facts(nlp, [corpus], Tally(), report=lambda m: None)), out, "nquads")
    elapsed = time.perf_counter() - t
print(json.dumps({{"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--large", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, large = tmp / "small.jsonl", tmp / "large.jsonl"
        words = write_corpus(small, args.articles)
        large_words = write_corpus(large, args.large)
        bare = run_mode("spacy", small, tmp / "x.nq")
        full = run_mode("extract", small, tmp / "small.nq")
        full_parse = run_mode("extract", small, tmp / "small-full.nq", full_parse=True)
        big = run_mode("extract", large, tmp / "large.nq")
    bare_wps, full_wps = words / bare["seconds"], words / full["seconds"]
    print(f"corpus: {args.articles} articles, {words} words (large: {args.large} articles, {large_words} words)")
    print(f"bare spaCy nlp.pipe (same model)   : {bare_wps:10.0f} words/s")
    fp_wps = words / full_parse["seconds"]
    print(f"extract, parser on every sentence -> .nq : {fp_wps:10.0f} words/s   ratio to bare spaCy {fp_wps / bare_wps:.2f}")
    print(f"extract, selective parsing        -> .nq : {full_wps:10.0f} words/s   ratio to bare spaCy {full_wps / bare_wps:.2f}")
    print(f"peak memory extract : {full['peak_mb']:.0f} MB at {args.articles} articles, "
          f"{big['peak_mb']:.0f} MB at {args.large} ({(big['peak_mb'] / full['peak_mb'] - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
