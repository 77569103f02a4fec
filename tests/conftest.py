"""Shared fixtures: the spaCy pipeline is built once per test session, and the bundled
corpus (plus the shared seed, where present) is extracted once into a TriG file."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_ARTICLES = SHARED / "seeds" / "articles"
SEED_GOLD = SHARED / "seeds" / "gold"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from telegraph_kg.pipeline import build
    return build()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not SEED_ARTICLES.is_dir():
        pytest.skip("../shared/seeds is not here (outside the project workspace)")
    return SEED_ARTICLES


def _extract(nlp, sources, path: Path) -> Path:
    from telegraph_kg.job import Tally, article_facts, graphs
    from telegraph_kg.sink import write_graphs

    write_graphs(graphs(article_facts(nlp, [str(s) for s in sources], Tally(), report=lambda m: None)), str(path), "trig")
    return path


@pytest.fixture(scope="session")
def seed_graph(nlp, seed_dir, tmp_path_factory) -> Path:
    return _extract(nlp, [seed_dir], tmp_path_factory.mktemp("seed") / "seed.trig")


@pytest.fixture(scope="session")
def corpus_graph(nlp, tmp_path_factory) -> Path:
    """Every corpus article (dev and test), and the seed when ../shared is present."""
    sources = [CORPUS / "dev" / "articles", CORPUS / "test" / "articles"]
    if SEED_ARTICLES.is_dir():
        sources.append(SEED_ARTICLES)
    return _extract(nlp, [s for s in sources if s.is_dir()], tmp_path_factory.mktemp("corpus") / "corpus.trig")
