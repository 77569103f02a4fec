"""The extract command end to end: formats, the facts view, SHACL conformance, bad input."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from telegraph_kg.cli import main
from telegraph_kg.evaluate import evaluate, load_gold
from telegraph_kg.validate_shapes import validate_file
from telegraph_kg.view import load_files, views
from tests.conftest import SEED_GOLD


def test_seed_facts_view_equals_gold(seed_graph):
    preds = {v["article"]: v for v in views(load_files([str(seed_graph)]))}
    report = evaluate(preds, load_gold(SEED_GOLD))
    for cat, score in report.scores.items():
        assert (score.fp, score.fn) == (0, 0), f"{cat}: {report.errors}"
        for attr, (agree, total) in score.attrs.items():
            assert agree == total, f"{cat}.{attr}: {report.attr_errors}"


def test_every_fact_names_rule_sentence_and_offsets(seed_graph, seed_dir):
    text = (seed_dir / "att-china-telecom-2012.txt").read_text("utf-8")
    body = text.split("\n", 1)[1].lstrip("\n")
    store = load_files([str(seed_graph)])
    rows = list(store.query("""PREFIX tg: <https://w3id.org/telegraph-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?f ?s ?a ?b ?r WHERE { GRAPH ?g { ?f tg:article ?art ; prov:wasDerivedFrom ?e .
        ?e tg:sentence ?s ; tg:startChar ?a ; tg:endChar ?b ; tg:rule ?r } }"""))
    assert len(rows) >= 5
    for row in rows:
        start, end = int(row["a"].value), int(row["b"].value)
        assert body.strip()[start:end] == row["s"].value or row["s"].value in body


def test_corpus_graphs_conform_to_shapes(corpus_graph):
    conforms, report = validate_file(str(corpus_graph))
    assert conforms, report


def test_shapes_reject_a_fact_without_evidence(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("""@prefix tg: <https://w3id.org/telegraph-kg/ontology#> .
<https://w3id.org/telegraph-kg/id/graph/x> { <https://w3id.org/telegraph-kg/id/f> a tg:Agreement ; tg:kind "friendship" . }
""", "utf-8")
    conforms, report = validate_file(str(bad))
    assert not conforms and "friendship" in report


@pytest.mark.parametrize("ext", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_output_formats_parse_back(seed_dir, tmp_path, ext):
    out = tmp_path / f"seed{ext}"
    result = CliRunner().invoke(main, ["extract", str(seed_dir), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    fmt = ox.RdfFormat.from_extension(ext.lstrip("."))
    count = sum(1 for _ in ox.parse(path=str(out), format=fmt))
    assert count > 100


def test_bad_input_is_reported_and_the_rest_extracted(seed_dir, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.jsonl").write_text('{"id": "ok1", "text": "Vodafone signed a roaming deal with Telstra on Monday."}\n{oops\n', "utf-8")
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(main, ["extract", str(tmp_path), str(seed_dir), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1
    errors = [l for l in result.output.splitlines() if l.startswith("error:")]
    assert any("empty.txt: empty file" in l for l in errors)
    assert any("broken.jsonl:2: malformed JSON" in l for l in errors)
    graphs = {q.graph_name.value for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    assert any(g.endswith("/graph/ok1") for g in graphs) and any(g.endswith("att-china-telecom-2012") for g in graphs)
    assert not list(tmp_path.glob("*.part"))


def test_interrupted_run_keeps_previous_output(tmp_path):
    out = tmp_path / "out.nq"
    out.write_text("previous\n", "utf-8")
    big = tmp_path / "big.jsonl"
    with big.open("w") as fh:
        for i in range(400):
            fh.write(json.dumps({"id": f"a{i}", "text": "Vodafone signed a roaming deal with Telstra. " * 40}) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "telegraph_kg", "extract", str(big), "-o", str(out)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    time.sleep(6)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert out.read_text("utf-8") == "previous\n"
    assert not list(tmp_path.glob("*.part"))


def test_facts_command_writes_one_json_per_article(seed_graph, tmp_path):
    result = CliRunner().invoke(main, ["facts", str(seed_graph), "-o", str(tmp_path / "facts")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "facts" / "att-china-telecom-2012.json").read_text("utf-8"))
    assert data["format"] == "telegraph-gold/1" and data["published"] == "2012-12-05"
    assert {"kind": "infrastructure-sharing", "parties": ["AT&T", "China Telecom"], "date": "2012-12-05"} in [
        {k: v for k, v in a.items() if k != "evidence"} for a in data["agreements"]]


def test_unknown_output_extension_is_a_usage_error(seed_dir, tmp_path):
    result = CliRunner().invoke(main, ["extract", str(seed_dir), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "cannot tell the RDF format" in result.output


def test_two_workers_give_the_same_quads_as_one(seed_dir, tmp_path):
    corpus = Path(__file__).resolve().parent.parent / "corpus" / "dev" / "articles"
    outs = []
    for n in (1, 2):
        out = tmp_path / f"w{n}.nq"
        result = CliRunner().invoke(main, ["extract", str(corpus), str(seed_dir), "-o", str(out), "--workers", str(n)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_text("utf-8"))
    assert outs[0] == outs[1] and outs[0].count("\n") > 1000
