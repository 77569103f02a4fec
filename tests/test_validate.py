"""`validate`: the shipped SHACL shapes over graph files or a store, with pySHACL's exit codes."""
import pyoxigraph as ox
from click.testing import CliRunner

from telegraph_kg.cli import main

TG = "https://w3id.org/telegraph-kg/ontology#"


def validate(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_the_extracted_corpus_conforms_in_a_store(corpus_graph, tmp_path):
    store_dir = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(corpus_graph), "--store", str(store_dir)]).exit_code == 0
    result = validate("--store", store_dir)
    assert result.exit_code == 0, result.output
    graphs = len({q.graph_name for q in ox.parse(path=str(corpus_graph), format=ox.RdfFormat.TRIG)})
    assert result.output.strip().endswith(f"{graphs} graphs checked: all conform")


def test_a_broken_graph_does_not_conform_and_the_report_says_where(seed_graph, tmp_path):
    """An agreement of an unknown kind and an evidence without its rule id."""
    quads = []
    dropped = None
    for q in ox.parse(path=str(seed_graph), format=ox.RdfFormat.TRIG):
        if q.predicate.value == TG + "kind":
            q = ox.Quad(q.subject, q.predicate, ox.Literal("friendship"), q.graph_name)
        if q.predicate.value == TG + "rule" and dropped is None:
            dropped = q.subject
            continue
        quads.append(q)
    bad = tmp_path / "bad.nq"
    bad.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    result = validate(bad)
    assert result.exit_code == 1, result.output
    assert "graph https://w3id.org/telegraph-kg/id/graph/att-china-telecom-2012" in result.output
    assert "friendship" in result.output and dropped.value in result.output
    assert result.output.strip().endswith("1 graphs checked: 1 do not conform to the shapes")


def test_unreadable_input_is_exit_2(tmp_path):
    broken = tmp_path / "broken.trig"
    broken.write_text("this is not TriG", "utf-8")
    result = validate(broken)
    assert result.exit_code == 2 and "broken.trig" in result.output
    assert validate().exit_code == 2
    assert validate("--store", tmp_path / "none").exit_code == 2
