"""Load benchmark: `telegraph-kg serve` on the ~1M-triple synthetic store (built as query_bench
builds it), driven on loopback by 1 and then 8 concurrent clients for a bounded time each; prints
queries per second, median and 99th-percentile latency per named query, and errors. Usage:

    python bench/load_bench.py [--seconds 20] [--clients 1 8] [--workers 2] [--store DIR]
"""
from __future__ import annotations

import argparse
import http.client
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_bench import build_store  # noqa: E402

from telegraph_kg.query import PAGE, named_queries, page  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_body() -> list[tuple[str, bytes]]:
    """One form POST per named query, with its example parameters as $name fields."""
    out = []
    for nq in named_queries().values():
        fields = {"query": page(nq.text, PAGE), **{f"${k}": v for k, v in nq.example.items()}}
        out.append((nq.name, urlencode(fields).encode()))
    return out


def client(port: int, bodies, offset: int, stop: float, results: list) -> None:
    """Round-robin over the named queries on one keep-alive connection until `stop`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    i = offset
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    while time.monotonic() < stop:
        name, body = bodies[i % len(bodies)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("POST", "/sparql", body, headers)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        results.append((name, time.perf_counter() - started, ok))
    conn.close()


def phase(port: int, clients: int, seconds: float) -> None:
    bodies, results = requests_body(), []
    stop = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, bodies, c, stop, results)) for c in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    errors = sum(not ok for _, _, ok in results)
    print(f"\n{clients} client(s), {elapsed:.0f} s: {len(results)} queries, {len(results) / elapsed:.1f} queries/s, "
          f"{errors} errors")
    print(f"  {'named query':<16}{'count':>7}{'median ms':>11}{'p99 ms':>9}")
    for name, _ in bodies:
        times = sorted(t * 1000 for n, t, ok in results if n == name and ok)
        if times:
            p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
            print(f"  {name:<16}{len(times):>7}{statistics.median(times):>11.1f}{p99:>9.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", default=str(Path(tempfile.gettempdir()) / "telegraph-bench-store"))
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--base", help="Extracted graph to synthesize from (default: extract corpus/ and the seed).")
    ap.add_argument("--seconds", type=float, default=20.0, help="Length of each phase.")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--workers", type=int, default=2, help="serve's query worker processes.")
    args = ap.parse_args()

    build_store(Path(args.store), args.triples, args.base)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "telegraph_kg", "serve", "--store", args.store,
                               "--port", str(port), "--workers", str(args.workers), "--max-rows", "100000",
                               "--timeout", "30"], stderr=subprocess.PIPE, text=True)
    try:
        print(server.stderr.readline().strip())
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"serve did not start: {server.stderr.read()}")
                time.sleep(0.2)
        phase(port, 1, min(5.0, args.seconds))  # warm-up: page cache, worker start
        print("(warm-up above)")
        for clients in args.clients:
            phase(port, clients, args.seconds)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
