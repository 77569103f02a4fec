"""`serve`: a real uvicorn server on 127.0.0.1 speaking the SPARQL 1.1 Protocol; its answers agree
with `query` on the same store, and what it must refuse it refuses while it keeps answering."""
import json
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from telegraph_kg.cli import main
from telegraph_kg.query import named_query
from telegraph_kg.store import load_files, open_store

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j . ?k ?l ?m } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_store(path, graphs):
    store = open_store(path)
    load_files(store, graphs)
    del store
    return path


@contextmanager
def serving(store_dir, *options):
    """`telegraph-kg serve` in its own process on a free loopback port; yields (base URL, first stderr line)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "telegraph_kg", "serve", "--store", str(store_dir),
                             "--port", str(port), *map(str, options)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        said = proc.stderr.readline()
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(base + "/queries", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {said}{proc.stderr.read()}")
                time.sleep(0.2)
        yield base, said
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def call(base, path="/sparql", data=None, headers=None, method=None, params=None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    url = base + path + ("?" + urlencode(params) if params else "")
    try:
        with urlopen(Request(url, data=data, headers=headers or {}, method=method), timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def form(**fields) -> bytes:
    return urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def store_dir(corpus_graph, tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("served") / "store", [corpus_graph])


@pytest.fixture(scope="module")
def server(store_dir):
    with serving(store_dir, "--timeout", 2, "--max-rows", 2000, "--max-body", 4096, "--workers", 2) as (base, said):
        yield base, said


def cli(store_dir, *args) -> bytes:
    result = CliRunner().invoke(main, ["query", "--store", str(store_dir), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_it_says_where_it_listens_on_loopback(server):
    base, said = server
    assert base.startswith("http://127.0.0.1:") and f"at {base}/" in said and f"{base}/sparql" in said


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+json", "json"),
                                         ("application/sparql-results+xml", "xml"),
                                         ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_each_result_format_agrees_with_query(server, store_dir, accept, fmt, seed_dir):
    base, _ = server
    text = named_query("agreements").text
    expected = cli(store_dir, "--named", "agreements", "--format", fmt)
    got = [call(base, params={"query": text}, headers={"Accept": accept}),
           call(base, data=form(query=text), headers={**FORM, "Accept": accept}),
           call(base, data=text.encode(), headers={"Content-Type": "application/sparql-query", "Accept": accept})]
    for status, headers, body in got:
        assert status == 200, body
        assert headers["Content-Type"].startswith(accept)
        assert body == expected
    assert b"infrastructure-sharing" in expected and b"China Telecom" in expected


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE), ("application/trig", ox.RdfFormat.TRIG),
                                         ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_construct_and_describe_in_graph_formats(server, store_dir, accept, fmt):
    base, _ = server
    text = ("PREFIX tg: <https://w3id.org/telegraph-kg/ontology#> "
            "CONSTRUCT { ?a tg:party ?p ; tg:kind ?k } WHERE { GRAPH ?g { ?a tg:party ?p ; tg:kind ?k } }")
    status, headers, body = call(base, params={"query": text}, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    served = set(map(str, ox.parse(body, format=fmt)))
    assert served == set(map(str, ox.parse(cli(store_dir, text, "--format", "ntriples"), format=ox.RdfFormat.N_TRIPLES)))
    assert len(served) > 20


def test_parameters_bind_named_query_variables(server, store_dir):
    base, _ = server
    status, _, body = call(base, data=form(query=named_query("carrier").text, **{"$name": "AT&T"}),
                           headers={**FORM, "Accept": "text/csv"})
    assert status == 200
    assert body == cli(store_dir, "--named", "carrier", "--param", "name=AT&T", "--format", "csv")


@pytest.mark.parametrize("request_args, status, reason", [
    ({"data": form(update="INSERT DATA { <urn:a> <urn:b> <urn:c> }"), "headers": FORM}, 403, "read-only"),
    ({"data": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
    ({"params": {"query": "DROP ALL"}}, 403, "read-only"),
    ({"data": b"<urn:a> <urn:b> <urn:c> .", "headers": {"Content-Type": "application/n-triples"}, "method": "PUT",
      "path": "/store?graph=urn:x"}, 405, "no Graph Store writes"),
    ({"data": b"x", "method": "PUT"}, 405, "read-only"),
    ({"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}}, 400, "SERVICE"),
    ({"params": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}}, 400, "LOAD"),
    ({"params": {"query": "SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }"}}, 400, "never fetched"),
    ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "error at 1:"),
    ({"data": form(query="SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000), "headers": FORM}, 413, "larger than 4096"),
    ({"params": {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"}}, 400, "more than 2000 rows"),
    ({"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "not acceptable"),
])
def test_refusals_come_with_a_status_and_one_line_reason(server, request_args, status, reason):
    base, _ = server
    args = dict(request_args)
    path = args.pop("path", "/sparql")
    got, _, body = call(base, path, **args)
    assert (got, reason in body.decode()) == (status, True), body
    assert body.decode().strip().count("\n") == 0
    ok, _, after = call(base, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
    assert ok == 200 and json.loads(after)["boolean"] is True


def test_a_runaway_query_is_stopped_and_the_server_keeps_serving(server, seed_dir):
    base, _ = server
    started = time.monotonic()
    status, _, body = call(base, params={"query": RUNAWAY})
    assert status == 503 and b"time limit" in body
    assert time.monotonic() - started < 10
    for _ in range(3):  # the other worker answers at once; the stopped one is replaced
        ok, _, answer = call(base, data=form(query=named_query("people").text), headers=FORM)
        assert ok == 200 and b"Greg Brutus" in answer


def test_explain_endpoint_and_the_page(server, store_dir, seed_dir):
    base, _ = server
    rows = json.loads(cli(store_dir, "--named", "agreements", "--format", "json"))["results"]["bindings"]
    iri = next(r["agreement"]["value"] for r in rows if r["kind"]["value"] == "infrastructure-sharing"
               and r["article"]["value"] == "att-china-telecom-2012")
    status, _, body = call(base, "/explain", params={"iri": iri})
    fact = json.loads(body)
    assert status == 200 and fact["types"] == ["tg:Agreement"]
    [ev] = fact["evidence"]
    assert [ev["sentence"][s:e] for s, e in ev["marks"]] == ["AT&T", "China Telecom"]
    assert (ev["article"], ev["start"], ev["end"]) == ("att-china-telecom-2012", 113, 288)
    assert call(base, "/explain", params={"iri": "urn:nothing"})[0] == 404
    status, headers, page = call(base, "/")
    assert status == 200 and b"/static/vendor/yasqe/yasqe.min.js" in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    catalogue = json.loads(call(base, "/queries")[2])
    assert {q["name"] for q in catalogue["queries"]} >= {"agreements", "carrier", "provenance"}
    assert call(base, "/static/vendor/yasqe/LICENSE")[0] == 200
