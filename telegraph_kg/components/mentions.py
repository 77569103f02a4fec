"""Mentions to entities: one table per article mapping spans, short names, descriptions
and pronouns to canonical entities (gazetteer first, then normalised names)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from telegraph_kg import gazetteer
from telegraph_kg.facts import Entity, Evidence
from telegraph_kg.normalize.money import currency_codes, find_money
from telegraph_kg.normalize.names import clean_mention, match_key
from telegraph_kg.rules import lexicon, roles

DATELINE = re.compile(r"^\s*(?:([A-Z][A-Za-z.'\-/ ]{1,60}?)(?:\s*,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][a-z]+)?)?\s*)?"
                      r"(?:,?\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?(?:\s*,\s*\d{4})?\s*(\([A-Za-z ]+\))?\s*(?:-{1,2}|–|—|:)\s")
PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|per ?cent\b|pct\b|pc\b|percentage points?\b)", re.I)
PRONOUNS_ORG = {"it", "its"}
NAME_TAILS = {"communications", "telecommunications", "international", "networks", "systems", "enterprises",
              "industries", "technologies", "services", "company", "wireless", "telecom"}
CORPORATE_SUFFIXES = {"inc", "corp", "corporation", "co", "ltd", "limited", "plc", "sa", "ag", "nv", "llc", "bv",
                      "spa", "ab", "asa", "oyj", "bhd", "tbk", "pty", "gmbh", "se", "holdings"}
SUFFIX_WORD = re.compile(r"\b(?:Inc|Corp|Corporation|Ltd|Limited|Plc|PLC|SA|AG|NV|LLC|BV|SpA|AB|ASA|Oyj|Bhd|Tbk|Pty|"
                         r"GmbH|SE|Holdings)\b\.?")
WEAK_NEXT = {"said", "says", "has", "had", "have", "will", "would", "is", "was", "plans", "agreed", "announced",
             "signed", "reported", "posted", "added", "declined", "confirmed", "denied", "bought", "sold", "launched",
             "chief", "spokesman", "spokeswoman", "shares", "'s", "’s"}
WEAK_PREV = {"rival", "rivals", "operator", "operators", "carrier", "carriers", "telco", "with", "from", "by", "owner",
             "between", "including"}
PLURAL_DESCRIPTIONS = {"companies", "carriers", "operators", "groups", "firms", "partners", "sides", "telcos",
                       "networks", "businesses"}


@lru_cache(maxsize=1)
def doc_ents(doc: Doc) -> list[Span]:
    """The document's entity spans, read once (Doc.ents and Span.ents rebuild them on each call)."""
    cache = doc.user_data.get("telegraph_ents")
    if cache is None:
        cache = doc.user_data["telegraph_ents"] = list(doc.ents)
    return cache


def ents_of(sent: Span) -> list[Span]:
    return [e for e in doc_ents(sent.doc) if sent.start <= e.start and e.end <= sent.end]


def weak_name_pattern():
    """One regex for every one-word weak name, so a document is scanned once, not token by token."""
    names = {n for ref in gazetteer.organizations().refs.values() for n in ref.weak_aliases
             if " " not in n and n[:1].isupper()}
    if not names:
        return None
    return re.compile(r"(?<![\w&-])(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?![\w&-])")


def org_key(name: str) -> str:
    """Identity of an organization outside the gazetteer: the spec's match key, also without the
    legal-form words the spec's list leaves in ('Zain Africa BV' is 'Zain Africa')."""
    words = match_key(name).split()
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def evidence(rule: str, sent: Span) -> Evidence:
    text = sent.text.rstrip()
    return Evidence(rule=rule, sentence=text, start=sent.start_char, end=sent.start_char + len(text))


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).lower()


class EntityTable:
    """Canonical entities of one article and the token positions that mention them."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities: dict[str, Entity] = {}
        self.token_key: dict[int, str] = {}
        self.spans: list[tuple[Span, str]] = []
        self.orgs = gazetteer.organizations()
        self.places = gazetteer.places()
        self.sents = list(doc.sents)                # Span.sent walks the tree each time: index once
        self.sent_index = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_index[i] = n
        self.dateline_end = 0
        self.surfaces: dict[str, list[str]] = {}
        self._dateline()
        self.ner = doc_ents(doc)
        for ent in self.ner:
            self._add_span(ent)
        self._weak_names()
        self._suffixed_names()
        self._subsidiaries()
        self._bracket_aliases()
        self.money: list[tuple[Span, float, str]] = []
        for start, end, amount, currency in find_money(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                self.money.append((span, amount, currency))
        self.percents: list[tuple[Span, float]] = []
        for m in PERCENT.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                self.percents.append((span, float(m.group(1))))
        self._name_by_usage()

    # -- building -------------------------------------------------------------------------
    def _remember(self, span: Span, key: str, rule: str) -> None:
        for tok in span:
            self.token_key[tok.i] = key
        nxt = span.end
        while key.startswith("org:") and nxt < len(self.doc) and (
                self.doc[nxt].lower_.strip(".") in CORPORATE_SUFFIXES or
                (self.doc[nxt].is_title and self.doc[nxt].lower_ in NAME_TAILS)):
            self.token_key[nxt] = key                    # 'Microcell Telecommunications Inc': the parse head is 'Inc'
            nxt += 1
        self.spans.append((span, key))
        ent = self.entities[key]
        if len(ent.evidence) < 3:
            ent.evidence.append(evidence(rule, self.sent_of(span.start)))

    def _entity(self, key: str, name: str, type_: str, surface: str, **kw) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, name=name, type=type_, **kw)
        if match_key(surface) != match_key(ent.name):
            ent.aliases.add(surface)
        self.surfaces.setdefault(key, []).append(surface)
        return ent

    def _known_org(self, span: Span, ref, surface: str, rule: str) -> None:
        """A mention of a gazetteer organization, under its canonical name."""
        key = f"org:{ref.id}"
        self._entity(key, ref.name, ref.type, surface, country=ref.country, wikidata=ref.wikidata)
        self._remember(span, key, rule)

    def _weak_names(self) -> None:
        """Names that are also ordinary words ('Orange', 'Three', 'Sky', 'T-Mobile') count only where
        the sentence treats them as a company: 'Orange said', 'rival Orange', 'with Orange and ...',
        'Orange and T-Mobile'; and, once the article has used one as a company, everywhere."""
        doc = self.doc
        pattern = weak_name_pattern()
        if pattern is None:
            return
        found = []
        for m in pattern.finditer(doc.text):
            span = doc.char_span(m.start(), m.end())
            ref = self.orgs.weak.get(match_key(m.group())) if span is not None else None
            if ref is not None and m.group() in ref.weak_aliases + [ref.name]:
                found.append((span, ref))
        pending = [(s, r) for s, r in found if not any(i in self.token_key for i in range(s.start, s.end))]
        for _ in range(2):                          # a second round for pairs of weak names
            for span, ref in list(pending):
                nxt = doc[span.end].lower_ if span.end < len(doc) else ""
                prev = doc[span.start - 1].lower_ if span.start > 0 else ""
                inside_name = (span.start > 0 and doc[span.start - 1].is_title and span.start != self.sent_of(span.start).start
                               and prev not in WEAK_PREV) or (span.end < len(doc) and doc[span.end].is_title)
                beside_org = nxt in ("and", "or", ",") and self.token_key.get(span.end + 1, "").startswith("org:") or \
                    prev in ("and", "or", ",") and self.token_key.get(span.start - 2, "").startswith("org:")
                if (nxt in WEAK_NEXT or prev in WEAK_PREV or beside_org) and not inside_name:
                    self._known_org(span, ref, span.text, "ent.gazetteer.weak")
                    pending.remove((span, ref))
        known = {k for k in self.entities if k.startswith("org:")}
        for span, ref in pending:                   # once the article has used it as a company, it stays one
            if f"org:{ref.id}" not in known or (span.end < len(doc) and doc[span.end].is_title) or \
                    span[0].ent_type_ in ("PERSON", "GPE", "LOC") or any(i in self.token_key for i in range(span.start, span.end)):
                continue
            self._remember(span, f"org:{ref.id}", "ent.gazetteer.weak")
        self.spans.sort(key=lambda pair: pair[0].start)

    def _suffixed_names(self) -> None:
        """'Hutchvision Hong Kong Ltd', 'Oger Telecom SA': capitalised words ending in a corporate
        suffix are a company, whatever NER made of them."""
        doc = self.doc
        for m in SUFFIX_WORD.finditer(doc.text):
            found = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            tok = found[-1] if found is not None and len(found) else None
            if tok is None or tok.lower_.strip(".") not in CORPORATE_SUFFIXES - {"co", "group"} \
                    or self.token_key.get(tok.i, "").startswith("org:") or tok.i == 0:
                continue
            start = tok.i
            while start > 0 and not doc[start].is_sent_start and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].idx >= self.dateline_end and doc[start - 1].lower_ not in ("the",) \
                    and not self.token_key.get(start - 1, "").startswith("org:"):
                start -= 1
            if start > 0 and not doc[start].is_sent_start and self.token_key.get(start - 1, "").startswith("org:"):
                continue                              # the name before it is known: 'Telstra Corp'
            if start == tok.i or doc[start].idx < self.dateline_end or (start > 0 and doc[start - 1].lower_ in (
                    "of", "&", "and", "de", "du", "des")) or (tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper()
                                                              and not doc[tok.i + 1].is_sent_start):
                continue                              # 'Telecom Corp of New Zealand Ltd', 'Telefon AB L.M. Ericsson'
            span = doc[start:tok.i + 1]
            for key in {self.token_key.get(i) for i in range(span.start, span.end)} - {None}:
                self.spans = [(s, k) for s, k in self.spans if not (k == key and span.start <= s.start < span.end)]
            self.add_org(span, "ent.suffixed-name")
        self._forget_unmentioned([k for k in self.entities if not k.startswith("org:")])

    def _forget_unmentioned(self, keys) -> None:
        """Entities whose every mention another reading took over (a short name, a place inside a
        company's name) are not in the article."""
        mentioned = {k for _, k in self.spans}
        for key in [k for k in keys if k in self.entities and k not in mentioned]:
            self.entities.pop(key)
            self.surfaces.pop(key, None)

    def _bracket_aliases(self) -> None:
        """'Digital Telecommunications Philippines Inc. (Digitel)', 'China Broadcasting Network (CBN)':
        the bracketed short name is the same company, wherever the article uses it."""
        doc = self.doc
        for span, key in list(self.spans):
            end = span.end
            while end < len(doc) and doc[end].lower_.strip(".") in CORPORATE_SUFFIXES:
                end += 1
            if not key.startswith("org:") or end + 2 >= len(doc) or doc[end].text != "(":
                continue
            close = next((t.i for t in doc[end + 1:end + 5] if t.text == ")"), None)
            if close is None or close == end + 1:
                continue
            short = doc[end + 1:close]
            if not all(t.pos_ == "PROPN" or t.text[:1].isupper() for t in short) or short.text in currency_codes():
                continue
            self.spans = [(s, k) for s, k in self.spans if not (short.start <= s.start < short.end)]
            self.entities[key].aliases.add(short.text)
            self._remember(short, key, "ent.bracket-alias")
            later = [s for s, k in self.spans if s.text == short.text and k != key]
            self.spans = [(s, k) for s, k in self.spans if s not in later]
            for s2 in later:
                self._remember(s2, key, "ent.bracket-alias")
        self._forget_unmentioned([k for k in self.entities if k.startswith("org:")])
        self.spans.sort(key=lambda pair: pair[0].start)

    def _subsidiaries(self) -> None:
        """'MTN Uganda', 'Cable & Wireless Jamaica', 'Airtel Africa': a group's name followed straight
        by a country or region is its local operator, a company of its own, not the group and a place."""
        self.spans.sort(key=lambda pair: pair[0].start)
        merged = []
        for (org, okey), (place, pkey) in zip(self.spans, self.spans[1:]):
            if not (okey.startswith("org:") and pkey.startswith("place:") and place.start == org.end):
                continue
            ref = self.places.lookup(place.text)
            parent = self.entities[okey]
            if ref is None or ref.kind not in ("country", "region") or parent.type not in ("Carrier", "Organization"):
                continue
            span = self.doc[org.start:place.end]
            known = self.orgs.lookup(span.text)
            key = f"org:{known.id}" if known else f"org:{org_key(span.text)}"
            self._entity(key, known.name if known else span.text, known.type if known else parent.type, span.text,
                         country=ref.country)
            merged.append((org.start, place.start, span, key, (okey, pkey)))
        if not merged:
            return
        starts = {i for m in merged for i in m[:2]}
        self.spans = [(s, k) for s, k in self.spans if s.start not in starts]
        for _, _, span, key, _ in merged:
            self._remember(span, key, "ent.subsidiary")
        self.spans.sort(key=lambda pair: pair[0].start)
        self._forget_unmentioned({k for m in merged for k in m[4]})   # named only inside the operator's name

    def _name_by_usage(self) -> None:
        """A gazetteer entity the article never calls by its canonical name is named as the
        article names it ('France Telecom' in 1999, 'Vodafone Essar' in 2007); the IRI stays
        the gazetteer's, so identity across articles is kept."""
        for key, surfaces in self.surfaces.items():
            ent = self.entities[key]
            if not key.startswith("org:") or ent.type == "Person":
                continue
            if any(match_key(s) == match_key(ent.name) for s in surfaces):
                continue
            best = max(set(surfaces), key=lambda s: (surfaces.count(s), len(s)))
            if len(best) > 3 or best.isupper():
                ent.aliases.add(ent.name)
                ent.aliases.discard(best)
                ent.name = best

    def _dateline(self) -> None:
        """'LONDON, March 3 (Reuters) -', 'ABU DHABI/PARIS (Reuters) -': places; the agency credit
        is named but never a party, and the dateline dates nothing."""
        m = DATELINE.match(self.doc.text)
        if not m or not (m.group(1) or m.group(2)):
            return
        found = False
        at = m.start(1)
        for raw in (m.group(1) or "").split("/"):
            start = at + len(raw) - len(raw.lstrip())
            at += len(raw) + 1
            raw = raw.strip()
            name = raw.title() if raw.isupper() else raw
            ref = self.places.lookup(name) or self.places.lookup(raw)
            span = self.doc.char_span(start, start + len(raw), alignment_mode="expand") if raw else None
            if span is None or (ref is None and not raw.isupper()):
                continue
            key = self._place_key(ref, name)
            self._entity(key, ref.name if ref else name, "Place", raw if raw != name else name,
                         country=ref.country if ref else None, wikidata=ref.wikidata if ref else None)
            self._remember(span, key, "ent.dateline")
            found = True
        if found or m.group(2):
            self.dateline_end = m.end()

    def _place_key(self, ref, name: str) -> str:
        return f"place:{ref.id}" if ref else f"place:{match_key(name)}"

    def _org_type(self, name: str, span: Span) -> str:
        words = set(match_key(name).split())
        if words & lexicon("carrier_name_cues"):
            return "Carrier"
        sent = self.sent_of(span.start)
        window = self.doc[max(span.start - 4, sent.start):min(span.end + 6, sent.end)]
        text = " " + window.text.lower() + " "
        if any(f" {cue} " in text for cue in lexicon("carrier_context_cues")):
            return "Carrier"
        return "Organization"

    def _add_span(self, span: Span) -> None:
        if span.start_char < self.dateline_end < span.end_char:
            trimmed = self.doc.char_span(self.dateline_end, span.end_char, label=span.label_, alignment_mode="contract")
            if trimmed is None or not len(trimmed):
                return
            span = trimmed                          # '(Reuter) - Hutchvision Hong Kong Ltd' -> the company only
            if span.label_ not in ("ORG", "PERSON", "GPE", "LOC") and (self.orgs.lookup(span.text) or
                                                                    self.orgs.lookup(span.text, weak=True)):
                span = Span(self.doc, span.start, span.end, label="ORG")   # 'April 14 - Tele2' tagged a date
        label = span.label_
        text = clean_mention(span.text)
        if PERCENT.fullmatch(text) or text in currency_codes():
            return                                           # '100pc', 'SEK' tagged as a name
        if not text or len(text) < 2 or text in lexicon("not_entities") or not any(c.isupper() for c in text[:1]):
            if not (text[:1].isdigit() and label == "ORG"):
                return
        if label in ("ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"):
            ref = self.orgs.refs.get(span.ent_id_) if span.ent_id_ else None
            weak_ok = label == "ORG" or (label != "NORP" and self.places.lookup(text) is None)
            ref = ref or self.orgs.lookup(text) or (self.orgs.lookup(text, weak=True) if weak_ok else None)
            if ref is not None:
                self._known_org(span, ref, text, "ent.gazetteer")
                return
        if label in ("ORG", "GPE", "LOC", "PERSON") and self._split_pair(span, text):
            return
        owner = re.match(r"(.+?)(?:'s|’s)\s", text)
        if owner and label in ("PERSON", "ORG", "NORP"):   # "Telefónica’s European" is the company and a word
            ref = self.orgs.lookup(owner.group(1))
            sub = self.doc.char_span(span.start_char, span.start_char + len(owner.group(1)), alignment_mode="expand")
            if ref is not None and sub is not None:
                self._known_org(sub, ref, owner.group(1), "ent.gazetteer")
            return
        if label == "ORG":
            self._add_org(span, text)
        elif label == "PERSON":
            self._add_person(span, text)
        elif label in ("GPE", "LOC"):
            self._add_place(span, text)

    def add_org(self, span: Span, rule: str) -> str:
        """An organization a rule found where NER saw none (or saw a person): 'a joint venture, Infracos'."""
        text = clean_mention(span.text)
        person = f"person:{match_key(text)}"
        if person in self.entities:
            self.entities.pop(person)
            self.surfaces.pop(person, None)
        ref = self.orgs.lookup(text)
        key = f"org:{ref.id}" if ref else f"org:{org_key(text)}"
        self._entity(key, ref.name if ref else text, ref.type if ref else "Organization", text)
        self._remember(span, key, rule)
        self.spans.sort(key=lambda pair: pair[0].start)
        return key

    def _split_pair(self, span: Span, text: str) -> bool:
        """'Cellnet and Orange', 'Ciena, Huawei, Lucent' tagged as one name (as ORG or GPE)."""
        parts = [(m.start(), m.group()) for m in re.finditer(r"[^,]+?(?=\s*(?:,\s*(?:and\s+)?|\s+and\s+|$))", text)
                 if m.group().strip() and m.group().strip() != "and"]
        parts = [(at + len(p) - len(p.lstrip()), p.strip()) for at, p in parts]
        parts = [(at + 4, p[4:]) if p.startswith("and ") else (at, p) for at, p in parts]
        if len(parts) < 2:
            return False
        refs = [self.orgs.lookup(p) or self.orgs.lookup(p, weak=True) for _, p in parts]
        if sum(r is not None for r in refs) < max(2, len(parts) - 1):
            return False                          # 'AT&T and China Telecom', 'Ciena, Huawei, Lucent'
        base = span.start_char + (len(span.text) - len(span.text.lstrip()))
        for (at, part), ref in zip(parts, refs):
            sub = self.doc.char_span(base + at, base + at + len(part), alignment_mode="expand")
            if sub is None:
                continue
            if ref is None:
                self._add_org(sub, part)
                continue
            self._known_org(sub, ref, part, "ent.gazetteer")
        return True

    def _add_org(self, span: Span, text: str) -> None:
        if " " not in text and not self.orgs.lookup(text):
            named = next((e for e in self.entities.values() if e.type == "Person" and len(e.name.split()) > 1
                          and e.name.split()[-1] == text), None)
            if named is not None:                    # 'Vallance said' after 'Chairman Iain Vallance'
                self._remember(span, named.key, "ent.person.short-name")
                return
        person = next((k for k in (f"person:{match_key(text)}", f"person:{org_key(text)}") if k in self.entities), None)
        if person is not None:                               # it was a company all along
            self.entities.pop(person)
            self.surfaces.pop(person, None)
            self.spans = [(s, k) for s, k in self.spans if k != person]
            self.token_key = {i: k for i, k in self.token_key.items() if k != person}
        if text.isupper() and len(text) > 3:
            ref = self.places.lookup(text.title())
            if ref is not None:                              # 'MUMBAI:' in a dateline
                self._add_place(span, text.title())
                return
        if text.isupper() and len(text) <= 5 and self.doc[span.start - 1:span.start].text == "(":
            return                                              # a ticker in brackets
        words = match_key(text).split()
        for ent in self.entities.values():
            if ent.type in ("Person", "Place"):
                continue
            known = match_key(ent.name).split()
            if text.split()[-1].lower() in ("group", "holdings", "enterprises"):
                continue                                 # 'Virgin Group' is the parent, not 'Virgin Mobile USA'
            if words and (set(words) < set(known) and words[0] == known[0] or
                          (len(words) == 1 and words[0] == _acronym(known) and len(known) > 1)):
                ent.aliases.add(text)
                self._remember(span, ent.key, "ent.short-name")
                return
        key = f"org:{org_key(text)}"
        self._entity(key, text, self._org_type(text, span), text)
        self._remember(span, key, "ent.ner.org")

    def _add_person(self, span: Span, text: str) -> None:
        words = text.split()
        while words and tuple(w.lower() for w in words[:1]) in set(roles()):   # 'Treasurer Peter Costello'
            words = words[1:]
            span = span[1:]
        if not words or len(span) == 0:
            return
        text = " ".join(words)
        if len(words) == 1:
            for ent in self.entities.values():
                if ent.type == "Person" and ent.name.split()[-1] == words[0]:
                    self._remember(span, ent.key, "ent.person.short-name")
                    return
            if not any(c.islower() for c in text):
                return
            if not any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == words[0] for e in self.ner):
                self._add_org(span, text)            # nobody calls a person by a surname never given in full
                return
        if any(w.lower() in lexicon("org_descriptions") for w in words):
            return
        before = self.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.dep_ == "compound" and before.lower_ in lexicon("org_descriptions"):
            self._add_org(span, text)                # 'oil distributor Ryukyu Sekiyu', 'operator Telenor'
            return
        place = self.places.lookup(words[-1]) if len(words) > 1 else None
        if place is not None and place.kind in ("country", "region") and self.orgs.lookup(" ".join(words[:-1])):
            parent = self.orgs.lookup(" ".join(words[:-1]))     # 'Airtel Kenya' is a local operator, not a person
            self._entity(f"org:{org_key(text)}", text, parent.type, text, country=place.country)
            self._remember(span, f"org:{org_key(text)}", "ent.subsidiary")
            return
        if f"org:{org_key(text)}" in self.entities or set(match_key(text).split()) & lexicon("carrier_name_cues") or \
                (len(words) > 1 and words[0].lower() in gazetteer.demonyms()):
            self._add_org(span, text)                  # a company: 'Saudi Oger', 'Emirati Etisalat'
            return
            return
        key = f"person:{match_key(text)}"
        self._entity(key, text, "Person", text)
        self._remember(span, key, "ent.ner.person")

    def _add_place(self, span: Span, text: str) -> None:
        if self.places.lookup(text) is None and any(c.dep_ in ("appos", "compound") and c.lemma_ in lexicon("org_descriptions")
                                                    for c in span.root.children):
            self._add_org(span, text)                # 'Cabletica, the Costa Rican cable company', 'operator Sonofon'
            return
        nxt = self.doc[span.end].lower_ if span.end < len(self.doc) else ""
        if nxt in lexicon("place_not_before"):
            return
        ref = self.places.lookup(text)
        key = self._place_key(ref, text)
        self._entity(key, ref.name if ref else text, "Place", text,
                     country=ref.country if ref else None, wikidata=ref.wikidata if ref else None)
        self._remember(span, key, "ent.gazetteer.place" if ref else "ent.ner.place")

    # -- reading ----------------------------------------------------------------------------
    def sent_of(self, i: int) -> Span:
        return self.sents[self.sent_index[i]]

    def percents_in(self, sent: Span) -> list[tuple[Span, float]]:
        return [(sp, v) for sp, v in self.percents if sent.start <= sp.start and sp.end <= sent.end]

    def money_in(self, sent: Span) -> list[tuple[Span, float, str]]:
        """Money phrases of a sentence, without bracketed conversions."""
        return [(sp, a, c) for sp, a, c in self.money if sent.start <= sp.start and sp.end <= sent.end
                and not (sp.start > sent.start and self.doc[sp.start - 1].text == "(")]

    def key_at(self, token: Token) -> str | None:
        return self.token_key.get(token.i)

    def org_at(self, token: Token, exclude: set[str] = frozenset()) -> str | None:
        """Organization a token stands for: its own mention, a pronoun or a description."""
        if token.idx < self.dateline_end:
            return None                                  # '(Reuters) -' credits, never parties
        key = self.token_key.get(token.i)
        if key and key.startswith("org:"):
            return key if key not in exclude else None
        if key:                                            # 'Vodafone UK': the place is the parse head
            for child in token.children:
                ckey = self.token_key.get(child.i)
                if child.dep_ == "compound" and ckey and ckey.startswith("org:") and ckey not in exclude:
                    return ckey
            return None
        if token.dep_ == "appos" and token.head.i in self.token_key:
            return self.org_at(token.head, exclude)        # 'AT&T, the second-largest carrier with ...'
        described = token.lower_ in lexicon("org_descriptions")
        for child in token.children:                       # 'operator One 2 One', 'rival eAccess', 'its T-Mobile US unit'
            if child.dep_ in ("appos", "nmod") or (child.dep_ == "compound" and (child.i > token.i or described)):
                key = self.token_key.get(child.i)
                if key and key.startswith("org:") and key not in exclude:
                    return key
        low = token.lower_
        for acl in (c for c in token.children if c.dep_ == "acl" and c.lemma_ in ("lead", "head")):
            for agent in (x for a in acl.children if a.dep_ == "agent" for x in a.children if x.dep_ == "pobj"):
                key = self.token_key.get(agent.i)
                if key and key.startswith("org:") and key not in exclude:
                    return key                      # '43 Okinawan companies, led by Ryukyu Sekiyu'
        if any(c.dep_ == "amod" and c.lower_ in ("combined", "merged", "enlarged", "new", "joint") for c in token.children):
            return None                                    # 'the combined company' names no one
        if low == "its" and token.dep_ == "poss" and token.head.dep_ in ("dobj", "pobj"):
            verb = token.head.head if token.head.dep_ == "dobj" else token.head.head.head
            for subj in (c for c in verb.children if c.dep_ == "nsubj"):
                key = self.token_key.get(subj.i)
                if key and key.startswith("org:") and key not in exclude:
                    return key                      # 'Charter sweetened its offer for X'
        if low in PRONOUNS_ORG:
            return self.reporter(token, exclude) or self.fronted(token, exclude) or \
                self.recent_org(token, exclude, subject_window=1)
        if low in lexicon("org_descriptions") and any(c.lower_ in ("the", "this", "that") for c in token.children) \
                and not any(c.dep_ in ("relcl", "acl") and any(s.dep_ == "nsubj" and s.pos_ == "PROPN" for s in c.children)
                            for c in token.children):      # 'the business that ATN runs' is ATN's, not a reference
            reporter = self.reporter(token, exclude)
            if reporter:
                return reporter
            want_carrier = low in ("carrier", "operator", "telco")
            country = self._country_of_description(token)
            sent = self.sent_of(token.i)
            here = [k for s, k in self.spans if sent.start <= s.start < token.i and k.startswith("org:")
                    and k not in exclude and s.root.dep_ in ("nsubj", "nsubjpass") and s.start_char >= self.dateline_end
                    and (country is None or self.entities[k].country == country)]
            if here:                                # 'Telkom Kenya is rebuilding: ... held in the operator'
                return here[-1]
            if low in ("company", "carrier", "operator", "group", "telco", "firm"):
                topic = self.topic_org(token, exclude, want_carrier, country)
                if topic:                           # 'the British operator': the British company the story is about
                    return topic
            return self.recent_org(token, exclude, want_carrier, subject_window=None, country=country)
        return None

    def party_name(self, token: Token) -> str | None:
        """A company name NER missed, read where a deal puts a party: a proper noun written the
        way company names are and ordinary names are not ('TelstraClear', 'MetroPCS', 'SES')."""
        if token.pos_ != "PROPN" or token.i in self.token_key or token.ent_type_ in ("GPE", "LOC", "NORP", "DATE"):
            return None
        words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
        if words[-1].i - words[0].i + 1 != len(words) or any(t.i in self.token_key for t in words):
            return None
        text = " ".join(t.text for t in words)
        if text in currency_codes() or (words[0].i > 0 and self.doc[words[0].i - 1].text == "("):
            return None                               # 'SEK', and '(CBN)' after the name it abbreviates
        if not re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]+|[A-Z]{3,5}|[a-z]\.?[A-Z][A-Za-z]+|\w+(?: \w+)* (?:Inc|Corp|Ltd|Plc|PLC|AG|SA|NV)\.?", text):
            return None
        return self.add_org(self.doc[words[0].i:words[-1].i + 1], "ent.party-name")

    def reporter(self, token: Token, exclude: set[str]) -> str | None:
        """The subject of a clause someone reports is most often the reporter itself:
        'It agreed to buy X, Etisalat said', 'Vodafone said the company would ...'."""
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "ccomp":
            return None
        verb = token.head.head
        if verb.lemma_ not in ("say", "announce", "state", "confirm", "add", "disclose", "report", "tell"):
            return None
        for subj in verb.children:
            if subj.dep_ != "nsubj":
                continue
            for cand in [subj] + [c for c in subj.children if c.dep_ == "appos"]:   # 'NEW YORK - Verizon Inc. announced'
                key = self.token_key.get(cand.i)
                if key and key.startswith("org:") and key not in exclude and cand.idx >= self.dateline_end:
                    return key
        return None

    def fronted(self, token: Token, exclude: set[str]) -> str | None:
        """'Since its 2006 purchase of MCI, Verizon has ...': a pronoun in a phrase put before the
        main clause points ahead to that clause's subject."""
        chain = [token]
        while chain[-1].head != chain[-1]:
            chain.append(chain[-1].head)
        root = chain[-1]
        if len(chain) < 3 or chain[-2].dep_ not in ("prep", "advcl", "npadvmod") or chain[-2].i > root.i:
            return None
        for subj in root.children:
            if subj.dep_ in ("nsubj", "nsubjpass") and subj.i > token.i:
                key = self.token_key.get(subj.i)
                if key and key.startswith("org:") and key not in exclude:
                    return key
        return None

    def topic_org(self, token: Token, exclude: set[str], want_carrier: bool = False,
                  country: str | None = None) -> str | None:
        """'The company' with nothing to tell companies apart: the one the article is about so far,
        the most mentioned organization (latest on ties), so a passing name does not take it."""
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for span, key in self.spans:
            if span.start >= token.i:
                break
            if key.startswith("org:") and key not in exclude and span.start_char >= self.dateline_end and \
                    (not want_carrier or self.entities[key].type == "Carrier") and \
                    (country is None or self.entities[key].country == country):
                counts[key] = counts.get(key, 0) + 1
                last[key] = span.start
        if not counts:
            return None
        return max(counts, key=lambda k: (counts[k], last[k]))

    def _country_of_description(self, token: Token) -> str | None:
        """Country a description gives its referent: 'the Japanese company', 'the Duesseldorf-based group'."""
        demonyms = gazetteer.demonyms()
        for c in token.children:
            if c.dep_ not in ("amod", "compound", "nmod") or c.i > token.i:
                continue
            words = [t for t in c.subtree if t.i < token.i]
            text = " ".join(t.lower_ for t in words).replace(" - based", "").replace("-based", "").strip()
            if text in demonyms:
                return demonyms[text]
            ref = self.places.lookup(text)
            if ref is not None and ref.country:
                return ref.country
        return None

    def place_as_org(self, token: Token) -> str | None:
        """A name NER called a place but the gazetteer does not know as one, standing where only an
        organization can (a deal's party or target: 'a 51 pct stake in Sotelma'), is an organization."""
        key = self.token_key.get(token.i)
        if not key or not key.startswith("place:") or self.places.refs.get(key[6:]) is not None:
            return None
        span = next((s for s, k in self.spans if k == key and s.start <= token.i < s.end), None)
        if span is None or span.start_char < self.dateline_end:
            return None
        self.entities.pop(key, None)
        self.surfaces.pop(key, None)
        self.spans = [(s, k) for s, k in self.spans if k != key]
        self.token_key = {i: k for i, k in self.token_key.items() if k != key}
        return self.add_org(span, "ent.place-as-org")

    def group_at(self, token: Token) -> list[str]:
        """'The two companies', 'both operators', 'the three carriers': the most recent orgs."""
        words = {c.lower_ for c in token.children} | {token.lower_}
        count = 3 if "three" in words else 2 if words & {"two", "both"} else 0
        if not count and token.lower_ in PLURAL_DESCRIPTIONS and "the" in words:
            return self._last_pair(token)            # 'The companies agreed last December to ...'
        if not count or (token.lower_ not in PLURAL_DESCRIPTIONS and token.lower_ not in ("two", "three")):
            return []
        found: list[str] = []
        for span, key in reversed(self.spans):
            if span.start_char < self.dateline_end:
                continue
            if span.start < token.i and key.startswith("org:") and key not in found:
                found.append(key)
                if len(found) == count:
                    return list(reversed(found))
        return []

    def _last_pair(self, token: Token) -> list[str]:
        """The companies a bare plural description means: the coordinated subject of one of the
        two sentences before ('Telenor and TeliaSonera have abandoned ... The companies agreed')."""
        n = self.sent_index[token.i]
        for sent in reversed(self.sents[max(n - 2, 0):n + 1]):
            for tok in sent:
                if tok.i >= token.i or tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                keys = [self.token_key.get(t.i) for t in [tok] + [c for c in tok.subtree if c.dep_ == "conj"]]
                keys = list(dict.fromkeys(k for k in keys if k and k.startswith("org:")))
                if len(keys) >= 2:
                    return keys
        return []

    def _is_subject(self, span: Span) -> bool:
        if self.sent_of(span.start).start in self.doc.user_data.get("unparsed_sentences", ()):
            return span.start - self.sent_of(span.start).start <= 3      # no parse: a name opening the sentence
        root = span.root
        return root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass"))

    def recent_org(self, token: Token, exclude: set[str], want_carrier: bool = False,
                   subject_window: int | None = None, country: str | None = None) -> str | None:
        """The organization a pronoun or description points back to: the latest one mentioned
        as a subject (the article's topic), within `subject_window` sentences when given, else the
        latest one mentioned at all."""
        floor = 0
        if subject_window is not None:
            floor = self.sents[max(self.sent_index[token.i] - subject_window, 0)].start
        latest = latest_subject = None
        for span, key in self.spans:
            if span.start >= token.i:
                break
            if not key.startswith("org:") or key in exclude or span.start_char < self.dateline_end:
                continue
            if want_carrier and self.entities[key].type != "Carrier":
                continue
            if country and self.entities[key].country != country:
                continue
            latest = key
            if span.start >= floor and self._is_subject(span):
                latest_subject = key
        if latest is None and (want_carrier or country):
            return self.recent_org(token, exclude, False, subject_window) if not country else \
                self.recent_org(token, exclude, want_carrier, subject_window)
        return latest_subject or latest

    def span_of(self, token: Token) -> Span | None:
        for span, _ in self.spans:
            if span.start <= token.i < span.end:
                return span
        return None
