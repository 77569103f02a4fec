"""The extract job: sources -> articles -> facts -> graphs -> quads, reporting bad input as it goes."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from telegraph_kg.articles import Article, InputError, read_sources
from telegraph_kg.facts import ArticleFacts
from telegraph_kg.rdf import article_graph
from telegraph_kg.sink import quads


@dataclass
class Tally:
    articles: int = 0
    words: int = 0
    rejected: list[str] = field(default_factory=list)


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


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
                 batch_size: int = 32) -> Iterator[list]:
    """One list of quads per article, in input order, from this process or from workers."""
    bar = _progress(progress)
    try:
        if workers <= 1:
            for facts in article_facts(nlp, sources, tally, report, batch_size):
                if bar is not None:
                    bar.update(1)
                yield quads(article_graph(facts))
            return
        from telegraph_kg.parallel import extract_parallel

        for aid, data, error in extract_parallel(good_articles(sources, tally, report), workers, model):
            if error:
                tally.rejected.append(f"{aid}: {error}")
                report(f"error: article {aid}: {error}")
                continue
            tally.articles += 1
            if bar is not None:
                bar.update(1)
            yield list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    finally:
        if bar is not None:
            bar.close()
