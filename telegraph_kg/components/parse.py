"""Small readers of the dependency parse shared by the deal and figure rules."""
from __future__ import annotations

from spacy.tokens import Span, Token

SUBJ = ("nsubj", "nsubjpass", "csubj")


def with_conj(tok: Token) -> list[Token]:
    """A token and every token coordinated with it ('AT&T and China Telecom')."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop(0)
        if t not in out:
            out.append(t)
            todo.extend(c for c in t.children if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN", "PRON"))
            todo.extend(c for c in t.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < t.i
                        and any(x.dep_ == "cc" for x in c.children))     # 'Aircel and Tata Teleservices' misparsed
    return out


def subjects(verb: Token) -> list[Token]:
    """Subjects of a verb; an xcomp, conj or relative clause takes its head's subject."""
    t = verb
    raised = False
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj") or (raised and c.dep_ == "nsubjpass")]
        if subj and t.dep_ == "relcl" and subj[0].tag_ in ("WDT", "WP", "WP$") :
            head = t.head                       # 'A and B, which struck ...': the whole coordination
            while head.dep_ == "conj" and head.head.pos_ == "PROPN":
                head = head.head
            return with_conj(head)              # 'China Telecom, which has ...'
        if subj and (subj[0].lower_ in ("they", "we") or any(c.lower_ in ("their", "our") for c in subj[0].children)) \
                and t.dep_ == "ccomp" and subjects(t.head):
            return subjects(t.head)             # 'A and B said they (their boards) have agreed ...'
        if subj:
            return [x for s in subj for x in with_conj(s)]
        if t.dep_ == "relcl":
            return with_conj(t.head)
        if t.dep_ == "acl" and t.head.pos_ == "NOUN":      # 'AT&T's attempt to buy X'
            owner = [c for c in t.head.children if c.dep_ == "poss"]
            if owner:
                return with_conj(owner[0])
        if t.pos_ == "NOUN" and t.dep_ in ("dobj", "pobj") and t.head != t:
            t = t.head if t.dep_ == "dobj" else t.head.head   # 'X signed an agreement to take ...', 'in talks to buy'
            raised = t.lemma_ == "be"
            continue
        if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl") and t.head != t:
            raised = t.dep_ == "xcomp"                   # 'X is said to be weighing ...'
            controller = [c for c in t.head.children if c.dep_ == "dobj"] if raised and t.head.pos_ == "VERB" else []
            if controller and controller[0].pos_ == "PROPN":
                return with_conj(controller[0])          # 'could prompt X to consider a bid'
            t = t.head
            if t.pos_ == "ADP" and t.dep_ == "prep":     # 'after buying X': the clause the 'after' hangs on
                t = t.head
            continue
        break
    return []


def governing_subjects(tok: Token, limit: int = 6) -> list[Token]:
    """Subjects of the nearest verb above a token that has any ('A and B signed an agreement
    to combine X in a joint venture' -> A, B)."""
    t = tok
    for _ in range(limit):
        if t.pos_ in ("VERB", "AUX"):
            found = agents(t) if is_passive(t) else subjects(t)
            if found:
                return found
        if t.head == t:
            break
        t = t.head
    return []


def passive_subjects(verb: Token) -> list[Token]:
    return [x for c in verb.children if c.dep_ == "nsubjpass" for x in with_conj(c)]


def agents(verb: Token) -> list[Token]:
    return [x for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj" for x in with_conj(p)]


def objects(verb: Token) -> list[Token]:
    return [x for c in verb.children if c.dep_ in ("dobj", "attr", "oprd") for x in with_conj(c)]


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    """Objects of the given prepositions under a token: 'with X', 'between X and Y'."""
    out = []
    for c in tok.children:
        if (c.dep_ in ("prep", "agent") or c.dep_ == "dative" and c.pos_ == "ADP") and c.lower_ in preps:
            for prep in [c] + [x for x in c.children if x.dep_ == "conj" and x.lower_ == c.lower_]:
                for p in prep.children:          # 'with X and with Y'
                    if p.dep_ == "pobj":
                        out.extend(with_conj(p))
        elif c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ("together", "along", "jointly")):
            out.extend(prep_objects(c, preps))
    return out


def chain(tok: Token) -> list[Token]:
    """The token and its heads up to the root of the sentence."""
    out = [tok]
    while out[-1].head != out[-1] and len(out) < 12:
        out.append(out[-1].head)
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def phrase_has(sent, cues) -> str | None:
    """First cue (a word or phrase) found in the lower-cased tokens, on word boundaries."""
    text = " " + " ".join(t.lower_ for t in sent).replace(" - ", " ").replace("-", " ") + " "
    for cue in cues:
        if f" {cue.replace('-', ' ')} " in text:      # 'network-sharing' = 'network - sharing' = 'network sharing'
            return cue
    return None
