"""The extract job: sources -> articles -> facts -> graphs -> quads, reporting bad input as it goes."""
from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from telegraph_kg.articles import Article, InputError, read_sources
from telegraph_kg.facts import ArticleFacts
from telegraph_kg.rdf import article_graph, article_triples
from telegraph_kg.sink import quads


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or cannot run the job; the message says why."""


@dataclass
class Tally:
    articles: int = 0
    words: int = 0
    rejected: list[str] = field(default_factory=list)


def _stderr(msg: str) -> None:
    sys.stderr.write(msg + "\n")          # one write: a signal cannot split a line from its newline
    sys.stderr.flush()


def good_articles(sources: Iterable[str], tally: Tally, report: Callable[[str], None]) -> Iterator[Article]:
    for item in read_sources(sources):
        if isinstance(item, InputError):
            tally.rejected.append(str(item))
            report(f"error: {item}")
        else:
            tally.words += len(item.text.split())
            yield item


def _progress(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)


def article_facts(nlp, sources: Iterable[str], tally: Tally, report: Callable[[str], None] = _stderr,
                  batch_size: int = 32) -> Iterator[ArticleFacts]:
    """Facts of every good article, in input order, in this process."""
    from telegraph_kg.pipeline import extract_safe

    for article, facts, error in extract_safe(nlp, good_articles(sources, tally, report), batch_size):
        if error:
            tally.rejected.append(f"{article.origin}: {error}")
            report(f"error: {article.origin}: {error}")
            continue
        tally.articles += 1
        yield facts


def graphs(facts: Iterable[ArticleFacts]):
    for f in facts:
        yield article_graph(f)


def quad_batches(sources: Iterable[str], tally: Tally, nlp=None, workers: int = 1, model: str | None = None,
                 report: Callable[[str], None] = _stderr, progress: bool = False,
                 batch_size: int = 32, dask_address: str | None = None) -> Iterator[list]:
    """One list of quads per article, in input order, from this process, worker processes or
    a Dask cluster (dask_address)."""
    bar = _progress(progress)
    try:
        if workers <= 1 and not dask_address:
            for facts in article_facts(nlp, sources, tally, report, batch_size):
                if bar is not None:
                    bar.update(1)
                yield quads(article_triples(facts))
            return
        # Results come back in input order, so the origins of articles in flight are a queue:
        # an error names the file (and line) as in a single-process run.
        origins: deque = deque()

        def sent():
            for article in good_articles(sources, tally, report):
                origins.append(article.origin)
                yield article

        if dask_address:
            from telegraph_kg.dask_backend import extract_dask
            results = extract_dask(sent(), dask_address, model)
        else:
            from telegraph_kg.parallel import extract_parallel
            results = extract_parallel(sent(), workers, model)
        for aid, data, error in results:
            origin = origins.popleft()
            if error:
                tally.rejected.append(f"{origin}: {error}")
                report(f"error: {origin}: {error}")
                continue
            tally.articles += 1
            if bar is not None:
                bar.update(1)
            yield list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    finally:
        if bar is not None:
            bar.close()
