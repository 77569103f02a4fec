"""1,000 hostile inputs mixed with the dev corpus, through `extract --workers 2` as a real
process: no crash, no hang, exit 1, every good article exactly as when extracted alone,
every bad input on one stderr line naming it, nothing lost, no partial output; and an
interrupted run leaves the previous output file as it was."""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from telegraph_kg.rdf import SCHEMA, graph_iri
from tests.conftest import CORPUS, _extract
from tests.hostile import generate

N = 1000
DEV = CORPUS / "dev" / "articles"


def _cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "telegraph_kg", "extract", str(src), "-o", str(out), "--workers", "2",
            "--no-progress"]


def _by_graph(path: Path) -> dict[str, list[str]]:
    graphs = defaultdict(list)
    for q in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip("."))):
        graphs[q.graph_name.value].append(str(q))
    return {g: sorted(qs) for g, qs in graphs.items()}


def _shown(origin: str) -> str:
    """An origin as the CLI prints it (an undecodable file name comes out backslash-escaped)."""
    return origin.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile inputs and a copy of the dev corpus, in one directory."""
    root = tmp_path_factory.mktemp("hostile") / "in"
    inputs = generate(root, N, seed=7)
    shutil.copytree(DEV, root, dirs_exist_ok=True)
    return root, inputs


@pytest.fixture(scope="module")
def alone(nlp, tmp_path_factory) -> dict[str, list[str]]:
    """The dev corpus extracted on its own: quads per article graph."""
    return _by_graph(_extract(nlp, [DEV], tmp_path_factory.mktemp("alone") / "dev.trig"))


def test_hostile_inputs_at_volume(hostile, alone, tmp_path, capsys):
    root, inputs = hostile
    out = tmp_path / "out.nq"
    run = subprocess.run(_cmd(root, out), capture_output=True, timeout=120)
    stderr = run.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert run.returncode == 1, stderr[-3000:]
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    graphs = _by_graph(out)

    named = defaultdict(list)           # origin as printed -> its error lines
    origins = sorted({_shown(i.origin) for i in inputs}, key=len, reverse=True)
    unclaimed = []
    for line in errors:
        origin = next((o for o in origins if line.startswith(f"error: {o}: ")), None)
        (named[origin] if origin else unclaimed).append(line)
    assert not unclaimed, f"errors naming no hostile input (a corpus article?): {unclaimed[:5]}"

    rejected = extracted = 0
    lost, wrong = [], []
    for i in inputs:
        reported = len(named.get(_shown(i.origin), []))
        got = i.article_id is not None and str(graph_iri(i.article_id)) in graphs
        if reported > 1 or (reported and got):
            wrong.append(f"{i.kind} {i.origin}: reported {reported}x, extracted {got}")
        elif reported:
            rejected += 1
            if i.expect == "extract":
                wrong.append(f"{i.kind} {i.origin}: rejected, expected extracted: {named[_shown(i.origin)]}")
        elif got:
            extracted += 1
            if i.expect == "reject":
                wrong.append(f"{i.kind} {i.origin}: extracted, expected an error line")
        else:
            lost.append(f"{i.kind} {i.origin}")

    for g, qs in alone.items():        # every good corpus article, exactly as alone
        if graphs.get(g) == qs:
            extracted += 1
        else:
            lost.append(f"corpus graph {g}")
    with capsys.disabled():
        print(f"\nhostile: inputs={len(inputs) + len(alone)} rejected={rejected} extracted={extracted} lost={len(lost)}")
    assert not lost, lost[:10]
    assert not wrong, wrong[:10]
    assert len(inputs) == N and rejected + extracted == N + len(alone) and len(errors) == rejected

    headlines = {q.graph_name.value: q.object.value for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)
                 if q.predicate == ox.NamedNode(str(SCHEMA.headline))}
    for i in inputs:                    # other encodings are decoded, not garbled
        if i.title and i.expect == "extract":
            assert headlines[str(graph_iri(i.article_id))] == i.title, i
    assert not list(tmp_path.glob("*.part")) and not list(root.glob("**/*.part"))


def _first_error_line(proc: subprocess.Popen, seconds: float) -> str:
    """Wait, bounded, for the run to report its first bad input: it is under way."""
    lines: queue.Queue = queue.Queue()

    def pump():
        for raw in proc.stderr:
            lines.put(raw.decode("utf-8", "replace"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        line = lines.get(timeout=seconds)
        if line is None or line.startswith("error: "):
            return line, seen, lines
        seen.append(line)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_keeps_previous_output(hostile, tmp_path, signum):
    root, _ = hostile
    out = tmp_path / "out.nq"
    out.write_text("previous\n", "utf-8")
    proc = subprocess.Popen(_cmd(root, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        first, seen, rest = _first_error_line(proc, 60)
        assert first is not None, "".join(seen)
        assert list(tmp_path.glob("*.part")), "the run should be writing its temporary file"
        proc.send_signal(signum)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    tail = []
    while (line := rest.get(timeout=10)) is not None:
        tail.append(line)
    assert proc.returncode == 130, "".join(tail)[-2000:]
    assert "error: interrupted; previous output left as it was\n" in tail
    assert out.read_text("utf-8") == "previous\n"
    assert not list(tmp_path.glob("*.part"))
