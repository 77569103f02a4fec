"""`push`: article graphs PUT to a real Oxigraph server (from the `oxigraph` package) on 127.0.0.1;
a second push replaces each graph, so the server's triple count does not grow."""
import base64
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from telegraph_kg.cli import main
from telegraph_kg.push import graph_request
from tests.test_serve import free_port, make_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph==0.5.13, in the test extra)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urlopen(f"{base}/query?{urlencode({'query': 'ASK {}'})}", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not start: {proc.stderr.read()}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def triples_at(base) -> int:
    req = f"{base}/query?{urlencode({'query': COUNT})}"
    with urlopen(req, timeout=10) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def push(*args, env=None):
    return CliRunner().invoke(main, ["push", *map(str, args)], env=env)


def test_two_pushes_leave_the_same_triples(oxigraph_server, corpus_graph, tmp_path):
    store_dir = make_store(tmp_path / "store", [corpus_graph])
    store = ox.Store.read_only(str(store_dir))
    expected, graphs = len(store), sum(1 for _ in store.named_graphs())
    del store
    for _ in range(2):
        result = push("--store", store_dir, "--to", f"{oxigraph_server}/store")
        assert result.exit_code == 0, result.output
        assert f"pushed {graphs} graphs ({expected} triples)" in result.output
        assert triples_at(oxigraph_server) == expected


def test_pushing_a_smaller_article_graph_replaces_it(oxigraph_server, seed_graph, tmp_path):
    assert push(seed_graph, "--to", f"{oxigraph_server}/store").exit_code == 0
    full = triples_at(oxigraph_server)
    quads = list(ox.parse(path=str(seed_graph), format=ox.RdfFormat.TRIG))
    assert full == len(quads)
    smaller = tmp_path / "smaller.nq"
    smaller.write_bytes(ox.serialize(quads[: len(quads) // 2], format=ox.RdfFormat.N_QUADS))
    assert push(smaller, "--to", f"{oxigraph_server}/store").exit_code == 0
    assert triples_at(oxigraph_server) == len(quads) // 2


def test_refusals_and_unreachable_targets_exit_1_naming_the_graph(oxigraph_server, seed_graph):
    refused = push(seed_graph, "--to", f"{oxigraph_server}/nowhere")
    assert refused.exit_code == 1
    assert "HTTP 404" in refused.output and "att-china-telecom-2012" in refused.output
    unreachable = push(seed_graph, "--to", f"http://127.0.0.1:{free_port()}/store")
    assert unreachable.exit_code == 1 and "0 graphs pushed" in unreachable.output
    assert push(seed_graph, "--to", "file:///tmp/x").exit_code == 1


def test_basic_auth_comes_from_the_environment_only(seed_graph):
    req = graph_request("http://127.0.0.1:1/store", ox.NamedNode("https://example.org/g"), b"", "ana:s3cret")
    assert req.get_header("Authorization") == "Basic " + base64.b64encode(b"ana:s3cret").decode()
    assert req.full_url == "http://127.0.0.1:1/store?graph=https%3A%2F%2Fexample.org%2Fg" and req.get_method() == "PUT"
    bad = push(seed_graph, "--to", "http://127.0.0.1:1/store", env={"TELEGRAPH_KG_PUSH_AUTH": "no-colon"})
    assert bad.exit_code == 2 and "USER:PASSWORD" in bad.output
    assert "--password" not in CliRunner().invoke(main, ["push", "--help"]).output
