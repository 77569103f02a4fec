"""Scale-out throughput against bare spaCy on one synthetic corpus, and peak memory at two sizes.

    python bench/scale_bench.py [--articles 300] [--large 600] [--no-dask]

Measures, in one run on one corpus (bench/synth.py): bare spaCy `nlp.pipe` words/second
(same model, in a fresh process, model load excluded), then `telegraph-kg extract` with
`--workers 1`, `--workers 2` and `--dask` on a local cluster of two single-threaded worker
processes (127.0.0.1). Each extract runs as its own process at two corpus sizes (the second
corpus extends the first); throughput is the extra words over the extra seconds, so start-up
(interpreter, imports, model loads, pool or cluster connection) cancels out and the ratios
compare steady-state throughput. Peak memory is the summed RSS of
the extract process and its worker processes (for --dask, the client only: the point is
that the corpus never gathers there), sampled every 50 ms.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extract_bench import run_mode  # noqa: E402
from bench.synth import write_corpus  # noqa: E402


def extract(corpus: Path, out: Path, args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MB of the process tree) of one `extract` run."""
    cmd = [sys.executable, "-m", "telegraph_kg", "extract", str(corpus), "-o", str(out), "--no-progress", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"extract {' '.join(args)} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return wall, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--large", type=int, default=None, help="second corpus size for memory (default 2 x articles)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    args = ap.parse_args()
    large_n = args.large or 2 * args.articles

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tiny, small, large = tmp / "tiny.jsonl", tmp / "small.jsonl", tmp / "large.jsonl"
        write_corpus(tiny, 1)
        words = write_corpus(small, args.articles)
        large_words = write_corpus(large, large_n)
        bare = words / run_mode("spacy", small, tmp / "x.nq")["seconds"]

        modes = {"--workers 1": ["--workers", "1"], "--workers 2": ["--workers", "2"]}
        cluster = None
        if not args.no_dask:
            from distributed import LocalCluster
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=50)
            modes["--dask (2 workers)"] = ["--dask", cluster.scheduler_address]
            extract(tiny, tmp / "warm.nq", modes["--dask (2 workers)"])   # workers build the pipeline once
        rows = {}
        try:
            for name, margs in modes.items():
                wall, peak = extract(small, tmp / "s.nq", margs)
                lwall, lpeak = extract(large, tmp / "l.nq", margs)
                wps = (large_words - words) / max(lwall - wall, 1e-9)
                rows[name] = (wall - words / wps, wps, words / wall, peak, lpeak)
        finally:
            if cluster is not None:
                cluster.close()

    print(f"corpus: {args.articles} articles, {words} words (large: {large_n} articles, {large_words} words); "
          f"{psutil.cpu_count()} CPUs")
    print(f"bare spaCy nlp.pipe     : {bare:8.0f} words/s   1.00x")
    for name, (startup, wps, whole, peak, lpeak) in rows.items():
        print(f"extract {name:18s}: {wps:8.0f} words/s   {wps / bare:.2f}x bare spaCy   (start-up {startup:.1f} s; "
              f"with it {whole:.0f} words/s)   peak {peak:.0f} MB at {args.articles} articles, {lpeak:.0f} MB at "
              f"{large_n} ({(lpeak / peak - 1) * 100:+.1f} %)")
    if "--workers 1" in rows and "--workers 2" in rows:
        print(f"--workers 2 / --workers 1: {rows['--workers 2'][1] / rows['--workers 1'][1]:.2f}x")


if __name__ == "__main__":
    main()
