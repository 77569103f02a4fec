"""The quality gate: extraction scored against gold must not fall below corpus/thresholds.json."""
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from telegraph_kg.evaluate import evaluate, load_gold
from telegraph_kg.job import Tally, article_facts, graphs
from telegraph_kg.sink import quads
from telegraph_kg.view import views
from tests.conftest import CORPUS, SEED_ARTICLES, SEED_GOLD

THRESHOLDS = json.loads((CORPUS / "thresholds.json").read_text("utf-8"))
SETS = {"test": (CORPUS / "test" / "articles", CORPUS / "test" / "gold"),
        "dev": (CORPUS / "dev" / "articles", CORPUS / "dev" / "gold"),
        "seed": (SEED_ARTICLES, SEED_GOLD)}


@pytest.mark.parametrize("name", sorted(set(SETS) & set(THRESHOLDS)))
def test_scores_hold(nlp, name):
    articles, gold = SETS[name]
    if not articles.is_dir():
        pytest.skip(f"{articles} is not here (../shared is outside the project workspace)")
    store = ox.Store()
    for g in graphs(article_facts(nlp, [str(articles)], Tally(), report=lambda m: None)):
        store.extend(quads(g))
    report = evaluate({v["article"]: v for v in views(store)}, load_gold(gold))
    measured = {cat: round(s.f1, 3) for cat, s in report.scores.items()}
    print(f"{name}: {measured}")
    for cat, floor in THRESHOLDS[name].items():
        assert measured[cat] >= floor, f"{name} {cat} F1 {measured[cat]} fell below the gate {floor}"
