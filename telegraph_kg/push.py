"""Send article graphs to another triple store with the SPARQL 1.1 Graph Store HTTP Protocol:
one PUT per named graph, so pushing again replaces each graph and never duplicates it."""
from __future__ import annotations

import base64
import os
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pyoxigraph as ox

AUTH_ENV = "TELEGRAPH_KG_PUSH_AUTH"


class PushError(OSError):
    """The target refused a graph or could not be reached; the message names the graph and URL."""


def credentials(env_var: str = AUTH_ENV) -> str | None:
    """'user:password' from the environment (never from the command line, where `ps` shows it)."""
    value = os.environ.get(env_var)
    if value is not None and ":" not in value:
        raise PushError(f"${env_var} must be USER:PASSWORD")
    return value or None


def graph_request(url: str, graph: ox.NamedNode | ox.DefaultGraph, body: bytes, auth: str | None) -> Request:
    target = "default" if isinstance(graph, ox.DefaultGraph) else "graph=" + quote(graph.value, safe="")
    req = Request(f"{url}{'&' if '?' in url else '?'}{target}", data=body, method="PUT",
                  headers={"Content-Type": "application/n-triples"})
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii"))
    return req


def push(store: ox.Store, url: str, auth: str | None = None, timeout: float = 60, report=None) -> tuple[int, int]:
    """PUT each named graph (and a non-empty default graph) to the Graph Store `url`;
    returns (graphs, triples) sent."""
    if not url.startswith(("http://", "https://")):
        raise PushError(f"{url}: give the Graph Store's http(s) URL, e.g. http://127.0.0.1:7878/store")
    names = sorted(store.named_graphs(), key=str)
    graphs = triples = 0
    for name in names + ([ox.DefaultGraph()] if _has_default(store) else []):
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        try:
            with urlopen(graph_request(url, name, body, auth), timeout=timeout):
                pass
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise PushError(f"PUT {name} to {url}: HTTP {exc.code} {exc.reason}"
                            + (f": {detail[0]}" if detail else "") + f" ({graphs} graphs pushed before)") from None
        except (URLError, OSError) as exc:
            raise PushError(f"{url}: {getattr(exc, 'reason', exc)} ({graphs} graphs pushed before)") from None
        count = body.count(b"\n")
        graphs, triples = graphs + 1, triples + count
        if report:
            report(f"PUT {name} ({count} triples)")
    return graphs, triples


def _has_default(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
