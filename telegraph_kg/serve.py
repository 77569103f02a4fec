"""The SPARQL 1.1 Protocol endpoint and browser page: Starlette under uvicorn.

Queries run in worker processes that each open the store read-only: pyoxigraph cannot cancel a
query, so one that runs past the time limit is stopped by ending its process, and a fresh worker
takes its place while the others go on serving."""
from __future__ import annotations

import asyncio
import json
import multiprocessing
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from telegraph_kg import query as q
from telegraph_kg.rdf import PREFIXES

WEB = Path(__file__).resolve().parent / "web"
RESULT_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/trig": "trig",
               "application/n-triples": "ntriples", "application/n-quads": "nquads"}
CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"


def negotiate(accept: str | None, fmt: str | None = None) -> tuple[str | None, str | None]:
    """(results format, graph format) the client takes, by Accept q-values; None: it takes none."""
    if fmt:
        return (fmt if fmt in q.RESULT_FORMATS else None), (fmt if fmt in q.GRAPH_FORMATS else None)
    if not accept:
        return "json", "turtle"
    prefs = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [s.strip() for s in part.split(";")]
        weight = next((o[2:] for o in opts if o.startswith("q=")), "1")
        try:
            prefs.append((-float(weight), i, media.lower()))
        except ValueError:
            continue
    results = graph = None
    for weight, _, media in sorted(prefs):
        if weight == 0:
            continue
        results = results or RESULT_TYPES.get(media) or ("json" if media in ("*/*", "application/*") else
                                                         "csv" if media == "text/*" else None)
        graph = graph or GRAPH_TYPES.get(media) or ("turtle" if media in ("*/*", "text/*") else None)
    return results, graph


def answer(store, request: dict) -> tuple[int, str, bytes]:
    """One request in a worker: (HTTP status, media type, body)."""
    from telegraph_kg.explain import explain

    if request["kind"] == "explain":
        try:
            return 200, "application/json", json.dumps(explain(store, request["iri"])).encode("utf-8")
        except LookupError as exc:
            return 404, "text/plain", str(exc).encode("utf-8")
    try:
        result = q.run(store, request["query"], request["params"])
        graph_answer = not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
        fmt = request["graph"] if graph_answer else request["results"]
        if fmt is None:
            kinds = ", ".join(GRAPH_TYPES if graph_answer else RESULT_TYPES)
            return 406, "text/plain", f"not acceptable: this answer comes as one of {kinds}".encode("utf-8")
        body = q.serialize(result, fmt, request["max_rows"])
    except (SyntaxError, q.Refused, q.TooManyRows, RuntimeError, ValueError) as exc:
        return 400, "text/plain", f"query: {exc}".encode("utf-8")
    media = (q.GRAPH_FORMATS if graph_answer else q.RESULT_FORMATS)[fmt].media_type
    return 200, media, body


def _work(store_dir: str, conn) -> None:
    from telegraph_kg.store import open_store

    try:
        store = open_store(store_dir, read_only=True)
    except OSError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(answer(store, request))
        except Exception as exc:  # a worker answers every request, whatever went wrong
            conn.send((500, "text/plain", f"query failed: {exc}".encode("utf-8")))


class Worker:
    def __init__(self, store_dir: str):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_work, args=(store_dir, child), daemon=True)
        self.proc.start()
        child.close()
        status, detail = self.conn.recv()
        if status != "ready":
            self.stop()
            raise OSError(detail)

    def call(self, request: dict, timeout: float):
        self.conn.send(request)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join()


class Pool:
    """Idle workers in a queue; a request borrows one, and a stopped one is replaced in the background."""

    def __init__(self, store_dir: str, size: int, timeout: float):
        self.store_dir, self.size, self.timeout = store_dir, size, timeout
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()

    def _spawn(self) -> Worker:
        worker = Worker(self.store_dir)
        self.all.add(worker)
        return worker

    async def start(self) -> None:
        for _ in range(self.size):
            self.idle.put_nowait(await anyio.to_thread.run_sync(self._spawn))

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        self.all.discard(worker)
        loop = asyncio.get_running_loop()
        loop.run_in_executor(None, lambda: loop.call_soon_threadsafe(self.idle.put_nowait, self._spawn()))

    async def call(self, request: dict) -> tuple[int, str, bytes]:
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.timeout)
        except TimeoutError:
            return 503, "text/plain", b"all query workers are busy; try again shortly"
        try:
            result = await anyio.to_thread.run_sync(worker.call, request, self.timeout)
        except TimeoutError:
            self._replace(worker)
            return 503, "text/plain", f"query stopped: it ran past the {self.timeout:g} s time limit".encode()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return 500, "text/plain", f"query worker failed: {exc}".encode()
        self.idle.put_nowait(worker)
        return result

    def stop(self) -> None:
        for worker in list(self.all):
            worker.stop()


def _error(status: int, message: str, **headers) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


async def _body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` bytes."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store_dir: str, timeout: float = 5.0, max_rows: int = 10000, max_body: int = 65536,
               workers: int = 2) -> Starlette:
    named = q.named_queries()
    catalogue = {"prefixes": PREFIXES,
                 "queries": [{"name": n.name, "description": n.description, "params": n.params,
                              "example": n.example, "text": q.page(n.text, q.PAGE)} for n in named.values()]}
    pool = Pool(store_dir, workers, timeout)

    async def sparql(request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return _error(405, f"{request.method} is not accepted: this endpoint is read-only (GET or POST a query)",
                          Allow="GET, POST")
        body = await _body(request, max_body)
        if body is None:
            return _error(413, f"request body larger than {max_body} bytes")
        fields = {k: v for k, v in request.query_params.multi_items()}
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST":
            if ctype == "application/x-www-form-urlencoded":
                fields.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"),
                                                             keep_blank_values=True).items()})
            elif ctype == "application/sparql-query":
                fields["query"] = body.decode("utf-8", "replace")
            elif ctype == "application/sparql-update":
                fields["update"] = body.decode("utf-8", "replace")
            else:
                return _error(415, f"POST a form (query=...) or application/sparql-query, not {ctype or 'no type'}")
        if "update" in fields:
            return _error(403, "SPARQL Update is not accepted: this endpoint is read-only")
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            return _error(400, "default-graph-uri and named-graph-uri are not supported: use GRAPH in the query")
        text = fields.get("query")
        if not text:
            return _error(400, "no query: send query=... (GET or form POST) or an application/sparql-query body")
        try:
            if q.check(text, allow_update=True) == "update":
                return _error(403, "SPARQL Update is not accepted: this endpoint is read-only")
        except q.Refused as exc:
            return _error(400, f"query: {exc}")
        results, graph = negotiate(request.headers.get("accept"), fields.get("format"))
        params = {k[1:]: v for k, v in fields.items() if k.startswith("$") and len(k) > 1}
        status, media, payload = await pool.call({"kind": "query", "query": text, "params": params,
                                                  "results": results, "graph": graph, "max_rows": max_rows})
        if media.startswith("text/") and "charset" not in media:
            media += "; charset=utf-8"
        return Response(payload, status_code=status, media_type=media)

    async def explain(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        status, media, payload = await pool.call({"kind": "explain", "iri": iri})
        return Response(payload, status_code=status, media_type=media)

    async def queries(request: Request) -> Response:
        return JSONResponse(catalogue)

    async def index(request: Request) -> Response:
        return FileResponse(WEB / "index.html", headers={"Content-Security-Policy": CSP})

    async def elsewhere(request: Request) -> Response:
        if request.method in ("PUT", "POST", "DELETE", "PATCH"):
            return _error(405, f"{request.method} is not accepted: this server is read-only (no Graph Store writes)",
                          Allow="GET")
        return _error(404, f"nothing at {request.url.path}: the SPARQL endpoint is /sparql")

    @asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            pool.stop()

    every = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    return Starlette(routes=[
        Route("/", index), Route("/sparql", sparql, methods=every), Route("/explain", explain),
        Route("/queries", queries), Mount("/static", StaticFiles(directory=WEB)),
        Route("/{path:path}", elsewhere, methods=every),
    ], lifespan=lifespan)


def serve(store_dir: str, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Run until interrupted, holding the store's writer lock so that no load changes it meanwhile."""
    import uvicorn

    from telegraph_kg.store import hold_writer_lock, open_store

    store = open_store(store_dir, read_only=True)
    triples, graphs = len(store), sum(1 for _ in store.named_graphs())
    del store
    lock = hold_writer_lock(store_dir)
    print(f"telegraph-kg: serving {store_dir} ({triples} triples, {graphs} graphs) at http://{host}:{port}/ "
          f"(SPARQL endpoint http://{host}:{port}/sparql)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(create_app(store_dir, **options), host=host, port=port, log_level="warning")
    finally:
        lock.close()
