"""The extract job: sources -> articles -> facts -> graphs -> sink, reporting bad input as it goes."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from rdflib import Graph

from telegraph_kg.articles import Article, InputError, read_sources
from telegraph_kg.facts import ArticleFacts
from telegraph_kg.rdf import article_graph


@dataclass
class Tally:
    articles: int = 0
    words: int = 0
    rejected: list[InputError] = field(default_factory=list)


def good_articles(sources: Iterable[str], tally: Tally, report: Callable[[str], None]) -> Iterator[Article]:
    for item in read_sources(sources):
        if isinstance(item, InputError):
            tally.rejected.append(item)
            report(f"error: {item}")
        else:
            yield item


def article_facts(nlp, sources: Iterable[str], tally: Tally, report: Callable[[str], None] = None,
                  progress: bool = False, batch_size: int = 32) -> Iterator[ArticleFacts]:
    from telegraph_kg.pipeline import extract

    report = report or (lambda msg: print(msg, file=sys.stderr))
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)
    try:
        def counted(articles):
            for a in articles:
                tally.words += len(a.text.split())
                yield a
        for facts in extract(nlp, counted(good_articles(sources, tally, report)), batch_size=batch_size):
            tally.articles += 1
            if bar is not None:
                bar.update(1)
            yield facts
    finally:
        if bar is not None:
            bar.close()


def graphs(facts: Iterable[ArticleFacts]) -> Iterator[Graph]:
    for f in facts:
        yield article_graph(f)
