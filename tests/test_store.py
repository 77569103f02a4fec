"""The on-disk store: loading, replacing an article's graph, extract --store, the writer lock."""
import subprocess
import sys

import pyoxigraph as ox
from click.testing import CliRunner

from telegraph_kg.cli import main
from telegraph_kg.store import hold_writer_lock, open_store

SEED_GRAPH = "https://w3id.org/telegraph-kg/id/graph/att-china-telecom-2012"
TG = "https://w3id.org/telegraph-kg/ontology#"


def count(store_dir) -> int:
    store = open_store(store_dir, read_only=True)
    try:
        return len(store)
    finally:
        del store


def test_loading_the_same_graph_twice_leaves_the_count_unchanged(corpus_graph, tmp_path):
    store_dir = tmp_path / "store"
    first = CliRunner().invoke(main, ["load", str(corpus_graph), "--store", str(store_dir)])
    assert first.exit_code == 0, first.output
    once = count(store_dir)
    expected = len(list(ox.parse(path=str(corpus_graph), format=ox.RdfFormat.TRIG)))
    assert once == expected > 1000
    again = CliRunner().invoke(main, ["load", str(corpus_graph), str(corpus_graph), "--store", str(store_dir)])
    assert again.exit_code == 0, again.output
    assert count(store_dir) == once
    assert f"holds {once} triples" in again.output


def test_reloading_an_article_replaces_its_graph(seed_graph, tmp_path):
    """A re-extraction that finds less must not leave the old facts behind."""
    store_dir = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(seed_graph), "--store", str(store_dir)]).exit_code == 0
    quads = list(ox.parse(path=str(seed_graph), format=ox.RdfFormat.TRIG))
    figures = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object.value == TG + "Figure"}
    assert figures
    fewer = [q for q in quads if q.subject not in figures]
    smaller = tmp_path / "smaller.nq"
    smaller.write_bytes(ox.serialize(fewer, format=ox.RdfFormat.N_QUADS))
    assert CliRunner().invoke(main, ["load", str(smaller), "--store", str(store_dir)]).exit_code == 0
    store = open_store(store_dir, read_only=True)
    assert len(store) == len(fewer)
    assert [g.value for g in store.named_graphs()] == [SEED_GRAPH]
    assert not bool(store.query(f"ASK {{ GRAPH ?g {{ ?f a <{TG}Figure> }} }}"))


def test_extract_writes_into_the_store_and_rerun_replaces(seed_dir, seed_graph, tmp_path):
    store_dir = tmp_path / "store"
    args = ["extract", str(seed_dir), "--store", str(store_dir), "--workers", "1"]
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert count(store_dir) == len(list(ox.parse(path=str(seed_graph), format=ox.RdfFormat.TRIG)))


def test_bad_graph_file_names_the_file(tmp_path):
    bad = tmp_path / "broken.trig"
    bad.write_text("<https://example.org/g> { <https://example.org/s> <https://example.org/p> . }\n", "utf-8")
    result = CliRunner().invoke(main, ["load", str(bad), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert "broken.trig" in result.output and "error" in result.output


def test_a_store_held_by_serve_refuses_writers(seed_graph, tmp_path):
    """serve holds the writer lock; a load from another process stops with a one-line reason."""
    store_dir = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(seed_graph), "--store", str(store_dir)]).exit_code == 0
    lock = hold_writer_lock(store_dir)
    try:
        other = subprocess.run([sys.executable, "-m", "telegraph_kg", "load", str(seed_graph), "--store", str(store_dir)],
                               capture_output=True, text=True, timeout=60)
    finally:
        lock.close()
    assert other.returncode == 2
    assert "in use by another process" in other.stderr
