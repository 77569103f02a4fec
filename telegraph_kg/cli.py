"""Command line: thin wrappers over the library. Exit 0 success, 1 partial or failed check,
2 usage error or unreadable input."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from telegraph_kg import __version__


def _fail(message: str, code: int = 2):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _nlp(model: str | None):
    from telegraph_kg.pipeline import ModelMissing, build
    try:
        return build(model)
    except ModelMissing as exc:
        _fail(str(exc))


_interrupted = False


def _interrupt(signum, frame):
    """SIGTERM ends a run like Ctrl-C: the half-written output is removed, the old one kept.
    The flag stays set: an exception raised inside an at-fork hook or a finalizer (as when the
    signal lands while worker processes are forked) is swallowed by Python."""
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _unless_interrupted(items):
    for item in items:
        if _interrupted:
            raise KeyboardInterrupt
        yield item
    if _interrupted:                  # never rename a finished file into place after a signal
        raise KeyboardInterrupt


@click.group()
@click.version_option(__version__, prog_name="telegraph-kg")
def main():
    """Read telecom news and build an RDF knowledge graph of what happened."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' for stdout).")
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]),
              help="RDF format (default: from the output file's extension; N-Quads on stdout).")
@click.option("--model", envvar="TELEGRAPH_KG_MODEL", help="spaCy model name or path.")
@click.option("--batch-size", default=32, show_default=True)
@click.option("--workers", type=int, default=None, help="Worker processes (default: the number of cores).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Write into this on-disk store instead of -o, each article's graph replacing its previous one.")
@click.option("--dask", "dask_address", envvar="TELEGRAPH_KG_DASK", metavar="ADDRESS",
              help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); needs the dask extra.")
def extract(sources, output, fmt, model, batch_size, workers, progress, store_dir, dask_address):
    """Extract facts from articles (files, directories, .jsonl, '-' for stdin) into RDF."""
    import signal

    from telegraph_kg.job import ClusterError, Tally, quad_batches
    from telegraph_kg.parallel import default_workers
    from telegraph_kg.sink import format_for, write_quads

    try:
        fmt = format_for(output, fmt)
        if store_dir:
            from telegraph_kg.store import open_store, store_quads
            store = open_store(store_dir)
    except (ValueError, OSError) as exc:
        _fail(str(exc))
    workers = workers or default_workers()
    nlp = _nlp(model) if workers <= 1 and not dask_address else None
    if workers > 1 and not dask_address:
        from telegraph_kg.pipeline import ModelMissing, load_model
        try:
            load_model(model)                      # fail fast, before any worker starts
        except ModelMissing as exc:
            _fail(str(exc))
    tally = Tally()
    show = sys.stderr.isatty() if progress is None else progress
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        batches = _unless_interrupted(quad_batches(sources, tally, nlp=nlp, workers=workers, model=model,
                                                   progress=show, batch_size=batch_size, dask_address=dask_address))
        if store_dir:
            store_quads(store, batches)
        else:
            write_quads(batches, output, fmt)
    except KeyboardInterrupt:
        _fail("interrupted; previous output left as it was", 130)
    except ClusterError as exc:
        _fail(f"{exc}; previous output left as it was")
    click.echo(f"extracted {tally.articles} articles ({tally.words} words), rejected {len(tally.rejected)} inputs",
               err=True)
    if tally.rejected:
        sys.exit(1 if tally.articles else 2)


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default="-", help="Directory for one JSON file per article ('-': JSON Lines on stdout).")
def facts(graphs, output):
    """Write the spec-format facts view of each article in GRAPHS, read with SPARQL."""
    from telegraph_kg.view import load_files, views

    try:
        store = load_files(graphs)
    except (ValueError, OSError, SyntaxError) as exc:
        _fail(str(exc))
    count = 0
    for view in views(store):
        count += 1
        if output == "-":
            click.echo(json.dumps(view, ensure_ascii=False))
        else:
            out = Path(output)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{view['article']}.json").write_text(json.dumps(view, ensure_ascii=False, indent=2) + "\n", "utf-8")
    click.echo(f"{count} articles", err=True)


@main.command()
@click.option("--gold", required=True, type=click.Path(exists=True, file_okay=False), help="Folder of gold JSON files.")
@click.argument("articles", nargs=-1)
@click.option("--graph", "graph_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Score an extracted graph instead of extracting ARTICLES.")
@click.option("--errors", is_flag=True, help="List each missed and spurious item with its sentence.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the report as JSON ('-' for stdout).")
@click.option("--min-f1", multiple=True, help="CATEGORY=VALUE: exit 1 when a category's F1 is below VALUE.")
@click.option("--model", envvar="TELEGRAPH_KG_MODEL")
def evaluate(gold, articles, graph_files, errors, json_out, min_f1, model):
    """Score extraction against gold per the gold spec, section 4."""
    import pyoxigraph as ox

    from telegraph_kg.evaluate import evaluate as run_eval, format_table, load_gold
    from telegraph_kg.job import Tally, article_facts, graphs as to_graphs
    from telegraph_kg.sink import quads
    from telegraph_kg.view import load_files, views

    if bool(articles) == bool(graph_files):
        _fail("give ARTICLES to extract or --graph FILE, not both or neither")
    thresholds = {}
    for item in min_f1:
        cat, _, value = item.partition("=")
        try:
            thresholds[cat] = float(value)
        except ValueError:
            _fail(f"--min-f1 takes CATEGORY=VALUE, got {item!r}")
    if graph_files:
        store = load_files(graph_files)
    else:
        store = ox.Store()
        tally = Tally()
        for g in to_graphs(article_facts(_nlp(model), articles, tally)):
            store.extend(quads(g))
    preds = {v["article"]: v for v in views(store)}
    gold_sets = load_gold(gold)
    report = run_eval(preds, gold_sets)
    click.echo(format_table(report))
    if errors:
        for aid, cat, kind, item in report.errors:
            shown = {k: v for k, v in item.items() if k != "evidence"}
            click.echo(f"{kind:<9} {cat:<15} {aid}: {json.dumps(shown, ensure_ascii=False)}")
            if item.get("evidence"):
                click.echo(f"          [{item['evidence']['rule']}] {item['evidence']['sentence']}")
        for aid, cat, attr, g, p in report.attr_errors:
            click.echo(f"attribute {cat:<15} {aid}: {attr} gold={json.dumps(g, ensure_ascii=False)} "
                       f"predicted={json.dumps(p, ensure_ascii=False)}")
    if json_out:
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
        if json_out == "-":
            click.echo(text)
        else:
            Path(json_out).write_text(text + "\n", "utf-8")
    failed = [c for c, v in thresholds.items() if report.scores.get(c) is None or report.scores[c].f1 < v]
    for cat in failed:
        click.echo(f"below threshold: {cat} F1 {report.scores[cat].f1:.3f} < {thresholds[cat]}"
                   if cat in report.scores else f"unknown category {cat!r}", err=True)
    if failed:
        sys.exit(1)


from telegraph_kg.cli_graph import register  # noqa: E402  (graph commands: load, query, validate, serve, ...)
register(main)
