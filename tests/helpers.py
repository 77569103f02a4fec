"""Run text through the whole path (pipeline -> graph -> SPARQL facts view) for tests."""
from __future__ import annotations

import pyoxigraph as ox

from telegraph_kg.articles import Article
from telegraph_kg.pipeline import extract
from telegraph_kg.rdf import article_graph
from telegraph_kg.sink import quads
from telegraph_kg.view import views


def facts_view(nlp, text: str, published: str | None = None, article_id: str = "case") -> dict:
    store = ox.Store()
    for facts in extract(nlp, [Article(id=article_id, text=text, published=published)]):
        store.extend(quads(article_graph(facts)))
    return next(views(store))
