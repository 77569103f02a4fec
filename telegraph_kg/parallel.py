"""Extraction over worker processes: each builds the pipeline once, batches go out in a
bounded window (memory stays flat), and results come back in input order."""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

import pyoxigraph as ox

from telegraph_kg.articles import Article

_NLP = None
_MODEL = None


def _init(model: str | None) -> None:
    global _NLP, _MODEL
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent handles Ctrl-C and cleans up
    _MODEL = model


def extract_batch(articles: list[Article], model: str | None = None) -> list[tuple[str, bytes | None, str | None]]:
    """(article id, N-Quads bytes or None, error or None) per article; the pipeline is built once per process."""
    global _NLP
    from telegraph_kg.pipeline import build, extract_safe
    from telegraph_kg.rdf import article_triples
    from telegraph_kg.sink import quads

    if _NLP is None:
        _NLP = build(model if model is not None else _MODEL)
    out = []
    for article, facts, error in extract_safe(_NLP, articles):
        if error:
            out.append((article.id, None, error))
        else:
            out.append((article.id, ox.serialize(quads(article_triples(facts)), format=ox.RdfFormat.N_QUADS), None))
    return out


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch = []
    for a in articles:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_parallel(articles: Iterable[Article], workers: int, model: str | None = None,
                     batch_size: int = 16) -> Iterator[tuple[str, bytes | None, str | None]]:
    """Results in input order, with at most 2 x workers batches in flight."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(model,))
    try:
        window: deque = deque()
        for batch in batches(articles, batch_size):
            window.append(pool.submit(extract_batch, batch))
            if len(window) >= 2 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
