"""Figures: a number tied by the parse to a named organization and a metric of the spec.

Forecasts, ranges, changes ('added five million'), deal values and unnamed subjects are
left out, as the gold conventions say."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from telegraph_kg.components import parse as P
from telegraph_kg.components.deals import modality
from telegraph_kg.components.mentions import EntityTable, ents_of, evidence
from telegraph_kg.facts import Figure
from telegraph_kg.normalize.dates import MONTH_ABBR, resolve
from telegraph_kg.normalize.numbers import SCALES, is_approximate, parse_quantity
from telegraph_kg.rules import rule_table

APPROX_WORDS = {"about", "around", "nearly", "almost", "some", "than", "more", "over", "roughly", "just", "under",
                "approximately", "close", "to", "fewer", "less"}
RANGE_BEFORE = re.compile(r"\d[\d.,]*\s*(?:bln|mln|billion|million|bn|m|crore|lakh)?\s*(?:to|-|–|and|or)\s*\S{0,4}$", re.I)
RANGE = re.compile(r"\d\s*(?:to|-|–|and)\s*\d|\bbetween\b", re.I)


SCALE_WORDS = set(SCALES)


def table() -> dict:
    return rule_table("figures.json")


def _clause_verb(tok: Token) -> Token | None:
    for t in P.chain(tok)[1:]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _subject(tok: Token, ents: EntityTable, metric_noun: Token | None) -> str | None:
    """The organization a number belongs to: possessor of the metric noun, clause subject,
    the head of 'X, which has ...' or 'X, with N customers'."""
    if metric_noun is not None:
        for c in metric_noun.children:
            if c.dep_ == "poss":
                return ents.org_at(c)
        for c in metric_noun.lefts:                 # 'Jio subscribers', 'the Vodafone customer base'
            key = ents.key_at(c) if c.dep_ == "compound" else None
            if key and key.startswith("org:"):
                return key
        for t in P.prep_objects(metric_noun, {"of", "at", "for"}):
            key = ents.org_at(t)
            if key:
                return key
    t = tok
    for _ in range(6):
        if t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ in ("PROPN", "NOUN"):
            key = ents.org_at(t.head.head)
            if key:
                return key
        if t.pos_ in ("VERB", "AUX"):
            subj = P.subjects(t) or P.agents(t)
            for s in subj:
                key = ents.org_at(s) or ents.place_as_org(s)
                if key:
                    return key
                for c in s.children:          # "X's revenue was ..."
                    if c.dep_ == "poss":
                        key = ents.org_at(c)
                        if key:
                            return key
                for obj in P.prep_objects(s, {"of", "at"}):
                    key = ents.org_at(obj)
                    if key:
                        return key
            if subj and not (t.dep_ == "ccomp" and t.head.lemma_ in ("say", "report", "announce", "tell")):
                return None                        # '..., X said' lets the saying company own the figure
        if t.head == t:
            break
        t = t.head
    return None


def _is_change(tok: Token) -> bool:
    """A number that is the amount of a change ('rose 10%', 'added 5 million') and not a level."""
    changes = set(table()["change_verbs"])
    t = tok
    for _ in range(3):
        head = t.head
        if head.lemma_ in changes and t.dep_ in ("dobj", "npadvmod", "advmod", "nsubj", "attr"):
            return True
        if t.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_ in changes:
            return True
        if t.dep_ == "pobj" and head.lower_ in ("to", "from"):
            return head.lower_ == "from"
        if head == t or t.dep_ in ("relcl", "acl", "appos") or head.pos_ in ("VERB", "AUX"):
            break                                   # the change must be the number's own clause
        t = head
    return False


FISCAL_YEAR = re.compile(r"\b(?:year|twelve months|12 months) (?:to|ended|ending|through) (?:the end of )?"
                         r"(January|February|March|April|May|June|July|August|September|October|November|December|"
                         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b", re.I)


def _period(sent: Span, published: str | None) -> str | None:
    fiscal = FISCAL_YEAR.search(sent.text)
    if fiscal and published:                        # 'in the year to March': the year that ended last March
        month = MONTH_ABBR[fiscal.group(1)[:3].lower()]
        year = int(published[:4]) - (1 if month > int(published[5:7] or 12) else 0)
        return str(year)
    found = set()
    for ent in ents_of(sent):
        if ent.label_ == "DATE":
            value = resolve(ent.text, published)
            if value and (len(value) == 4 or "-Q" in value):
                found.add(value)
    return found.pop() if len(found) == 1 else None


def _segment(noun: Token) -> str | None:
    words = set(table()["segment_words"])
    mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in words]
    if not mods:
        return None
    return " ".join(m.lower_ for m in sorted(mods, key=lambda m: m.i))


class FigureReader:
    def __init__(self, ents: EntityTable, published: str | None):
        self.ents = ents
        self.published = published
        self.figures: list[Figure] = []
        self.results_period: str | None = None
        self.count_lemmas = {}
        for rule in table()["count_nouns"]:
            for lemma in rule.get("lemmas", []):
                self.count_lemmas[lemma] = rule

    def read(self) -> None:
        for sent in self.ents.sents:
            taken = {i for sp, _, _ in self.ents.money_in(sent) for i in range(sp.start, sp.end)}
            taken |= {i for sp, _ in self.ents.percents_in(sent) for i in range(sp.start, sp.end)}
            for ent in ents_of(sent):
                # NER sometimes calls a bare count MONEY ('more than 130 million customers')
                if ent.label_ in ("CARDINAL", "QUANTITY", "MONEY") and not set(range(ent.start, ent.end)) & taken:
                    self._count(ent, sent)
            for span, value in self.ents.percents_in(sent):
                self._share(span, value, sent)
            self._gapped(sent)
            self._gapped_at(sent)
            for span, amount, currency in self.ents.money_in(sent):
                self._money(span, amount, currency, sent)

    def _emit(self, rule_id, sent, ent, subject, metric, value, noun=None, unit="count", segment=None) -> None:
        if subject is None or value is None or any(
                f.subject == subject and f.metric == metric and f.value == value for f in self.figures):
            return
        owned = noun is not None and any(c.dep_ == "poss" for c in noun.children)
        mode = "asserted" if owned else modality(ent.root, sent)
        if mode in ("negated", "rumoured", "future") and metric != "investment":
            return
        if metric != "investment" and self._forecast(ent.root, sent):
            return                                 # a pledged investment counts; a forecast does not
        window = sent.doc[max(ent.start - 3, sent.start):ent.end].text
        period = _period(sent, self.published)
        if metric in ("revenue", "profit"):          # a results story names its period once
            period = period or self.results_period
            self.results_period = period or self.results_period
        self.figures.append(Figure(
            subject=subject, metric=metric, value=value, evidence=evidence(rule_id, sent),
            segment=segment, unit=unit, approximate=is_approximate(window), period=period))

    def _forecast(self, tok: Token, sent: Span) -> bool:
        """A forecast, target or estimate: cue words on the number's clause, or 'by 2020'."""
        cues = set(table()["forecast_cues"])
        for t in P.chain(tok):
            if t.lemma_ in cues or t.lower_ in cues or any(c.lower_ in cues for c in t.children if c.dep_ in ("nsubj", "amod", "aux")):
                return True
            if t.dep_ in ("relcl", "ROOT"):
                break
        return bool(re.search(r"\bby (the end of )?(19|20)\d\d\b", sent.text))

    def _count(self, ent: Span, sent: Span) -> None:
        if RANGE.search(ent.text) or _is_change(ent.root):
            return
        num = ent.root
        if num.dep_ in ("nummod", "quantmod", "compound") and num.head.lower_ in SCALE_WORDS:
            num = num.head                          # '3 mln' where NER took only the '3'
        noun = num.head if num.dep_ in ("nummod", "quantmod", "compound", "amod") and num == ent.root else None
        if noun is None and ent.root.pos_ in ("NOUN",):
            noun = ent.root
        if noun is None and ent.root.dep_ == "dobj" and ent.root.head.lemma_ == "employ":
            noun = ent.root                         # 'X employs 35,000'
            rule = next(r for r in table()["count_nouns"] if r["metric"] == "employees")
            self._emit(rule["id"], sent, ent, _subject(ent.root, self.ents, None), "employees",
                       parse_quantity(ent.text), noun)
            return
        if noun is None:
            # 'has about 600 of those companies as its customers'
            noun = next((p for p in P.prep_objects(ent.root, {"as"})), None)
        level = noun is None and num.dep_ == "pobj" and num.head.lower_ == "to"   # 'cut its workforce to 85,200'
        if noun is None:
            noun = self._level_noun(num)
        if noun is None:
            return
        noun = self._counted(noun)
        rule, segment = None, None
        if noun.text.upper() == "G" and noun.head.pos_ == "NOUN":
            noun = noun.head                        # '124,000 5G base stations'
        doc = sent.doc
        around = lambda n: {" ".join(t.lower_ for t in doc[max(noun.i - n + 1, 0):noun.i + 1]),
                            " ".join(t.lower_ for t in doc[noun.i:noun.i + n])}
        for r in table()["count_nouns"]:
            if any(p in around(len(p.split())) for p in r.get("phrases", [])):   # 'base stations', 'services in operation'
                rule, segment = r, r.get("segment")
                break
        if rule is None:
            rule = self.count_lemmas.get(noun.lemma_.lower())
            if rule is None:
                return
            segment = rule.get("segment")
            if noun.lemma_ == "line" and _segment(noun) in ("mobile", "wireless", "cellular"):
                rule = next(r for r in table()["count_nouns"] if r["id"] == "fig.subscribers")
                segment = None
            need = rule.get("needs_verb_for", {}).get(noun.lemma_.lower())
            if need is not None:
                verb = _clause_verb(noun)
                if verb is None or verb.lemma_ not in need:
                    return
        if _is_change(noun) and not level:
            return
        if self._not_a_level(num, noun, sent):
            return
        subject = _subject(noun, self.ents, noun) or self._carried_over(noun, sent)
        end = max(ent.end, num.i + 1)
        while end - 1 > ent.start and end < len(sent.doc) and sent.doc[end - 1].like_num and \
                sent.doc[end].text.upper() == "G":
            end -= 1                                # '43.7 million 5G customers'

        if end < len(sent.doc) and sent.doc[end].lower_ in SCALE_WORDS:
            end += 1                                # 'about 2.6 mln access lines': NER stopped at '2.6'
        value = parse_quantity(sent.doc[ent.start:end].text)
        if rule["metric"] == "sites" and not segment:
            segment = noun.lower_                  # what kind of site: towers, shops, hotspots
        self._emit(rule["id"], sent, ent, subject, rule["metric"], value, noun,
                   segment=segment or _segment(noun))

    def _carried_over(self, noun: Token, sent: Span) -> str | None:
        """'Ericsson made a loss ... Sales fell to 210.8 bln crowns': a bare metric in a sentence that
        names no company belongs to the company the previous sentence was about (its subject)."""
        if noun.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "poss" or c.dep_ == "compound" and c.pos_ == "PROPN"
                                                          for c in noun.children) \
                or any(k.startswith("org:") for s, k in self.ents.spans if sent.start <= s.start < sent.end):
            return None
        n = self.ents.sent_index[sent.start]
        if n == 0:
            return None
        prev = self.ents.sents[n - 1]
        subjects = [k for s, k in self.ents.spans if prev.start <= s.start < prev.end and k.startswith("org:")
                    and s.start_char >= self.ents.dateline_end and s.root.dep_ in ("nsubj", "nsubjpass")
                    and s.root.head.dep_ == "ROOT"]
        if not subjects:                           # 'The group posted a loss ... Revenue edged up to X'
            subjects = [k for t in prev.root.children if t.dep_ in ("nsubj", "nsubjpass")
                        for k in [self.ents.org_at(t)] if k]
        return subjects[0] if len(set(subjects)) == 1 else None

    @staticmethod
    def _not_a_level(num: Token, noun: Token, sent: Span) -> bool:
        """Counts that are no company's standing level: sites traded or planned ('sold 3,500
        towers', 'building up to 2,500 new sites', 'leases on 600 towers'), shared totals ('which
        together hold 100 million accounts'), and the digit of '3G'."""
        doc = sent.doc
        if num.like_num and len(num.text) == 1 and num.i + 1 < len(doc) and doc[num.i + 1].text.upper() == "G" and \
                not any(t.like_num for t in num.lefts):
            return True                             # '14 million 3G subscribers': the 3 of 3G
        clause = next((t for t in P.chain(noun)[1:] if t.pos_ in ("VERB", "AUX")), None)
        if clause is not None and any(c.lower_ in ("together", "combined", "jointly") for c in clause.children):
            return True
        if noun.dep_ == "pobj" and noun.head.head.lemma_ in ("lease", "tenancy", "contract"):
            return True
        if clause is not None and noun.dep_ in ("dobj", "pobj"):
            perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in clause.children)
            if clause.lemma_ in ("sell", "buy", "acquire", "lease", "transfer", "divest", "dispose") or \
                    clause.lemma_ in ("build", "deploy", "install", "construct", "add") and not perfect:
                return True
        return False

    @staticmethod
    def _level_noun(num: Token) -> Token | None:
        """The noun a number is the level of when no noun governs it: 'a workforce of 9,000',
        'its subscriber base stood at 90 million', 'the number of customers reached 3 mln'."""
        head = num.head
        if num.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return head.head
        verb = None
        if num.dep_ == "pobj" and head.lower_ in ("at", "to") and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head                       # 'stood at', 'rose to': a level, not a change
        elif num.dep_ in ("attr", "dobj") and head.lemma_ in ("be", "total", "reach", "hit", "top", "number", "exceed"):
            verb = head
        if verb is None:
            return None
        return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"), None) or \
            next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)   # 'cut its workforce to 85,200'


    def _counted(self, noun: Token) -> Token:
        """'customer base', 'the number of subscribers', 'its subscriber total': what is counted."""
        if noun.lemma_ not in table()["level_nouns"]:
            return noun
        for c in list(noun.lefts) + P.prep_objects(noun, {"of"}):
            if c.lemma_.lower() in self.count_lemmas:
                return c
        return noun

    def _gapped_at(self, sent: Span) -> None:
        """'... 15 million customers, against about 6 million at Charter': a bare number owned
        with 'at' or 'for' shares the metric of the figure before it."""
        before = [f for f in self.figures if f.evidence.start == sent.start_char and f.unit == "count"]
        if not before:
            return
        doc = self.ents.doc
        for ent in ents_of(sent):
            if ent.label_ not in ("CARDINAL", "QUANTITY") or ent.end + 1 >= sent.end:
                continue
            if doc[ent.end].lower_ in ("at", "for") and self.ents.key_at(doc[ent.end + 1]):
                key = self.ents.org_at(doc[ent.end + 1])
                if key and not any(f.subject == key for f in before):
                    prev = before[-1]
                    self._emit("fig.gapped", sent, ent, key, prev.metric, parse_quantity(ent.text), segment=prev.segment)

    def _gapped(self, sent: Span) -> None:
        """'Vodacom has about 7 million subscribers and MTN about 5 million': a name followed
        straight by a number shares the metric of the figure before it in the sentence."""
        before = [f for f in self.figures if f.evidence.start == sent.start_char and f.unit == "count"]
        if not before:
            return
        doc = self.ents.doc
        for span, key in self.ents.spans:
            if not (sent.start <= span.start and span.end < sent.end) or not key.startswith("org:") \
                    or any(f.subject == key for f in before):
                continue
            i = span.end
            if i < sent.end and doc[i].text == ",":           # 'Hutchison 3 Indonesia, which trades as Tri, about 44m'
                close = next((t.i for t in doc[i + 1:sent.end] if t.text == ","), None)
                if close is not None and doc[i + 1].lower_ in ("which", "who", "the", "a", "an"):
                    i = close + 1
            while i < sent.end and doc[i].lower_ in APPROX_WORDS:
                i += 1
            j = i
            while j < sent.end and (doc[j].like_num or doc[j].lower_ in ("million", "billion", "mln", "bn", "m")):
                j += 1
            if j == i or span.start <= before[-1].evidence.start - sent.start_char:
                continue
            if j < sent.end and doc[j].pos_ == "NOUN" and doc[j].lemma_ not in self.count_lemmas:
                continue                              # 'MTN 5 million shares': another noun, not the same metric
            value = parse_quantity(doc[i:j].text)
            prev = before[-1]
            if value is None:
                continue
            self._emit("fig.gapped", sent, doc[span.start:j], key, prev.metric, value, segment=prev.segment)

    def _money_metric(self, ent: Span) -> tuple[dict, Token] | None:
        candidates = []
        for t in P.chain(ent.root)[1:5]:
            candidates.append(t)
            candidates.extend(c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i != ent.root.i)
        for t in list(candidates):                 # 'posted a rise in net profit to X'
            if t.pos_ == "NOUN" and t.lemma_ in ("rise", "increase", "fall", "drop", "decline", "jump", "gain"):
                candidates.extend(P.prep_objects(t, {"in", "of"}))

        for t in candidates:
            if t.lemma_ == "income" and any(c.lower_ in ("net", "operating") for c in t.children):
                return next(r for r in table()["money_metrics"] if r["metric"] == "profit"), t
            for rule in table()["money_metrics"]:
                if t.lemma_.lower() in rule["lemmas"] or t.lower_ in rule["lemmas"]:
                    if rule["metric"] == "revenue" and t.lemma_ == "income" and \
                            any(c.lower_ in ("net", "operating") for c in t.children):
                        continue                    # 'net income' is a profit; 'operating revenue' is revenue
                    return rule, t
        return None

    def _money(self, ent: Span, amount: float, currency: str, sent: Span) -> None:
        if RANGE.search(sent.doc[max(ent.start - 2, sent.start):ent.end].text) or \
                RANGE_BEFORE.search(sent.doc[max(ent.start - 5, sent.start):ent.start].text):
            return                                 # '8 bln to 10 bln shillings'

        found = self._money_metric(ent)
        if found is None:
            return
        rule, noun = found
        around = sent.doc[max(noun.i - 2, sent.start):min(noun.i + 3, sent.end)].text.lower()
        if any(p in around for p in rule.get("not_with", [])):
            return                                 # 'average revenue per user' is no revenue
        if rule["metric"] == "investment" and any(c.lower_ == "with" for c in noun.children):
            return                                 # 'spend $5bn with AT&T' is a contract's value
        before = sent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
        if noun.pos_ != "VERB" and before != "to" and (before in ("by", "from") or _is_change(ent.root)):
            return                                 # 'lost $2.9bn' is a loss, 'revenue rose $1bn' a change; 'rose to X' a level
        value = -amount if rule.get("negative") else amount
        subject = _subject(noun if noun.pos_ == "NOUN" else ent.root, self.ents, noun if noun.pos_ == "NOUN" else None) \
            or (self._carried_over(noun, sent) if noun.pos_ == "NOUN" else None)
        self._emit(rule["id"], sent, ent, subject, rule["metric"], value, noun, unit=currency)

    def _share(self, ent: Span, value: float, sent: Span) -> None:
        rule = table()["market_share"]
        doc = sent.doc
        text = " ".join(t.lower_ for t in sent)
        of_whole = any(f"{pct} of {w}" in text for pct in ("cent", "%", "percent", "pct") for w in rule["of_wholes"])
        if not (of_whole or P.phrase_has(sent, rule["phrases"]) or any(
                re.search(pattern, text) for pattern in rule.get("patterns", []))) or RANGE.search(ent.text) or _is_change(ent.root):
            return
        subject = None
        prep = ent.root.head
        if ent.root.dep_ == "pobj" and prep.lower_ == "with" and prep.i > sent.start:
            subject = self.ents.org_at(sent.doc[prep.i - 1])   # '..., and Claro with about 24 per cent'
        for t in ([] if subject else P.chain(ent.root)):
            if t.pos_ in ("VERB", "AUX") or t.lemma_ == "share":
                subject = _subject(t, self.ents, t if t.lemma_ == "share" else None)
                if subject:
                    break
        if subject is None and ent.root.dep_ == "pobj" and ent.root.head.lower_ == "with":
            subject = self.ents.org_at(ent.root.head.head)
        self._emit(rule["id"], sent, ent, subject, "market-share", value, unit="percent")


def read_figures(ents: EntityTable, published: str | None) -> list[Figure]:
    reader = FigureReader(ents, published)
    reader.read()
    return reader.figures
