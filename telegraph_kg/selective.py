"""Selective parsing: only sentences that can hold a fact go through the dependency parser.

Every sentence gets NER and sentence boundaries; a sentence is parsed only when the rules could
read a fact from it: a deal trigger of the rule files next to an organization, or a metric
word next to a number. The rest get a flat tree and are read only for their entities."""
from __future__ import annotations

from functools import lru_cache
import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from telegraph_kg.rules import rule_table

PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
ORGISH = {"ORG", "PERSON", "PRODUCT", "GPE", "NORP", "FAC"}
IRREGULAR = {"buy": ["bought"], "take": ["took", "taken"], "sell": ["sold"], "win": ["won"], "strike": ["struck"],
             "lose": ["lost"], "make": ["made"], "bid": ["bidding"], "spend": ["spent"], "tie": ["tied", "tying"],
             "fall": ["fell", "fallen"], "seek": ["sought"], "give": ["gave", "given"], "pay": ["paid"],
             "have": ["has", "had"], "hold": ["held"], "rise": ["rose", "risen"], "grow": ["grew", "grown"],
             "stand": ["stood"], "lay": ["laid"], "swap": ["swapped"], "drop": ["dropped"], "scrap": ["scrapped"],
             "stop": ["stopped"], "bar": ["barred"], "plan": ["planned"], "hand": ["handed"]}


def _forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms | set(IRREGULAR.get(word, []))


@lru_cache(maxsize=1)
def cue_forms() -> tuple[frozenset[str], frozenset[str]]:
    """(deal cues, metric cues): every inflected form of the rule files' trigger and metric words."""
    deals, figures = rule_table("deals.json"), rule_table("figures.json")
    deal: set[str] = set(deals["deal_anaphors"]) | {"merger", "merge", "stake", "venture"}
    for rule in deals["rules"]:
        deal |= set(rule["lemmas"]) | set(rule.get("objects", []))
    for key in ("completed", "blocked", "abandoned", "denial"):
        deal |= {w.split()[0] for w in deals["status"][key]}
    metric: set[str] = {"share", "percent", "cent", "pct", "%", "employ", "employs"}
    for rule in figures["count_nouns"] + figures["money_metrics"]:
        metric |= set(rule.get("lemmas", [])) | {p.split()[-1] for p in rule.get("phrases", [])}
    expand = lambda words: frozenset(f for w in words for f in _forms(w.lower()))
    # 'have' and 'hold' are in almost every sentence; the deal nouns they take are cues already
    return expand(deal) - {"have", "has", "had", "having", "hold", "holds", "held", "holding"}, expand(metric)


def needs_parse(sent) -> bool:
    deal, metric = cue_forms()
    words = {t.lower_ for t in sent}
    labels = {e.label_ for e in sent.ents}
    orgish = bool(labels & ORGISH) or bool(words & {"it", "its", "they", "company", "carrier", "operator", "group"})
    return (orgish and bool(words & deal)) or (bool(labels & NUMERIC or any(t.like_num for t in sent))
                                                and bool(words & metric))


def _flat(doc: Doc) -> Doc:
    """A one-level tree: every token hangs on the first, so spans and sentences still work."""
    arr = np.zeros((len(doc), 2), dtype="uint64")
    root, dep = doc.vocab.strings.add("ROOT"), doc.vocab.strings.add("dep")
    for i in range(len(doc)):
        arr[i, 0] = np.uint64(-i & 0xFFFFFFFFFFFFFFFF)
        arr[i, 1] = root if i == 0 else dep
    doc.from_array([HEAD, DEP], arr)
    return doc


def parse_batch(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """Re-assemble each doc from its sentences, parsing (in one batch for all docs) only the
    sentences `needs_parse` picks."""
    plans = []
    chosen = []
    for doc in docs:
        sents = list(doc.sents)
        parts = [s.as_doc() for s in sents]
        picked = [i for i, s in enumerate(sents) if needs_parse(s)]
        plans.append((parts, picked))
        chosen.extend(parts[i] for i in picked)
    for name, proc in nlp.components:          # all components, also those disabled for stage one
        if name in PARSE_PIPES:
            chosen = list(proc.pipe(chosen))
    it = iter(chosen)
    out = []
    for parts, picked in plans:
        picked_set = set(picked)
        unparsed, offset = set(), 0
        for i, part in enumerate(parts):
            if i in picked_set:
                parts[i] = next(it)
                parts[i].tensor = np.zeros((0,), dtype="float32")
            else:
                _flat(part)
                unparsed.add(offset)
            offset += len(part)
        full = Doc.from_docs(parts, ensure_whitespace=False) if parts else docs[len(out)]
        full.user_data["unparsed_sentences"] = unparsed
        out.append(full)
    return out
