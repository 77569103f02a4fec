"""Extraction on an existing Dask distributed cluster (`extract --dask ADDRESS`).

The workers run parallel.extract_batch, so a cluster gives the same quads as one process.
A worker plugin builds the spaCy pipeline once per worker process, when it joins; articles
are read lazily and at most a few batches per worker thread are in flight, so the corpus
never sits in the client's memory; results come back in input order; a batch whose worker
dies is rerun by the scheduler, and resubmitted if the scheduler gives up on it.
Needs the optional extra: pip install 'telegraph-kg[dask]'.
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import Iterable, Iterator

from telegraph_kg import parallel
from telegraph_kg.articles import Article
from telegraph_kg.job import ClusterError

PLUGIN_NAME = "telegraph-kg-pipeline"
_PIPELINES: dict = {}                 # model name -> built pipeline, per worker process
_LOCK = threading.Lock()              # one spaCy pipeline is not shared between threads


def _pipeline(model: str | None):
    if model not in _PIPELINES:
        from telegraph_kg.pipeline import build
        _PIPELINES[model] = build(model)
    return _PIPELINES[model]


def run_batch(batch: list[Article], model: str | None) -> list[tuple[str, bytes | None, str | None]]:
    """The task: parallel.extract_batch with this worker's pipeline."""
    with _LOCK:
        parallel._NLP = _pipeline(model)
        return parallel.extract_batch(batch, model)


try:
    from distributed import WorkerPlugin
except ImportError:                   # the extra is not installed: connect() says so
    WorkerPlugin = object


class PipelinePlugin(WorkerPlugin):
    """Builds the pipeline when a worker starts (or joins later), off the worker's event loop."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None = None):
        self.model = model

    async def setup(self, worker):
        def build():
            with _LOCK:
                _pipeline(self.model)
        await asyncio.get_running_loop().run_in_executor(None, build)


def connect(address: str, model: str | None = None, timeout: str = "30s"):
    """A client on the cluster at `address`, with the pipeline built on every worker."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(f"--dask needs the dask extra: pip install 'telegraph-kg[dask]' ({exc})") from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        client.register_plugin(PipelinePlugin(model), name=PLUGIN_NAME)
    except Exception as exc:
        client.close()
        raise ClusterError(f"the Dask workers cannot build the pipeline: {exc}") from None
    return client


def extract_dask(articles: Iterable[Article], address: str, model: str | None = None, batch_size: int = 16,
                 retries: int = 2, resubmits: int = 2) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(article id, N-Quads bytes or None, error or None) per article, in input order."""
    client = connect(address, model)
    from distributed import KilledWorker

    window: deque = deque()

    def submit(batch):
        # pure=False: a resubmitted batch gets a fresh key instead of the failed result.
        return client.submit(run_batch, batch, model, retries=retries, pure=False)

    def result(batch, future):
        for attempt in range(resubmits + 1):
            try:
                return future.result()
            except KilledWorker:
                if attempt == resubmits:
                    raise ClusterError(f"Dask workers kept dying on the batch starting with article "
                                       f"{batch[0].id!r}; giving up") from None
                future = submit(batch)
            except Exception as exc:      # retries spent: a task error, not a dead worker
                raise ClusterError(f"a Dask task failed on the batch starting with article {batch[0].id!r}: "
                                   f"{type(exc).__name__}: {exc}") from None

    try:
        limit = max(2, 2 * sum(client.nthreads().values()))
        for batch in parallel.batches(articles, batch_size):
            window.append((batch, submit(batch)))
            if len(window) >= limit:
                yield from result(*window.popleft())
        while window:
            yield from result(*window.popleft())
    finally:
        try:
            client.cancel([f for _, f in window])
        finally:
            client.close()
