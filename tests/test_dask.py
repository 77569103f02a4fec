"""`extract --dask` on a real cluster: a `dask scheduler` and two `dask worker` processes on
127.0.0.1. Its output must equal the single-process run byte for byte, also when a worker is
killed in the middle of the run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'telegraph-kg[dask]')")

from telegraph_kg.articles import Article, read_sources  # noqa: E402
from telegraph_kg.cli import main  # noqa: E402
from tests.conftest import CORPUS, SEED_ARTICLES  # noqa: E402

SOURCES = [str(p) for p in (CORPUS / "dev" / "articles", SEED_ARTICLES) if p.is_dir()]
LOOPBACK = ["--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"]


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    """End a process we started and its children (the nanny's worker) by process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, request):
    """Scheduler address of a scheduler plus two single-threaded workers, stopped afterwards."""
    from distributed import Client

    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    procs: list[subprocess.Popen] = []

    def start(*args, log: str):
        procs.append(subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=tmp, start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=(tmp / log).open("wb")))

    def stop_all():
        for proc in reversed(procs):
            _stop(proc)
    request.addfinalizer(stop_all)

    start("scheduler", "--port", "0", "--scheduler-file", str(sched_file), *LOOPBACK, log="scheduler.log")
    address = _wait(lambda: sched_file.exists() and json.loads(sched_file.read_text() or "{}").get("address"),
                    30, "the scheduler file")
    for i in (1, 2):
        start("worker", address, "--nworkers", "1", "--nthreads", "1", "--death-timeout", "60",
              "--local-directory", str(tmp / "work"), *LOOPBACK, log=f"worker{i}.log")
    with Client(address, timeout="30s", set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
    return address


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> bytes:
    """The `--workers 1` N-Quads of the dev corpus (and the seed when present)."""
    out = tmp_path_factory.mktemp("single") / "w1.nq"
    result = CliRunner().invoke(main, ["extract", *SOURCES, "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_dask_output_equals_single_process(cluster, single, tmp_path):
    out = tmp_path / "dask.nq"
    result = CliRunner().invoke(main, ["extract", *SOURCES, "-o", str(out), "--dask", cluster])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == single and single.count(b"\n") > 1000


def test_dask_from_environment_reports_bad_input_by_file(cluster, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "ok1", "text": "Vodafone signed a roaming deal with "
                                                  "Telstra on Monday."}) + "\n{oops\n", "utf-8")
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(out)],
                                env={"TELEGRAPH_KG_DASK": cluster})
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and errors[0].startswith(f"error: {tmp_path / 'b.jsonl'}:2: malformed JSON")
    assert errors[1] == f"error: {tmp_path / 'empty.txt'}: empty file"
    assert b"/graph/ok1>" in out.read_bytes()


def test_killed_worker_loses_nothing(cluster, single):
    """A worker is SIGKILLed while it holds a batch: the batch runs again elsewhere, and the
    output is still byte for byte the single-process one."""
    from distributed import Client

    from telegraph_kg.dask_backend import extract_dask

    articles = [a for a in read_sources(SOURCES) if isinstance(a, Article)]
    killed = []
    with Client(cluster, timeout="30s", set_as_default=False) as watch:
        def feed():
            for i, article in enumerate(articles):
                if i == 9:      # batches of 2: the first four are out, one has come back
                    busy = _wait(lambda: [w for w, keys in watch.processing().items() if keys], 30,
                                 "a worker holding a batch")
                    pid = watch.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                yield article

        results = list(extract_dask(feed(), cluster, batch_size=2))
    assert killed and [aid for aid, _, _ in results] == [a.id for a in articles]
    assert all(err is None for _, _, err in results)
    assert b"".join(data for _, data, _ in results) == single
