"""`query` and `explain`: every named query on the extracted corpus, result formats, parameters,
and the safety rules (no update, SERVICE, LOAD or remote FROM; parser messages, exit 2)."""
import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from telegraph_kg.cli import main
from telegraph_kg.query import named_queries
from telegraph_kg.store import load_files, open_store

ID = "https://w3id.org/telegraph-kg/id/"
COLUMNS = {
    "agreements": ["agreement", "kind", "date", "party", "article"],
    "acquisitions": ["acquisition", "acquirer", "target", "status", "stake", "amount", "currency", "date", "article"],
    "joint-ventures": ["formation", "venture", "partner", "stake", "location", "founded", "article"],
    "figures": ["figure", "subject", "metric", "segment", "value", "unit", "period", "article"],
    "people": ["person", "role", "organization", "article", "entity"],
    "carrier": ["organization", "fact", "type", "role", "detail", "date", "article"],
    "provenance": ["fact", "sentence", "start", "end", "rule", "article"],
}


@pytest.fixture(scope="module")
def corpus_store(corpus_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "corpus"
    store = open_store(path)
    load_files(store, [corpus_graph])
    del store
    return path


def run(*args, ok=True):
    result = CliRunner().invoke(main, ["query", *map(str, args)])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def rows(*args) -> list[dict]:
    """SPARQL JSON results as {var: value} rows."""
    data = json.loads(run(*args, "--format", "json").stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def seed_agreement(store_args) -> dict:
    found = [r for r in rows("--named", "agreements", *store_args) if r["kind"] == "infrastructure-sharing"
             and r["article"] == "att-china-telecom-2012"]
    assert {r["party"] for r in found} == {"AT&T", "China Telecom"}
    return found[0]


def test_agreements_on_the_seed_one_row_per_party(seed_graph):
    text = run("--named", "agreements", seed_graph).stdout  # not a terminal: CSV
    table = list(csv.DictReader(io.StringIO(text)))
    deal = [r for r in table if r["kind"] == "infrastructure-sharing"]
    assert sorted(r["party"] for r in deal) == ["AT&T", "China Telecom"]
    assert {r["date"] for r in deal} == {"2012-12-05"}
    assert len({r["agreement"] for r in deal}) == 1 and deal[0]["agreement"].startswith(ID + "article/")


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_named_query_answers_on_the_corpus(name, corpus_store, seed_dir):
    nq = named_queries()[name]
    params = [a for k, v in nq.example.items() for a in ("--param", f"{k}={v}")]
    data = json.loads(run("--named", name, "--store", corpus_store, "--format", "json", *params).stdout)
    assert data["head"]["vars"] == COLUMNS[name]
    found = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    assert found, f"{name} answered nothing"
    has = lambda **want: any(all(r.get(k) == v for k, v in want.items()) for r in found)  # noqa: E731
    if name == "agreements":
        assert has(kind="infrastructure-sharing", date="2012-12-05", party="China Telecom")
    elif name == "acquisitions":
        assert has(acquirer="Deutsche Telekom", target="VoiceStream", currency="USD", amount="50700000000")
    elif name == "joint-ventures":
        assert has(venture="Shanghai Symphony Telecommunications", partner="China Telecom", location="China",
                   founded="2000")
    elif name == "figures":
        assert has(subject="China Telecom", metric="subscribers", segment="mobile", value="120000000", unit="count",
                   article="att-china-telecom-2012")
    elif name == "people":
        assert has(person="Greg Brutus", role="spokesman", organization="AT&T", article="att-china-telecom-2012")
    elif name == "carrier":
        assert {r["organization"] for r in found} == {"AT&T"}
        assert has(type="Agreement", role="party", detail="infrastructure-sharing", date="2012-12-05")
        assert has(type="JointVentureFormation", role="partner", article="att-china-telecom-2012")
    elif name == "provenance":
        assert has(article="att-china-telecom-2012", start="113", end="288")


def test_provenance_of_a_fact_gives_its_sentence_offsets_and_rule(seed_graph, seed_dir):
    deal = seed_agreement([seed_graph])
    [prov] = rows("--named", "provenance", "--param", f"fact=<{deal['agreement']}>", seed_graph)
    body = (seed_dir / "att-china-telecom-2012.txt").read_text("utf-8").split("\n", 1)[1].strip()
    assert body[int(prov["start"]):int(prov["end"])] == prov["sentence"]
    assert prov["sentence"].startswith("AT&T and China Telecom signed an agreement")
    assert prov["rule"].startswith("agr.") and prov["article"] == "att-china-telecom-2012"


def test_result_formats_carry_the_same_rows(seed_graph):
    want = rows("--named", "agreements", seed_graph)
    as_csv = list(csv.DictReader(io.StringIO(run("--named", "agreements", seed_graph, "--format", "csv").stdout)))
    assert [{k: v for k, v in r.items() if v} for r in as_csv] == want
    tsv = run("--named", "agreements", seed_graph, "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["?agreement", "?kind", "?date", "?party", "?article"] and len(tsv) == len(want) + 1
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    xml = ET.fromstring(run("--named", "agreements", seed_graph, "--format", "xml").stdout)
    assert len(xml.findall(".//s:result", ns)) == len(want)
    table = run("--named", "agreements", seed_graph, "--format", "table").stdout
    assert "infrastructure-sharing" in table and "China Telecom" in table and f"({len(want)} rows)" in table


def test_query_string_file_and_construct_as_turtle_or_trig(seed_graph, tmp_path):
    rq = tmp_path / "parties.rq"
    rq.write_text("PREFIX tg: <https://w3id.org/telegraph-kg/ontology#>\n"
                  "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a tg:party ?p } }", "utf-8")
    assert run("-f", rq, seed_graph, "--format", "csv").stdout.splitlines() == ["n", "4"]
    construct = ("PREFIX tg: <https://w3id.org/telegraph-kg/ontology#> "
                 "CONSTRUCT { ?a tg:party ?p } WHERE { GRAPH ?g { ?a tg:party ?p } }")
    turtle = run(construct, seed_graph).stdout
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == 4
    trig = run(construct, seed_graph, "--format", "trig").stdout
    assert len(list(ox.parse(trig, format=ox.RdfFormat.TRIG))) == 4
    wrong = run(construct, seed_graph, "--format", "csv", ok=False)
    assert wrong.exit_code == 2 and "turtle" in wrong.output


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { ?s ?p }", "error at 1:"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD is not allowed"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
    ("SELECT * FROM <http://127.0.0.1:9/remote> WHERE { ?s ?p ?o }", "not a graph in this store"),
])
def test_unsafe_or_bad_queries_exit_2_with_the_reason(text, message, corpus_store):
    result = run(text, "--store", corpus_store, ok=False)
    assert result.exit_code == 2
    assert message in result.output and result.output.startswith("error: query: ")


def test_safety_check_reads_tokens_not_substrings(seed_graph):
    text = ('SELECT ?service WHERE { GRAPH ?g { ?service <https://schema.org/name> ?load } '
            'FILTER(?load != "SERVICE LOAD INSERT") }  # SERVICE in a comment')
    assert len(run(text, seed_graph, "--format", "csv").stdout.splitlines()) > 5


def test_from_naming_a_graph_of_the_store_is_allowed(corpus_store, seed_dir):
    text = ("PREFIX id: <https://w3id.org/telegraph-kg/id/> SELECT (COUNT(*) AS ?n) "
            "FROM NAMED id:graph\\/att-china-telecom-2012 WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(run(text, "--store", corpus_store, "--format", "csv").stdout.splitlines()[1]) > 100


def test_updates_run_only_when_asked_and_only_on_a_store(seed_graph, tmp_path):
    store_dir = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(seed_graph), "--store", str(store_dir)]).exit_code == 0
    insert = "INSERT DATA { GRAPH <urn:note> { <urn:a> <urn:b> 'checked' } }"
    assert run(insert, seed_graph, "--update", ok=False).exit_code == 2
    done = run(insert, "--store", store_dir, "--update")
    assert "update done" in done.output
    assert run("SELECT ?o WHERE { GRAPH <urn:note> { ?s ?p ?o } }", "--store", store_dir).stdout.split() == ["o", "checked"]


def test_list_and_usage_errors(seed_graph):
    listing = run("--list").stdout
    for name, nq in named_queries().items():
        assert name in listing and nq.description in listing
    assert "carrier NAME" in listing
    assert run("--named", "nope", seed_graph, ok=False).exit_code == 2
    assert run("--named", "agreements", ok=False).exit_code == 2  # neither --store nor graphs
    bad = run("--named", "carrier", "--param", "AT&T", seed_graph, ok=False)
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.output
    missing = run("--named", "agreements", "--store", seed_graph.parent / "no-store", ok=False)
    assert missing.exit_code == 2 and "no store here" in missing.output


def test_explain_prints_the_fact_with_its_marked_sentence(seed_graph):
    deal = seed_agreement([seed_graph])
    result = CliRunner().invoke(main, ["explain", deal["agreement"], "-g", str(seed_graph)])
    assert result.exit_code == 0, result.output
    assert "(tg:Agreement)" in result.output and "tg:kind   infrastructure-sharing" in result.output
    assert "[AT&T] and [China Telecom] signed an agreement" in result.output
    assert "article att-china-telecom-2012 (2012-12-05)" in result.output and "characters 113-288" in result.output
    named = CliRunner().invoke(main, ["explain", "--named", "carrier", "--param", "name=AT&T", "-g", str(seed_graph)])
    assert named.exit_code == 0 and named.output.count("evidence: rule") >= 4
    unknown = CliRunner().invoke(main, ["explain", ID + "nothing", "-g", str(seed_graph)])
    assert unknown.exit_code == 2 and "nothing in the store" in unknown.output


def test_named_queries_answer_in_pages(corpus_store):
    everything = rows("--named", "figures", "--store", str(corpus_store), "--limit", "0")
    first = rows("--named", "figures", "--store", str(corpus_store), "--limit", "7")
    second = rows("--named", "figures", "--store", str(corpus_store), "--limit", "7", "--offset", "7")
    assert len(everything) > 14 and len(first) == len(second) == 7
    assert first + second == everything[:14]
