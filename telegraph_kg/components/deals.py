"""Agreements, acquisitions and joint ventures, read from the parse by the rules of deals.json.

Roles come from the parse (subject, object, agent, 'with', 'between', possessive), and a fact
is emitted only when its clause asserts it: negation, denial, plans, talks, modals, questions
and conditionals block agreements and turn acquisitions into rumours.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from telegraph_kg.components import parse as P
from telegraph_kg.components.mentions import EntityTable, ents_of, evidence
from telegraph_kg.facts import Acquisition, Agreement, JointVenture, Money
from telegraph_kg.normalize.dates import resolve
from telegraph_kg.normalize.numbers import parse_quantity
from telegraph_kg.rules import lexicon, rule_table

FORMATION_VERBS = {"form", "set", "create", "establish", "launch", "found", "agree", "sign", "combine", "merge",
                   "start", "build", "announce", "unveil"}
UNIT_NOUNS = {"operation", "unit", "business", "arm", "subsidiary", "asset", "division", "network"}
SIGNING_VERBS = {"sign", "conclude", "ink", "agree", "strike", "seal", "reach", "negotiate", "forge", "enter"}
APPROVAL_VERBS = {"approve", "clear", "block", "reject", "review", "investigate", "probe", "examine", "allow",
                  "bar", "veto", "prohibit", "challenge", "oppose", "sanction", "vet", "scrutinise", "scrutinize"}
SAY_VERBS = {"say", "announce", "confirm", "tell", "disclose", "report", "add", "state"}
RUMOUR_GOVERNORS = {"consider", "weigh", "mull", "explore", "eye", "study", "discuss", "negotiate", "talk",
                    "evaluate", "examine", "assess", "contemplate", "ponder", "prepare", "try", "attempt", "seek"}


def table() -> dict:
    return rule_table("deals.json")


def modality(trigger: Token, sent: Span) -> str:
    """'asserted', 'future' (will/plans/agreed to), 'rumoured' or 'negated' for the clause of a trigger."""
    st = table()["status"]
    if sent.text.rstrip().endswith("?"):
        return "negated"
    result = "asserted"
    for i, t in enumerate(P.chain(trigger)):
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids) or (i and t.lemma_ in st["denial"] and t.lemma_ != "rule"):
            return "negated"

        if t.lemma_ == "rule" and any(c.lower_ == "out" for c in kids):
            return "negated"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            return "negated"
        if i and t.lower_ in st["plan_nouns"]:
            ender = t.head if t.dep_ in ("dobj", "nsubjpass") else None
            if ender is not None and ender.lemma_ in st["abandoned"] or t.dep_ == "nsubj" and t.head.lemma_ in (
                    "collapse", "end", "fail", "break", "stall"):
                return "negated"                    # 'abandoned talks to buy X': no deal, not even a rumour
            if t.lower_ in ("talks", "negotiations", "discussions") and not P.phrase_has(sent, st["rumour_phrases"]):
                return "negated"                    # 'X is in talks to buy Y': neither a deal nor speculation
            return "rumoured"
        for c in kids:
            if c.dep_ == "aux" and c.lower_ in ("may", "might", "could", "should", "must"):
                result = "rumoured"
            elif c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") and result == "asserted":
                result = "future"
        if i and t.pos_ in ("VERB", "AUX"):
            if t.lemma_ in RUMOUR_GOVERNORS:
                result = "rumoured"
            elif t.lemma_ in st["plan"] and result == "asserted":
                result = "future"
        if t.dep_ in ("ROOT", "relcl", "appos") or (i and t.lemma_ in ("say", "announce", "tell", "report", "confirm", "add")):
            break
    if result != "negated" and P.phrase_has(sent, st["rumour_phrases"]):
        result = "rumoured"
    return result


def _date(sent: Span, within: Token | None, published: str | None, after_char: int = 0) -> str | None:
    """The one date a clause gives its event; two different candidates give none. The clause
    is the trigger's, widened to the verb governing it ('agreed on Monday to buy')."""
    found = set()
    while within is not None and within.head != within and (
            within.dep_ in ("xcomp", "acl") or (within.dep_ == "ccomp" and within.head.lemma_ in SAY_VERBS)):
        within = within.head                 # 'agreed on Monday to buy', 'said Thursday they had signed'
    if within is not None and within.lemma_ in SAY_VERBS:
        scope_extra = {t.i for t in within.children if t.ent_type_ == "DATE"}
    else:
        scope_extra = set()
    scope = (set(t.i for t in within.subtree) | scope_extra) if within is not None else None
    for ent in ents_of(sent):
        if ent.label_ != "DATE" or ent.start_char < after_char:
            continue
        if scope is not None and ent.root.i not in scope and ent.root.head.i not in scope:
            continue
        value = resolve(ent.text, published)
        if value:
            found.add(value)
    return found.pop() if len(found) == 1 else None


def _money(ents: EntityTable, sent: Span) -> Money | None:
    """The deal's value: the first money phrase of the sentence (the currency stated first),
    not a price per share ('85 dlrs a share')."""
    doc = sent.doc
    for span, amount, currency in ents.money_in(sent):
        after = doc[span.end:span.end + 3].text.lower()
        if re.match(r"(a|per|for each|each) (share|ordinary share|ads|depositary)", after):
            continue
        return Money(amount=amount, currency=currency)
    return None


TRADES = ("buy", "acquire", "purchase", "take", "sell", "swap", "lease")
PERCENT_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|pct\b|pc\b|per ?cent\b)", re.I)


def _phrasal(verb: Token) -> str:
    """'walk away', 'pull out', 'call off': the verb with the particle that makes it an ending."""
    abandoned = table()["status"]["abandoned"]
    for c in verb.children:
        if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in ("off", "away", "out", "through", "up") \
                and f"{verb.lemma_} {c.lower_}" in abandoned:
            return f"{verb.lemma_} {c.lower_}"
    return verb.lemma_


def _percent_in(tok: Token) -> float | None:
    words = sorted(tok.subtree, key=lambda t: t.i)
    m = PERCENT_TEXT.search(tok.doc[words[0].i:words[-1].i + 1].text)
    if m and 0 < float(m.group(1)) <= 100:
        return float(m.group(1))
    for t in tok.subtree:
        if t.ent_type_ == "PERCENT" or t.lower_ in ("%", "percent", "pct", "per"):
            ent = next((e for e in tok.doc.ents if e.start <= t.i < e.end and e.label_ == "PERCENT"), None)
            if ent is not None:
                value = parse_quantity(ent.text)
                if value is not None and 0 < value <= 100:
                    return value
    for t in tok.subtree:
        low = t.lower_
        if low in ("half", "majority"):
            return 50.0 if low == "half" else None
    return None


def _orgs(tokens, ents: EntityTable, exclude=frozenset()) -> list[str]:
    out = []
    for t in tokens:
        keys = ents.group_at(t) or [ents.org_at(t, set(exclude) | set(out)) or ents.place_as_org(t) or ents.party_name(t)]
        out.extend(k for k in keys if k and k not in out and k not in exclude)
    return out


class DealReader:
    def __init__(self, ents: EntityTable, published: str | None):
        self.ents = ents
        self.published = published
        self.agreements: list[Agreement] = []
        self.acquisitions: list[Acquisition] = []
        self.ventures: list[JointVenture] = []
        self.denied: set[tuple[str, str]] = set()
        self.denials: set[int] = set()          # sentences that deny a deal: nothing in them is asserted
        self.rules = table()["rules"]
        self.lemma_rules: dict[str, list[dict]] = {}
        for rule in self.rules:
            for lemma in rule["lemmas"]:
                self.lemma_rules.setdefault(lemma, []).append(rule)

    def _location_from_demonym(self, sent: Span) -> str | None:
        """'combine their Brazilian mobile operations': the venture is in Brazil."""
        from telegraph_kg import gazetteer

        demonyms = gazetteer.demonyms()
        for tok in sent:
            if tok.lower_ in demonyms and tok.head.lemma_ in ("business", "operation", "unit", "arm", "subsidiary",
                                                               "network", "asset", "activity"):
                ref = gazetteer.places().country(demonyms[tok.lower_])
                if ref is not None and f"place:{ref.id}" in self.ents.entities:
                    return f"place:{ref.id}"          # only a place the article names elsewhere
        return None

    def _background(self, sent: Span, verb: Token, founded: str | None) -> bool:
        """Past history rather than news: 'already', or founded over a year before publication."""
        if any(t.lower_ in ("already", "previously", "earlier", "originally") for t in verb.subtree) or \
                any(c.lower_ in ("already",) for c in verb.head.children):
            return True
        return bool(founded and self.published and int(founded[:4]) < int(self.published[:4]) - 1)

    def _date(self, sent: Span, scope: Token | None) -> str | None:
        return _date(sent, scope, self.published, self.ents.dateline_end)

    def read(self) -> None:
        for sent in self.ents.sents:
            if self._denies(sent):
                self.denials.add(sent.start)
            for tok in sent:
                for rule in self.lemma_rules.get(tok.lemma_.lower(), ()):
                    getattr(self, "_" + rule["strategy"].replace("-", "_"))(rule, tok, sent)
            self._status_update(sent)
            self._merger_agreement(sent)
        self.acquisitions = [q for q in self.acquisitions
                             if not (q.status == "rumoured" and (q.acquirer, q.target) in self.denied)]
        self._kinds_from_context()

    def _kinds_from_context(self) -> None:
        """A deal whose own sentence names no kind ('signed an agreement on Monday') takes the kind
        the next sentences give it ('Under the agreement, the two will share their masts')."""
        kinds = table()["agreement_kinds"]
        sents = self.ents.sents
        starts = [s.start_char for s in sents]
        for a in self.agreements:
            if a.kind_strength > 0 or a.evidence.start not in starts:
                continue
            i = starts.index(a.evidence.start)
            for sent in sents[i + 1:i + 3]:
                found = next((k for k, cues in kinds.items() if not k.startswith("_") and k != "partnership"
                              and P.phrase_has(sent, cues)), None)
                if found and not (found == "supply" and all(self.ents.entities[p].type == "Carrier" for p in a.parties)):
                    a.kind, a.kind_strength = found, 1
                    break

    def _denies(self, sent: Span) -> bool:
        """A sentence whose main clause denies or rules out a deal ('did not intend to make an offer')."""
        st = table()["status"]
        triggers = set(self.lemma_rules)
        for tok in sent:
            if tok.lemma_ in st["denial"] and tok.pos_ == "VERB" and (
                    tok.lemma_ != "rule" or any(c.lower_ == "out" for c in tok.children)):
                return True
            if any(c.dep_ == "neg" for c in tok.children) and tok.pos_ in ("VERB", "AUX") and tok.dep_ != "relcl":
                if any(t.lemma_.lower() in triggers - {"own", "hold", "control"} for t in tok.subtree):
                    return True
        return False

    # -- acquisitions -------------------------------------------------------------------
    def _target_of(self, obj: Token, exclude) -> tuple[list[str], float | None]:
        """Target of a bought object: the company itself, or 'a 70% stake in X'."""
        stake_nouns = set(table()["stake_nouns"])
        if obj.lemma_.lower() in stake_nouns or obj.lower_ in stake_nouns or PERCENT_TEXT.fullmatch(obj.text):
            owners = P.prep_objects(obj, {"in", "of"})
            if not owners:                          # 'the 70 percent stake that Orange held in the operator'
                owners = [o for c in obj.children if c.dep_ == "relcl" for o in P.prep_objects(c, {"in"})]
            owners += [x for o in owners if o.lower_ in ("cent", "percent", "pct", "%")   # 'a stake of 5 per cent in X'
                       for x in P.prep_objects(o, {"in", "of"})]
            owners += [c for o in owners if o.lemma_ in UNIT_NOUNS for c in o.children if c.dep_ == "poss"]
            # 'most of U.S. Cellular's wireless operations'
            if not owners and obj.head.dep_ == "relcl":    # 'Mitel, in which it bought a 51 pct stake'
                owners = P.prep_objects(obj.head, {"in"})
            owners = [self._relative_antecedent(o) for o in owners]
            found = _orgs(owners, self.ents, exclude)
            if not found and self.acquisitions and any(c.lower_ == "same" for c in obj.children):
                found = [self.acquisitions[-1].target]       # 'bid for the same stake'
            return found, _percent_in(obj)
        if obj.lemma_ in UNIT_NOUNS:                  # "Zain's African operations"
            owners = [c for c in obj.children if c.dep_ == "poss"] + P.prep_objects(obj, {"of"})
            found = _orgs(owners, self.ents, exclude)
            if found:
                return found, None
        found = _orgs(P.with_conj(obj), self.ents, exclude)
        key = self.ents.key_at(obj)
        if not found and key and key.startswith("person:"):   # 'agreed to buy Straight Path': NER said person
            span = self.ents.span_of(obj)
            if span is not None:
                found = [self.ents.add_org(span, "ent.bought-name")]
        return found, None

    @staticmethod
    def _relative_antecedent(tok: Token) -> Token:
        """'which' in a relative clause stands for the noun the clause hangs on."""
        if tok.tag_ not in ("WDT", "WP"):
            return tok
        clause = next((t for t in P.chain(tok) if t.dep_ == "relcl"), None)
        return clause.head if clause is not None else tok

    def _emit_acquisition(self, rule, trigger, sent, acquirers, targets, stake, status_hint) -> None:
        if not acquirers or not targets:
            return
        mode = modality(trigger, sent)
        if mode == "negated" or sent.start in self.denials:
            self.denied.add((acquirers[0], targets[0]))
            return
        status = {"rumoured": "rumoured"}.get(mode, status_hint)
        target = targets[0]
        value, date = _money(self.ents, sent), self._date(sent, trigger)
        for acquirer in acquirers:                  # 'X and Y bought ...': one acquisition each
            if acquirer == target:
                continue
            self.acquisitions.append(Acquisition(
                acquirer=acquirer, target=target, evidence=evidence(rule["id"], sent), stake_percent=stake,
                value=value if len(acquirers) == 1 else None, date=date, status=status))

    def _verb_status(self, verb: Token, sent: Span) -> str:
        st = table()["status"]
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            ended = self._ended(verb.head)          # "AT&T's failed attempt to buy X"
            if ended:
                return ended
        for t in P.chain(verb)[1:]:
            if t.lemma_ in st["completed"]:
                return "completed"
            if t.lemma_ in ("agree", "offer", "bid", "propose", "plan", "intend", "announce", "aim", "want", "set"):
                return "announced"
        if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children)):
            return "completed"
        if verb.tag_ == "VBN" and P.is_passive(verb) and any(c.lower_ in ("was", "were", "has", "had", "been")
                                                              for c in verb.children):
            return "completed"
        return "announced"

    def _verb(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        lemma = verb.lemma_.lower()
        particles = rule.get("particles", {}).get(lemma)
        stake_nouns = set(table()["stake_nouns"])
        if rule.get("requires_stake_object") and not any(
                o.lemma_ in stake_nouns and o.lemma_ not in ("share", "shares", "part") for o in P.objects(verb)):
            return                                  # won control of X, raised its stake in X
        if particles is not None and not any(c.lower_ in particles for c in verb.children) \
                and not any(c.lower_ in particles for c in verb.rights) \
                and not any(o.lemma_ in stake_nouns for o in P.objects(verb)):     # take a 26% stake in X
            return
        if P.is_passive(verb):
            acquirers = _orgs(P.agents(verb), self.ents)
            objs = P.passive_subjects(verb) or P.subjects(verb)     # X agreed to be acquired by Y
            if objs and objs[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                objs = P.with_conj(verb.head)                     # Y, which was bought by X
        else:
            acquirers = _orgs(P.subjects(verb), self.ents)
            objs = P.objects(verb)
            if lemma == "take" and not objs:
                objs = P.prep_objects(verb, {"of"})
            if not objs and lemma in ("buy", "acquire", "purchase"):
                objs = P.prep_objects(verb, {"into"})    # 'had bought into Axis in 2007'
            clause = verb.head if verb.dep_ == "xcomp" and verb.head.dep_ == "relcl" else verb
            if not objs and clause.dep_ == "relcl" and not any(c.tag_ in ("WDT", "WP") for c in clause.children):
                objs = [clause.head]                # 'Virgin Media, the operator Liberty bought', '... it agreed to buy'
            if lemma == "buy" and any(c.lower_ == "out" for c in verb.children):
                held = [o for o in P.prep_objects(verb, {"in"}) if self.ents.org_at(o)]
                if held:                            # 'bought out its partner BellSouth in Sonofon'
                    objs = held
        targets, stake = [], None
        for obj in objs:
            targets, stake = self._target_of(obj, acquirers)
            if targets:
                break
        if rule.get("requires_stake_object") and lemma in ("raise", "increase", "lift", "boost", "double"):
            by = [t for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "by"]
            stake = _percent_in(by[0]) if by else None   # 'raised its stake by 15 pct', never 'to 65 pct'
        if not targets and objs and lemma in ("buy", "acquire", "purchase"):
            sellers = _orgs(P.prep_objects(verb, {"from"}) + [x for o in objs for x in P.prep_objects(o, {"from"})],
                            self.ents, acquirers)
            if acquirers and sellers and any(P.phrase_has(sorted(o.subtree, key=lambda t: t.i),
                                                          table()["agreement_kinds"]["spectrum"]) for o in objs):
                # buying spectrum from X is a spectrum deal with X, not a takeover
                self._emit_agreement({"id": "agr.verb.buy-spectrum"}, verb, sent, acquirers[:1] + sellers[:1], verb,
                                     focus=objs[0])
            return
        self._emit_acquisition(rule, verb, sent, acquirers, targets, stake,
                               rule.get("status") or self._verb_status(verb, sent))

    def _sell_to(self, rule, verb: Token, sent: Span) -> None:
        """'X sold Y to Z', 'X agreed to sell its 45% stake in Y to Z': Z acquires Y; a sale whose
        buyer goes unnamed is no acquisition."""
        if verb.pos_ != "VERB":
            return
        buyers = P.prep_objects(verb, {"to"})
        for obj in P.objects(verb):
            for t in obj.subtree:
                if not buyers and t.dep_ == "prep" and t.lower_ == "to":
                    buyers = [x for p in t.children if p.dep_ == "pobj" for x in P.with_conj(p)]
        sellers = _orgs(P.subjects(verb), self.ents)
        acquirers = _orgs(buyers, self.ents, sellers)
        if not acquirers:                           # a parse that lost the 'to': read the words
            for t in sent.doc[verb.i + 1:sent.end - 1]:
                if t.lower_ == "to" and self.ents.org_at(t.nbor(1)):
                    acquirers = [self.ents.org_at(t.nbor(1))]
                    break
        targets, stake = [], None
        objs = P.passive_subjects(verb) if P.is_passive(verb) else P.objects(verb)
        for obj in objs:
            targets, stake = self._target_of(obj, acquirers)
            if targets:
                break
        if not targets and sellers and any(o.lower_ == "itself" for o in objs):
            targets = sellers[:1]
        if not targets and sellers and acquirers and any(
                P.phrase_has(sorted(o.subtree, key=lambda t: t.i), table()["agreement_kinds"]["spectrum"]) for o in objs):
            self._emit_agreement({"id": "agr.verb.sell-spectrum"}, verb, sent, sellers[:1] + acquirers[:1], verb,
                                 focus=objs[0])
            return                                  # selling spectrum is a spectrum deal, not a takeover
        self._emit_acquisition(rule, verb, sent, acquirers, targets, stake, self._verb_status(verb, sent))

    def _suitor(self, rule, noun: Token, sent: Span) -> None:
        if noun.pos_ != "NOUN" or not any(c.lower_ in ("possible", "potential", "likely", "prospective", "rumoured",
                                                          "rumored", "interested") for c in noun.children):
            return
        targets = _orgs(P.prep_objects(noun, {"for", "of"}) + [c for c in noun.children if c.dep_ == "appos"], self.ents)
        verb = next((t for t in P.chain(noun)[1:] if t.pos_ in ("VERB", "AUX")), None)
        holders = (P.passive_subjects(verb) if P.is_passive(verb) else P.subjects(verb)) if verb is not None else []
        acquirers = _orgs(holders, self.ents, targets)   # 'X has been mentioned as a possible suitor for Y'
        self._emit_acquisition(rule, noun, sent, acquirers[:1], targets, None, "rumoured")

    def _deal_gives(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB" or not any(s.lemma_ in table()["deal_anaphors"] for s in P.subjects(verb)):
            return
        acquirers = _orgs([c for c in verb.children if c.dep_ == "dative"], self.ents)
        for obj in P.objects(verb):
            if not acquirers:                       # 'gave Vodafone control of X' parsed as a compound
                acquirers = _orgs([c for c in obj.children if c.dep_ == "compound"], self.ents)
            targets, stake = self._target_of(obj, acquirers)
            if targets and obj.lemma_ in table()["stake_nouns"]:
                self._emit_acquisition(rule, verb, sent, acquirers, targets, stake, self._verb_status(verb, sent))
                return

    def _verb_for(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        acquirers = _orgs(P.subjects(verb), self.ents)
        status = "announced" if verb.lemma_ != "pay" else self._verb_status(verb, sent)
        for obj in P.prep_objects(verb, {"for"}):    # 'bid for X', 'pay Rs 43,574 crore for a 9.99% stake in X'
            targets, stake = self._target_of(obj, acquirers)
            if targets:
                self._emit_acquisition(rule, verb, sent, acquirers, targets, stake, status)
                return
        if verb.lemma_ == "bid" and not P.prep_objects(verb, {"for"}) and self.acquisitions and acquirers and \
                (any(c.lower_ == "also" for c in verb.children) or modality(verb, sent) == "rumoured"):
            last = self.acquisitions[-1]             # 'Turk Telekom was also said to have bid'
            if last.acquirer not in acquirers:
                self._emit_acquisition(rule, verb, sent, acquirers, [last.target], None, status)
            return
        for paid in P.objects(verb):                 # 'paid €7.7bn for X in 2013 and €7.2bn for Y last year'
            for obj in P.prep_objects(paid, {"for"}):
                targets, stake = self._target_of(obj, acquirers)
                self._emit_acquisition(rule, verb, sent, acquirers, targets, stake, status)

    def _noun(self, rule, noun: Token, sent: Span) -> None:
        if noun.pos_ not in ("NOUN", "PROPN"):
            return
        st = table()["status"]
        acquirers = _orgs([c for c in noun.children if c.dep_ == "poss"] +     # "GEC's hostile 1.2 billion stg bid"
                          [p for c in noun.lefts if c.dep_ in ("nummod", "compound", "amod", "quantmod")
                           for p in c.children if p.dep_ == "poss"], self.ents)
        for t in noun.subtree:                      # 'the purchase of a stake in Y by X': 'by' may hang low
            between = P.chain(t)[1:P.chain(t).index(noun)] if noun in P.chain(t) else []
            if any(x.pos_ in ("VERB", "AUX") for x in between):
                continue                            # not inside a clause of its own ('which was bought by Z')
            if t.dep_ in ("prep", "agent") and t.lower_ == "by":
                acquirers += _orgs([x for p in t.children if p.dep_ == "pobj" for x in P.with_conj(p)],
                                   self.ents, acquirers)
        targets = []
        stake = None
        by = [x for t in noun.children if t.dep_ in ("prep", "agent") and t.lower_ == "by"
              for x in t.children if x.dep_ == "pobj"]
        for obj in P.prep_objects(noun, {"of", "for"}) + [o for b in by for o in P.prep_objects(b, {"for"})]:
            found, found_stake = self._target_of(obj, acquirers)
            targets += found
            stake = stake if stake is not None else found_stake
        for c in noun.children:
            if c.dep_ == "compound" and self.ents.org_at(c) and not targets:
                targets = [self.ents.org_at(c)]
        governor = noun.head if noun.dep_ in ("dobj", "nsubjpass", "pobj", "nsubj") else None
        if governor is not None and governor.pos_ == "ADP":
            governor = governor.head
            while governor.pos_ in ("ADV", "ADP") and governor.dep_ in ("advmod", "prep", "prt") \
                    and governor.head != governor:      # 'walked away from its bid', 'pulling out of the auction'
                governor = governor.head
        if not targets and governor is not None and noun.lemma_ in ("bid", "offer", "auction", "tender") \
                and governor.pos_ == "VERB":       # 'launched a bid ... for X', 'won the auction for a stake in X'
            for obj in P.prep_objects(governor, {"for"}):
                found, found_stake = self._target_of(obj, acquirers)
                if found:
                    targets, stake = found, stake if stake is not None else found_stake
                    break
        status = "announced"
        if not acquirers and noun.lemma_ in ("bid", "offer", "approach", "tender"):
            acquirers = _orgs(P.prep_objects(noun, {"from"}), self.ents, targets)    # 'the offer from Qtel'
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            if not acquirers and noun.dep_ == "dobj" and governor.lemma_ not in APPROVAL_VERBS:
                acquirers = _orgs(P.subjects(governor), self.ents, targets)
            lemma = _phrasal(governor)              # 'walked away from its pursuit of X'
            if not acquirers and noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.lemma_ in ("bid", "offer"):
                acquirers = _orgs(P.subjects(governor), self.ents, targets)   # 'might join the contest with an offer for X'
            if not acquirers and noun.dep_ == "pobj" and (lemma in st["abandoned"] or lemma in RUMOUR_GOVERNORS):
                acquirers = _orgs(P.subjects(governor), self.ents, targets)   # 'X pulled out of the auction for Y'
            if lemma in st["completed"]:
                status = "completed"
            elif lemma in st["blocked"] and governor.lemma_ not in ("reject",):
                status = "blocked"
            elif lemma in st["blocked"] and lemma == "reject" and self._regulator_subject(governor):
                status = "blocked"
            elif lemma in st["abandoned"]:
                status = "abandoned"
            elif lemma in RUMOUR_GOVERNORS:
                status = "rumoured"                  # 'is considering a bid for X'
        if noun.lemma_ == "sale":                     # the sale of Y to X
            acquirers = _orgs(P.prep_objects(noun, {"to"}), self.ents)
        status = self._ended(noun) or status
        if acquirers and not targets and noun.lemma_ in ("bid", "offer", "approach") and self.acquisitions and (
                any(c.lower_ in ("rival", "competing", "counter", "higher", "late", "larger", "bigger") for c in noun.children)
                or noun.lemma_ == "approach" or "of its own" in sent[noun.i - sent.start:].text[:30]):
            last = self.acquisitions[-1]             # 'a rival offer from Liberty': for the same target
            if last.acquirer not in acquirers:
                targets = [last.target]
                if noun.lemma_ == "approach" and status == "announced":
                    status = "rumoured"
        year = next((c.text for c in noun.lefts if re.fullmatch(r"(19|20)\d\d", c.text)), None)
        if status == "announced" and noun.lemma_ in ("acquisition", "purchase", "takeover", "buyout") and \
                year and self.published and year < self.published[:4]:
            status = "completed"                   # 'since its 2006 purchase of X': done years ago
        self._emit_acquisition(rule, governor if governor is not None else noun, sent, acquirers, targets,
                               stake, status)

    @staticmethod
    def _ended(noun: Token) -> str | None:
        """How a bid noun says it ended: 'failed attempt', 'the collapse of X's bid', 'the
        completion of the takeover'."""
        outcome = table()["status"]["outcome_words"]
        if any(c.dep_ == "relcl" and c.lemma_ in table()["status"]["completed"] for c in noun.subtree):
            return "completed"                      # 'its purchase of X, which it completed in 2012'
        for word in [c for c in noun.children if c.dep_ == "amod"] + (
                [noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" else []):
            for status, words in outcome.items():
                if word.lower_ in words or word.lemma_ in words:
                    return status
        return None

    def _regulator_subject(self, verb: Token) -> bool:
        subj = P.subjects(verb)
        regs = set(table()["status"]["regulators_block_subjects"])
        return any(s.lower_ in regs or (self.ents.key_at(s) and self.ents.entities[self.ents.key_at(s)].type ==
                                        "Organization") for s in subj)

    def _merger_agreement(self, sent: Span) -> None:
        """'Under the merger agreement, ...': the takeover's two sides agreed to merge."""
        if not self.acquisitions or not P.phrase_has(sent, table()["merger_agreement_cues"]):
            return
        if modality(sent.root, sent) == "negated":
            return
        last = self.acquisitions[-1]
        self.agreements.append(Agreement(kind="merger", parties=[last.acquirer, last.target], date=last.date,
                                         kind_strength=3, evidence=evidence("agr.merger-agreement", sent)))

    def _status_update(self, sent: Span) -> None:
        """'The deal was blocked by regulators' / 'AT&T abandoned its bid': a later status for the
        most recent acquisition, when the sentence names no new pair."""
        if not self.acquisitions:
            return
        st = table()["status"]
        anaphors = set(table()["deal_anaphors"])
        last = self.acquisitions[-1]
        for tok in sent:
            if tok.lemma_ not in anaphors or tok.pos_ != "NOUN":
                continue
            head = tok.head
            if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj") and head.pos_ in ("VERB", "ADP"):
                if head.pos_ == "ADP":                  # walked away from the deal
                    head = head.head
                    if head.pos_ == "ADV":
                        head = head.head
                    if head.pos_ != "VERB":
                        continue
                lemma = _phrasal(head)
                if any(c.dep_ == "neg" for c in head.children) or modality(head, sent) in ("rumoured", "negated", "future"):
                    continue
                new = None
                if lemma in st["blocked"] and (lemma != "reject" or self._regulator_subject(head)) and tok.dep_ != "nsubj":
                    new = "blocked"
                elif lemma in st["abandoned"] or (lemma == "collapse" and tok.dep_ == "nsubj"):
                    new = "abandoned"
                elif lemma in st["completed"] and tok.dep_ != "nsubj":
                    new = "completed"
                if new and last.status in ("announced", "rumoured", "completed") and sent.text != last.evidence.sentence:
                    if new == "completed" and last.status != "announced":
                        continue
                    last.status = new

    # -- agreements ---------------------------------------------------------------------
    def _kind(self, sent: Span, parties: list[str], focus: Token | None = None) -> tuple[str, int]:
        """(kind, strength) from the cue words nearest the deal: the deal noun's own words (3:
        'roaming agreement'), its clause (2: 'agreement to share infrastructure'), the sentence (1);
        a bare default is 0. Repeated mentions of one deal keep the strongest reading."""
        kinds = table()["agreement_kinds"]
        scopes = []
        if focus is not None:
            scopes.append((3, [t for t in focus.lefts if t.dep_ in ("compound", "amod", "nmod")] + [focus]))
            scopes.append((2, sorted(focus.subtree, key=lambda t: t.i)))
        for strength, scope in scopes + [(1, sent)]:
            for kind, cues in kinds.items():
                if kind.startswith("_"):
                    continue
                if P.phrase_has(scope, cues):
                    if kind == "supply" and all(self.ents.entities[p].type == "Carrier" for p in parties):
                        continue
                    if kind == "partnership" and strength == 1:
                        continue                        # a generic word elsewhere says nothing of the kind
                    return kind, strength
        if any(self.ents.entities[p].type == "Organization" for p in parties) and \
                P.phrase_has(sent, ["contract", "contracts", "order", "orders", "deal", "deals"]):
            return "supply", 1
        return "partnership", 0

    def _emit_agreement(self, rule, trigger: Token, sent: Span, parties: list[str], scope: Token,
                        focus: Token | None = None, allow_future: bool = False) -> None:
        parties = [p for p in dict.fromkeys(parties) if not self.ents.entities[p].type == "Place"]
        if len(parties) < 2:
            return
        mode = modality(trigger, sent)
        if mode != "asserted" and not (allow_future and mode == "future"):
            return
        kind, strength = self._kind(sent, parties, focus)
        self.agreements.append(Agreement(kind=kind, parties=parties, kind_strength=strength,
                                         date=self._date(sent, scope), evidence=evidence(rule["id"], sent)))

    def _verb_object(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        objs = [o for o in P.objects(verb) + P.prep_objects(verb, {"into", "on", "to"}) if o.lemma_.lower() in rule["objects"]]
        for c in verb.children:                      # 'signed what the two described as the first roaming agreement'
            if c.dep_ in ("ccomp", "dobj") and any(w.lower_ == "what" for w in c.subtree):
                objs += [t for t in c.subtree if t.lemma_.lower() in rule["objects"] and t.pos_ == "NOUN"][:1]
        for o in list(objs):                        # 'an agreement with X and a similar agreement with Y'
            objs += [t for t in o.subtree if t.dep_ == "conj" and t.lemma_.lower() in rule["objects"] and t not in objs]
        passive_deal = False
        if not objs and P.is_passive(verb):
            objs = [o for o in P.passive_subjects(verb) if o.lemma_.lower() in rule["objects"]]
            passive_deal = bool(objs)
        if not objs and (verb.dep_ == "relcl" or verb.dep_ == "acl" and any(c.dep_ == "nsubj" for c in verb.children)) \
                and verb.head.lemma_.lower() in rule["objects"]:
            objs = [verb.head]                      # 'the memorandum that A and B signed'
        subjects = _orgs(P.agents(verb) + P.passive_subjects(verb) if P.is_passive(verb) else P.subjects(verb),
                         self.ents)                  # 'Y was awarded a contract by X'
        if not objs and verb.lemma_ == "agree" and len(subjects) >= 2:   # 'Etisalat and du have agreed on national
            objs = [o for o in P.prep_objects(verb, {"on", "upon"})[:1]    # roaming', not 'failed to agree on terms'
                    if self._kind(sent, subjects, o)[1] >= 2]
        for n, obj in enumerate(objs):               # 'an agreement with X and a similar one with Y'
            parties = list(subjects)
            with_objs = P.prep_objects(obj, {"with", "between", "among"}) + [   # 'a memorandum of understanding with X'
                x for o in P.prep_objects(obj, {"of"}) for x in P.prep_objects(o, {"with", "between", "among"})]
            if n == 0 or not with_objs:             # 'an agreement was signed between X and Y'
                with_objs = P.prep_objects(verb, {"with", "between", "among"} if passive_deal else {"with"}) + with_objs
            partners = _orgs(with_objs, self.ents, parties)
            if not subjects and len(partners) >= 2 and self._separate_deals(obj):
                continue                            # 'X inked deals with A, B and C' with X unknown: no A-B-C deal
            if len(subjects) == 1 and len(partners) >= 2 and self._separate_deals(obj):
                for partner in partners:            # 'signed roaming deals with X and Y': one deal each
                    self._emit_agreement(rule, verb, sent, subjects + [partner], verb, focus=obj)
                continue
            if len(subjects) >= 2 and len(partners) == 1 and (self._separate_deals(obj) or any(
                    c.lower_ == "each" for c in verb.children)):
                for subject in subjects:            # 'A and B each signed agreements with X': one deal each
                    self._emit_agreement(rule, verb, sent, [subject] + partners, verb, focus=obj)
                continue
            parties += partners
            if len(parties) < 2:                    # 'announced an agreement to buy airwaves from Verizon Wireless'
                parties += _orgs([x for a in obj.children if a.dep_ in ("acl", "relcl") and a.pos_ == "VERB"
                                  and self._trades_non_company(a)
                                  for x in P.prep_objects(a, {"from", "to", "with"})], self.ents, parties)
            if obj.lemma_ == "contract" or verb.lemma_ in ("win", "award", "secure", "land"):
                parties += _orgs(P.prep_objects(verb, {"from", "to", "by"}) + P.prep_objects(obj, {"from", "to", "by"}),
                                 self.ents, parties)
                if len(parties) < 2:                # 'won a contract to build Safaricom's 4G network'
                    parties += _orgs([p for a in obj.children if a.dep_ == "acl" for o in P.objects(a)
                                      for p in o.children if p.dep_ == "poss"], self.ents, parties)
                parties += _orgs([c for c in verb.children if c.dep_ == "dative"], self.ents, parties)
            self._emit_agreement(rule, verb, sent, parties, verb, focus=obj)

    @staticmethod
    def _separate_deals(obj: Token) -> bool:
        """'agreements with X and Y', 'separate deals', 'a deal each with': one deal per partner."""
        return obj.tag_ in ("NNS", "NNPS") or any(
            t.lower_ in ("separate", "individual", "bilateral", "respective", "each") for t in obj.subtree)

    def _verb_with(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        if verb.lemma_ == "join" and not any(c.lower_ == "forces" for c in verb.children):
            return
        parties = _orgs(P.subjects(verb), self.ents)
        parties += _orgs(P.prep_objects(verb, {"with"}), self.ents, parties)
        for c in verb.children:
            if c.dep_ in ("prt", "dobj"):
                parties += _orgs(P.prep_objects(c, {"with"}), self.ents, parties)
        self._emit_agreement(rule, verb, sent, parties, verb)

    def _merge(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB" or any(c.dep_ == "aux" and c.lower_ in ("would", "could", "may", "might")
                                      for c in verb.children):
            return
        parties = _orgs(P.subjects(verb), self.ents)
        parties += _orgs(P.prep_objects(verb, {"with", "into"}), self.ents, parties)
        if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children):
            self._emit_agreement(rule, verb, sent, parties, verb, focus=verb, allow_future=True)

    @staticmethod
    def _trades_non_company(action: Token) -> bool:
        """Buying or selling spectrum or capacity is a deal between the two sides; buying a
        company or a stake is a takeover, read as an acquisition."""
        if action.lemma_ not in TRADES:
            return True
        objs = P.objects(action) + [o for c in action.children if c.dep_ == "conj" for o in P.objects(c)]
        words = table()["agreement_kinds"]["spectrum"] + ["capacity", "transponders", "bandwidth"]
        return action.lemma_ == "lease" or any(P.phrase_has(sorted(o.subtree, key=lambda t: t.i), words) for o in objs)

    def _agree_to(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        action = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if action is None or action.lemma_ not in rule["actions"] and action.lemma_ not in TRADES:
            return
        if action.lemma_ in TRADES:
            objs = P.objects(action) + [o for c in action.children if c.dep_ == "conj" for o in P.objects(c)]
            if not self._trades_non_company(action):
                return                              # buying a company is a takeover, read elsewhere
            parties = _orgs(P.subjects(verb), self.ents)
            parties += _orgs([x for a in [action] + [c for c in action.children if c.dep_ == "conj"]
                              for x in P.prep_objects(a, {"with", "to", "from"})], self.ents, parties)
            if len(parties) < 2 and action.lemma_ == "lease":   # 'agreed to lease space on 2,100 U.S. Cellular towers'
                parties += _orgs([t for o in objs + P.prep_objects(action, {"on"}) for t in o.subtree
                                  if t.dep_ in ("compound", "poss")], self.ents, parties)
            self._emit_agreement(rule, verb, sent, parties[:2], verb, focus=objs[0] if objs else action)
            return
        parties = _orgs(P.subjects(verb), self.ents)
        parties += _orgs(P.prep_objects(verb, {"with"}) + P.prep_objects(action, {"with"}), self.ents, parties)
        if action.lemma_ in ("let", "allow", "help", "host", "supply", "provide"):     # 'agreed to let Y use its network'
            parties += _orgs([c for c in action.subtree if c.dep_ in ("dobj", "nsubj", "dative") and c.head.i >= action.i],
                             self.ents, parties)
        self._emit_agreement(rule, verb, sent, parties, verb, focus=action)

    def _noun_between(self, rule, noun: Token, sent: Span) -> None:
        if noun.pos_ != "NOUN" or noun.dep_ in ("dobj", "pobj") and noun.head.lemma_ in (
                "sign", "agree", "strike", "ink", "seal", "reach", "conclude", "extend", "renew", "enter", "form",
                "forge", "clinch", "announce"):
            return
        between = P.prep_objects(noun, {"between", "among"})
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_ in SIGNING_VERBS):
            between += P.agents(acl)                 # 'a memorandum signed by X and Y'

        if noun.dep_ == "pobj" and noun.head.lower_ in ("under", "through", "via") and noun.head.head.pos_ == "VERB" \
                and len(_orgs(between, self.ents)) < 2:
            if any(c.lower_ in ("a", "an") for c in noun.children):   # a new deal, not 'under the agreement'
                self._under_deal(rule, noun, noun.head.head, sent)
            return
        if len(between) < 2:
            return
        # asserted by a following verb ('the agreement between A and B covers ...') or a copula
        parties = _orgs(between, self.ents)
        self._emit_agreement(rule, noun, sent, parties, noun, focus=noun)

    def _under_deal(self, rule, noun: Token, verb: Token, sent: Span) -> None:
        """'Under a five-year deal announced on Tuesday, X will host Y's customers': the deal binds
        the clause's subject and the organizations its object names."""
        subjects = P.subjects(verb)
        parties = _orgs(subjects + [c for s in subjects for c in s.children if c.dep_ == "poss"], self.ents)
        for obj in P.objects(verb) + P.prep_objects(verb, {"with", "to", "for", "on", "over"}):
            for t in sorted(obj.subtree, key=lambda t: t.i):     # the first organization the object names
                key = self.ents.org_at(t, set(parties))
                if key and key not in parties:
                    parties.append(key)
                    break
        # the deal is done even when what it lets the parties do lies ahead ('will host')
        self._emit_agreement(rule, noun, sent, parties, noun, focus=noun, allow_future=True)

    def _choose_supplier(self, rule, verb: Token, sent: Span) -> None:
        """'X tapped Y to build its 5G network', 'X has chosen Y as supplier': a supply agreement."""
        if verb.pos_ != "VERB":
            return
        particles = rule.get("particles", {}).get(verb.lemma_)
        if particles and not any(c.dep_ == "prt" and c.lower_ in particles for c in verb.children):
            return                                  # 'signed up Y as its partner', not a bare 'signed'

        if P.is_passive(verb):                     # 'Y has been selected by X to ...'
            buyer = _orgs(P.agents(verb), self.ents)
            supplier = _orgs(P.passive_subjects(verb), self.ents, buyer)
        else:
            buyer = _orgs(P.subjects(verb), self.ents)
            supplier = _orgs(P.objects(verb), self.ents, buyer)
        buyer_role = next((t for t in verb.subtree if t.lower_ in ("buyer", "bidder", "acquirer", "purchaser")), None)
        if buyer_role is not None:                  # 'Vivendi has chosen Altice as the buyer of SFR'
            targets = _orgs(P.prep_objects(buyer_role, {"of", "for"}), self.ents, supplier)
            self._emit_acquisition({"id": "acq.chosen-buyer"}, verb, sent, supplier[:1], targets, None, "announced")
            return
        purpose = any(c.dep_ in ("xcomp", "advcl") for c in verb.children) or any(
            t.lower_ in ("supplier", "vendor", "contractor", "provider", "partner") for t in verb.subtree)
        if buyer and supplier and purpose:
            self._emit_agreement(rule, verb, sent, buyer[:1] + supplier[:1], verb, focus=verb)

    def _supply_to(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB" or P.is_passive(verb):
            return
        supplier = _orgs(P.subjects(verb), self.ents)
        if P.prep_objects(verb, {"with"}):           # 'supply MTN with radio equipment'
            customer = _orgs(P.objects(verb), self.ents, supplier)
        else:                                        # 'supply switches to BT'
            customer = _orgs(P.prep_objects(verb, {"to"}) + [x for o in P.objects(verb) for x in P.prep_objects(o, {"to"})],
                             self.ents, supplier)
        under = any(t.lower_ in ("under", "as") and any(c.lemma_ in table()["deal_anaphors"] + ["agreement", "contract", "pact"]
                                                         for c in t.children) for t in verb.subtree)
        if supplier and customer:
            self._emit_agreement(rule, verb, sent, supplier[:1] + customer[:1], verb, focus=verb, allow_future=under)

    def _order_from(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB":
            return
        buyer = _orgs(P.agents(verb) if P.is_passive(verb) else P.subjects(verb), self.ents)
        objs = P.passive_subjects(verb) if P.is_passive(verb) else P.objects(verb)
        froms = [t for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "from"
                 and not any(x.pos_ == "VERB" for x in P.chain(t)[1:P.chain(t).index(verb)])]
        inside_from = {x.i for f in froms for x in f.subtree}
        if any(self.ents.org_at(t) for o in objs for t in o.subtree if t.dep_ != "poss" and t.i not in inside_from) or \
                any(o.lemma_ in lexicon("org_descriptions") or o.lemma_ in table()["stake_nouns"] for o in objs):
            return                                  # buying a company or a stake is a takeover
        sellers = _orgs([x for f in froms for p in f.children if p.dep_ == "pobj" for x in P.with_conj(p)],
                        self.ents, buyer)
        if buyer and sellers and self.ents.entities[sellers[0]].type == "Organization":
            self._emit_agreement(rule, verb, sent, buyer[:1] + sellers[:1], verb, focus=objs[0] if objs else verb)

    def _name_before(self, noun: Token) -> str | None:
        """'NAME, the (joint) venture ...' / 'NAME, a 50-50 joint venture': the words before the comma."""
        doc = noun.doc
        start = min([noun.i] + [t.i for t in noun.lefts])
        if start < 2 or doc[start - 1].text != ",":
            return None
        key = self.ents.key_at(doc[start - 2])
        if key and key.startswith("org:"):
            return key
        words = []
        for t in reversed(doc[max(start - 5, 0):start - 1]):
            if not (t.pos_ in ("PROPN", "NUM") or t.text[:1].isupper()) or t.is_sent_start and t.pos_ != "PROPN":
                break
            words.insert(0, t)
        if words and words[-1].pos_ == "PROPN" and not (self.ents.key_at(words[-1]) or "").startswith("org:"):
            return self.ents.add_org(doc[words[0].i:words[-1].i + 1], "ent.jv-name")   # '5G Japan, a joint venture'
        return None

    def _stake_holders(self, sent: Span, noun: Token, name: str | None) -> dict[str, float]:
        """Owners and their shares read off the words after a venture noun, whatever the parse:
        '60 pct by BT and 40 pct by Securicor', 'in which Vodafone holds 51 percent and the Qatar
        Foundation 49 percent'."""
        doc, out = sent.doc, {}
        for span, key in self.ents.spans:
            if not (noun.i < span.start < sent.end) or not key.startswith("org:") or key == name or key in out:
                continue
            before = doc[max(span.start - 5, sent.start):span.start].text
            after = doc[span.end:min(span.end + 4, sent.end)].text
            m = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|pct|per ?cent|percent)\s+(?:is\s+)?(?:owned\s+)?by(?:\s+\w+)?\s*$", before) or \
                re.match(r"\s*(?:\w+\s+)?(?:holds|owns|has|with|takes|taking|holding|owning)?\s*(\d+(?:\.\d+)?)\s*(?:%|pct|per ?cent|percent)\b", after)
            if m:
                out[key] = float(m.group(1))
        return out if 95 <= sum(out.values()) <= 100.5 or len(out) >= 2 and sum(out.values()) <= 100.5 else {}

    def _named(self, tok: Token) -> str | None:
        """The company a noun phrase names: itself, or its appositive ('the new company, Net4Mobility,')."""
        key = self.ents.key_at(tok)
        if key and key.startswith("org:"):
            return key
        for c in tok.children:
            if c.dep_ == "appos":
                key = self.ents.key_at(c)
                if key and key.startswith("org:"):
                    return key
                if c.pos_ == "PROPN":
                    words = [t for t in c.subtree if t.pos_ == "PROPN" or t.text in ("&", "-")]
                    if words and words[-1].i - words[0].i + 1 == len(words):
                        return self.ents.add_org(tok.doc[words[0].i:words[-1].i + 1], "ent.jv-name")
        if tok.pos_ == "PROPN" and not key:          # 'Foxtel, jointly owned by ...': a name NER left out
            words = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [tok]
            if words[-1].i - words[0].i + 1 == len(words):
                return self.ents.add_org(tok.doc[words[0].i:words[-1].i + 1], "ent.jv-name")
        return None

    def _add_venture(self, rule, sent: Span, name: str | None, partners: list[str], stakes: dict) -> None:
        partners = [p for p in dict.fromkeys(partners) if p != name]
        if len(partners) < 2 or any(v.name == name and name for v in self.ventures):
            return
        same = next((v for v in self.ventures if set(v.partners) == set(partners)), None)
        if same is not None and (name is None or same.name is None):
            same.name = same.name or name          # one venture told twice in a sentence
            return
        if name is not None:
            self.ents.entities[name].type = "JointVenture"
        self.ventures.append(JointVenture(name=name, partners=partners, evidence=evidence(rule["id"], sent),
                                          location=None, founded=None, stakes=stakes))

    def _jointly_owned(self, rule, verb: Token, sent: Span) -> None:
        if verb.pos_ != "VERB" or not (P.is_passive(verb) or verb.dep_ == "acl"):
            return
        words = sorted(verb.subtree, key=lambda t: t.i)
        shared = re.search(r"\b(jointly|equally|50-50|50:50|50/50|fifty-fifty)\b",
                           sent.doc[words[0].i:words[-1].i + 1].text.lower())
        partners = _orgs(P.agents(verb), self.ents)
        if not shared or len(partners) < 2:
            return
        owned = verb.head if verb.dep_ == "acl" else next(iter(P.passive_subjects(verb)), None)
        name = self._named(owned) if owned is not None else None
        if name is None and owned is not None and any(c.lower_ == "the" for c in owned.children) and self.ventures:
            return                                  # 'The London-based venture, owned 50-50 by ...': told already
        if name in partners or name is None and (owned is None or owned.lemma_ not in lexicon("org_descriptions")):
            return                                  # 'towers jointly owned by A and B' are not a venture
        even = re.search(r"\b(equally|50-50|50:50|50/50|fifty-fifty)\b", sent.text.lower())
        self._add_venture(rule, sent, name, partners, {p: 50.0 for p in partners} if even and len(partners) == 2 else {})

    def _partners_in(self, rule, noun: Token, sent: Span) -> None:
        if noun.pos_ != "NOUN" or noun.dep_ != "attr" or noun.head.lemma_ != "be":
            return
        ventures = [self._named(t) for t in P.prep_objects(noun, {"in"})]
        partners = _orgs(P.subjects(noun.head), self.ents)
        for name in filter(None, ventures):         # 'A and B are partners in PrimeCo'
            self._add_venture(rule, sent, name, partners, {})

    # -- joint ventures -----------------------------------------------------------------
    def _joint_venture(self, rule, noun: Token, sent: Span) -> None:
        if noun.lemma_ == "venture" and not any(c.lower_ in ("joint",) for c in noun.children):
            # a plain 'venture' is a joint venture only when the text says whose it is:
            # 'SpectrumCo, a venture of cable operators X, Y and Z', 'Foxtel, the venture owned by X and Y'
            owned = P.prep_objects(noun, {"of", "between"}) + [a for c in noun.children if c.dep_ == "acl"
                                                                for a in P.agents(c)]
            if noun.dep_ not in ("appos", "attr") or not _orgs(owned, self.ents):
                return
        if modality(noun, sent) in ("negated", "rumoured"):
            return
        head = noun.head
        ents = self.ents
        name = None
        # 'NAME, a joint venture between A and B' / 'NAME is a joint venture of A and B'
        owner = None
        if noun.dep_ == "appos":
            owner = head
        elif noun.dep_ == "attr" and head.lemma_ == "be":
            owner = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if owner is not None and ents.key_at(owner) and ents.key_at(owner).startswith("org:"):
            name = ents.key_at(owner)
        elif owner is not None and owner.pos_ == "PROPN" and not (ents.key_at(owner) or "").startswith("org:"):
            # 'Brasilcel, a joint venture', 'Thorn Ericsson is a joint venture' (NER: a person), '5G Japan, a ...'
            words = [t for t in owner.lefts if t.dep_ in ("compound", "nummod") and t.pos_ in ("PROPN", "NUM")] + [owner]
            if words and words[-1].i - words[0].i + 1 == len(words):
                name = ents.add_org(sent.doc[words[0].i:words[-1].i + 1], "ent.jv-name")
        # the name: 'a joint venture called X', 'joint venture X', 'the venture ... is called X'
        naming = ("call", "name", "know", "dub", "brand")
        candidates = [t for t in noun.subtree if t.head == noun or t.head.lemma_ in naming or t.head.head.lemma_ in naming]
        if noun.dep_ in ("nsubjpass", "nsubj") and noun.head.lemma_ in naming:
            candidates += [t for c in noun.head.children if c.dep_ in ("oprd", "attr", "xcomp") for t in c.subtree]
        for t in candidates:
            key = ents.key_at(t)
            if name is None and key and key.startswith("org:") and (
                    t.head.lemma_ in naming or t.dep_ in ("appos", "compound", "oprd", "attr")
                    or t.head.head.lemma_ in naming):
                name = key
        if name is None:                          # 'a joint venture, Infracos,': a name NER did not know
            appos = next((c for c in noun.children if c.dep_ in ("appos", "oprd") and c.pos_ == "PROPN"), None)
            if appos is not None:
                words = [t for t in appos.subtree if t.pos_ == "PROPN" or t.text in ("&", "-")]
                if words and words[-1].i - words[0].i + 1 == len(words):
                    name = ents.add_org(sent.doc[words[0].i:words[-1].i + 1], "ent.jv-name")
        if name is None:                            # 'Cellnet, the joint venture owned ...' misparsed
            name = self._name_before(noun)
        each = re.search(r"\beach\b[^.;]{0,40}?(\d+(?:\.\d+)?) ?(?:%|per ?cent|pct)", sent.text)
        definite = any(c.lower_ == "the" for c in noun.children)
        if name is None and definite and self.ventures:
            last = self.ventures[-1]                # 'the joint venture': the one already reported
            if each and not last.stakes:
                last.stakes = {p: float(each.group(1)) for p in last.partners}
            return
        if name is None and definite and not any(c.dep_ == "acl" for c in noun.children):
            return                                  # 'the joint venture' whose name the story gave elsewhere
        partners: list[str] = []
        partners += _orgs(P.prep_objects(noun, {"between", "of", "with", "by", "among"}), ents, {name})
        for acl in (c for c in noun.children if c.dep_ == "acl"):   # 'owned equally by X and Y'
            partners += _orgs(P.agents(acl), ents, set(partners) | {name})
        partners += _orgs([c for c in noun.children if c.dep_ == "poss"], ents, set(partners) | {name})
        anchor = owner if owner is not None else noun
        verb = next((t for t in P.chain(anchor)[1:] if t.pos_ == "VERB"), None)
        if len(partners) < 2:
            partners += _orgs(P.governing_subjects(anchor), ents, set(partners) | {name})
            for v in [t for t in P.chain(anchor)[1:4] if t.pos_ == "VERB"]:   # 'teamed up with O2 to launch X, a venture'
                partners += _orgs(P.prep_objects(v, {"with"}), ents, set(partners) | {name})
        partners = [p for p in dict.fromkeys(partners) if p != name and p is not None]
        holders = self._stake_holders(sent, noun, name)
        if len(partners) < 2 and len(holders) >= 2:  # 'owned 60 pct by BT and 40 pct by Securicor'
            partners = list(holders)
        if len(partners) < 2 and name is None:
            return
        location = None
        for scope in filter(None, (noun, verb)):
            for t in P.prep_objects(scope, {"in"}):
                key = ents.key_at(t)
                if key and key.startswith("place:"):
                    location = location or key
        if location is None:
            location = self._location_from_demonym(sent)
        founded = None
        if verb is not None and verb.lemma_ in ("form", "set", "start", "create", "establish", "launch", "found",
                                                 "build", "combine", "merge"):
            founded = self._date(sent, verb.head if verb.dep_ in ("advcl", "conj") else verb)
        formed = next((c for c in noun.children if c.dep_ == "acl" and c.lemma_ in (
            "form", "set", "create", "establish", "launch", "found")), None)
        if founded is None and formed is not None:   # 'a joint venture between X and Y formed in 2001'
            founded = self._date(sent, formed)
        stakes = {p: holders[p] for p in partners if p in holders} if len(holders) >= 2 else {}
        if stakes:
            pass
        elif len(partners) == 2 and re.search(r"\b50[-:/ ]50\b|\bequal(ly)?[- ]owned\b|\bowned equally\b|\b50 ?(%|per ?cent|pct) each\b",
                                            sent.text):
            stakes = {p: 50.0 for p in partners}
        elif each and partners:                    # 'in which each will hold 50 per cent'
            stakes = {p: float(each.group(1)) for p in partners}
        if name is not None:
            ents.entities[name].type = "JointVenture"
        if verb is not None and verb.lemma_ in FORMATION_VERBS and len(partners) >= 2 \
                and not self._background(sent, verb, founded):
            # forming a venture, reported as news, is an agreement between the partners
            self._emit_agreement(rule, verb, sent, partners, verb, focus=noun)
        self.ventures.append(JointVenture(name=name, partners=partners, evidence=evidence(rule["id"], sent),
                                          location=location, founded=founded, stakes=stakes))


def read_deals(ents: EntityTable, published: str | None) -> DealReader:
    reader = DealReader(ents, published)
    reader.read()
    return reader
