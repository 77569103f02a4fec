"""Commands over a built graph: load, query, validate, serve, explain, push. Thin wrappers over
store.py, query.py, validate.py, serve.py, explain.py and push.py; exit 0 success, 1 failed check,
2 usage error, bad query or unreadable input."""
from __future__ import annotations

import sys

import click

from telegraph_kg.cli import _fail

FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "trig", "ntriples"]


def _source(store_dir, graphs):
    """The store to read: the on-disk store (read-only) or the graph files loaded in memory."""
    from telegraph_kg.store import open_store
    from telegraph_kg.view import load_files

    if bool(store_dir) == bool(graphs):
        _fail("give --store DIR or GRAPH files (one of them)")
    try:
        return open_store(store_dir, read_only=True) if store_dir else load_files(graphs)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    except SyntaxError as exc:
        _fail(f"{', '.join(graphs)}: {exc}")


def _params(items) -> dict:
    from telegraph_kg.query import split_param
    try:
        return dict(split_param(i) for i in items)
    except ValueError as exc:
        _fail(str(exc))


@click.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False), help="Store directory.")
def load(graphs, store_dir):
    """Load GRAPHS (TriG, N-Quads, ...) into the on-disk store; each named graph replaces the
    store's graph of that name, so loading again never duplicates."""
    from telegraph_kg.store import StoreError, load_files, open_store

    try:
        store = open_store(store_dir)
        tally = load_files(store, graphs)
    except (StoreError, ValueError) as exc:
        _fail(str(exc))
    click.echo(f"loaded {tally['graphs']} graphs from {tally['files']} files; {store_dir} holds {len(store)} triples",
               err=True)


@click.command()
@click.argument("args", nargs=-1)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False), help="Query from a .rq file.")
@click.option("--named", help="A named query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable: a string, or an IRI written <...> or http(s)://...")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Query this store (else GRAPH files).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Answer format (default: table on a terminal, else CSV; CONSTRUCT/DESCRIBE: Turtle).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--update", is_flag=True, help="Allow SPARQL Update (against --store only).")
@click.option("--limit", type=int, default=None,
              help=f"Rows per page (default {1000} for named queries, all for others; 0: all).")
@click.option("--offset", type=int, default=0, help="Skip this many rows (the next page).")
def query(args, query_file, named, params, store_dir, fmt, list_, update, limit, offset):
    """Ask the graph: `query 'SPARQL' [GRAPH...]`, `query -f FILE.rq [GRAPH...]` or
    `query --named NAME [--param NAME=VALUE] [GRAPH...]`, against GRAPH files or --store DIR."""
    from telegraph_kg import query as q

    if list_:
        for nq in q.named_queries().values():
            head = " ".join([nq.name] + [p.upper() for p in nq.params])
            click.echo(f"{head:<18} {nq.description}")
            for p, help_ in nq.params.items():
                click.echo(f"{'':<18}   --param {p}=...: {help_}")
        return
    if sum(map(bool, (query_file, named))) > 1:
        _fail("give one query: a SPARQL string, -f FILE or --named NAME")
    where = named or query_file or "query"
    if named:
        try:
            text = q.named_query(named).text
        except KeyError as exc:
            _fail(exc.args[0])
        graphs = args
    elif query_file:
        text, graphs = open(query_file, encoding="utf-8").read(), args
    elif args:
        text, graphs = args[0], args[1:]
    else:
        _fail("give a query: a SPARQL string, -f FILE.rq or --named NAME (or --list)")
    if update and not store_dir:
        _fail("--update needs --store DIR (graph files are only read)")
    if update:
        from telegraph_kg.store import open_store
        try:
            store = open_store(store_dir)
        except OSError as exc:
            _fail(str(exc))
    else:
        store = _source(store_dir, graphs)
    if limit is None and named:
        limit = q.PAGE
    if not update:
        text = q.page(text, limit, offset)
    try:
        result = q.run(store, text, _params(params), allow_update=update)
    except (SyntaxError, q.Refused, RuntimeError) as exc:
        _fail(f"{where}: {exc}")
    if result is None:
        click.echo(f"update done; the store holds {len(store)} triples", err=True)
        return
    _write(result, fmt)


def _write(result, fmt):
    import pyoxigraph as ox

    from telegraph_kg import query as q

    graph_answer = isinstance(result, ox.QueryTriples)
    if graph_answer:
        if fmt not in (None, "table", *q.GRAPH_FORMATS):
            _fail(f"--format {fmt} is for SELECT/ASK; this graph answer comes as turtle, trig or ntriples")
        fmt = fmt if fmt in q.GRAPH_FORMATS else "turtle"
    elif fmt in q.GRAPH_FORMATS:
        _fail(f"--format {fmt} is for CONSTRUCT/DESCRIBE; SELECT/ASK answers come as table, csv, tsv, json or xml")
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        click.echo(q.table(result))
    else:
        sys.stdout.buffer.write(q.serialize(result, fmt))
        sys.stdout.buffer.flush()


@click.command()
@click.argument("graphs", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Validate this store.")
def validate(graphs, store_dir):
    """Check GRAPHS or --store DIR against the shipped SHACL shapes, one article graph at a time;
    exit 0 conforms, 1 does not, 2 error (as pySHACL)."""
    from telegraph_kg.validate import validate_store

    store = _source(store_dir, graphs)
    try:
        report = validate_store(store)
    except Exception as exc:  # pySHACL's own errors: exit 2 as pySHACL does
        _fail(f"validation failed to run: {exc}")
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@click.command()
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False), help="Store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless told).")
@click.option("--port", default=7878, show_default=True)
@click.option("--timeout", default=5.0, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10000, show_default=True, help="Most rows (or triples) an answer may have.")
@click.option("--max-body", default=65536, show_default=True, help="Largest request body accepted, in bytes.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
def serve(store_dir, host, port, timeout, max_rows, max_body, workers):
    """Serve the store: SPARQL 1.1 Protocol at /sparql (read-only) and a query page at /."""
    from telegraph_kg.serve import serve as run
    from telegraph_kg.store import StoreError

    try:
        run(store_dir, host, port, timeout=timeout, max_rows=max_rows, max_body=max_body, workers=workers)
    except StoreError as exc:
        _fail(str(exc))


@click.command()
@click.argument("iris", nargs=-1)
@click.option("--named", help="Explain every fact a named query returns.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Parameter of the named query.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Read this store.")
@click.option("-g", "--graph", "graphs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Read these graph files (instead of --store).")
def explain(iris, named, params, store_dir, graphs):
    """Print each fact (FACT_IRI... or the facts of --named NAME) with its evidence: the sentence
    with the names marked, article, offsets and rule id."""
    import pyoxigraph as ox

    from telegraph_kg import query as q
    from telegraph_kg.explain import explain as explain_fact, text

    if bool(iris) == bool(named):
        _fail("give FACT_IRI... or --named NAME (one of them)")
    store = _source(store_dir, graphs)
    if named:
        try:
            result = q.run(store, q.named_query(named).text, _params(params))
        except (KeyError, SyntaxError, RuntimeError) as exc:
            _fail(f"{named}: {exc.args[0]}")
        iris = list(dict.fromkeys(t.value for sol in result for t in sol if isinstance(t, ox.NamedNode)))
        if not iris:
            _fail(f"{named}: no facts in the answer")
    missing = 0
    for i, iri in enumerate(iris):
        try:
            click.echo(("\n" if i else "") + text(explain_fact(store, iri.strip("<>"))))
        except LookupError as exc:
            click.echo(f"error: {exc}", err=True)
            missing += 1
    if missing:
        sys.exit(1 if missing < len(iris) else 2)


@click.command()
@click.argument("graphs", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Push this store's graphs.")
@click.option("--to", "url", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.")
@click.option("--auth-env", default="TELEGRAPH_KG_PUSH_AUTH", show_default=True,
              help="Environment variable holding USER:PASSWORD for basic auth (never on the command line).")
def push(graphs, store_dir, url, auth_env):
    """Send each article's named graph to another triple store (Graph Store Protocol, one PUT per
    graph, so pushing again replaces and never duplicates)."""
    from telegraph_kg.push import PushError, credentials, push as send

    try:
        auth = credentials(auth_env)
    except PushError as exc:
        _fail(str(exc))
    store = _source(store_dir, graphs)
    try:
        count, triples = send(store, url, auth)
    except PushError as exc:
        _fail(str(exc), 1)
    click.echo(f"pushed {count} graphs ({triples} triples) to {url}", err=True)


def register(main_group: click.Group) -> None:
    for command in (load, query, validate, serve, explain, push):
        main_group.add_command(command)
