"""People's roles and affiliations from the shapes news uses to introduce a speaker:
'AT&T spokesman Greg Brutus', 'Nicole Peng, a research director for analyst firm Canalys',
'Vodafone's chief executive, Vittorio Colao', 'Jane Doe, chief executive of Telenor'."""
from __future__ import annotations

from spacy.tokens import Doc

from telegraph_kg.components.mentions import EntityTable
from telegraph_kg.rules import roles

LINK_WORDS = {"at", "of", "for", "with", "from", "in"}
FIELD_HEADS = {"minister", "secretary", "director", "analyst", "manager", "officer", "commissioner", "head",
               "spokesman", "spokeswoman", "spokesperson", "regulator", "chief", "controller", "adviser", "advisor"}
SKIP_BEFORE_ORG = {"the", "a", "an", "analyst", "analysts", "research", "consultancy", "consulting", "firm", "group",
                   "company", "carrier", "operator", "house", "bank", "investment", "broker", "brokerage", "telecom",
                   "telecoms", "telecommunications", "mobile", "wireless", "market", "regulator", "vendor", "equipment",
                   "maker", "industry", "tracker", "agency", "ministry", "its", "u.s.", "british", "french"}


def _match_at(doc: Doc, i: int) -> int | None:
    for phrase in roles():
        end = i + len(phrase)
        if end <= len(doc) and tuple(t.lower_ for t in doc[i:end]) == phrase:
            return end
    return None


def _role_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """Longest role phrase starting at token i: (text lower-cased as written, end index). A field
    word may lead ('finance minister') and roles may be joined ('chairman and managing director')."""
    end = _match_at(doc, i)
    if end is None and i + 1 < len(doc) and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i].ent_type_ == "" \
            and _match_at(doc, i + 1) and doc[_match_at(doc, i + 1) - 1].lower_ in FIELD_HEADS:
        end = _match_at(doc, i + 1)
    if end is None:
        return None
    if end + 1 < len(doc) and doc[end].lower_ == "and" and _match_at(doc, end + 1):
        end = _match_at(doc, end + 1)
    return doc[i:end].text.lower(), end


def _role_ending(doc: Doc, j: int, floor: int) -> tuple[str, int] | None:
    """Longest role phrase ending just before token j: (text, start index)."""
    for phrase in roles():
        start = j - len(phrase)
        if start >= floor and tuple(t.lower_ for t in doc[start:j]) == phrase:
            if doc[j - 1].lower_ in FIELD_HEADS and start - 1 >= floor and doc[start - 1].ent_type_ == "" \
                    and doc[start - 1].pos_ in ("NOUN", "PROPN") and doc[start - 1].is_title:
                start -= 1                         # 'Finance Minister Pedro Aspe'
            return doc[start:j].text.lower(), start
    return None


def _org_after(table: EntityTable, i: int, limit: int) -> str | None:
    doc = table.doc
    for k in range(i, min(i + 6, limit)):
        key = table.key_at(doc[k])
        if key and key.startswith("org:"):
            return key
        if doc[k].lower_ not in SKIP_BEFORE_ORG and not doc[k].is_title:
            return None
    return None


def _org_before(table: EntityTable, j: int, floor: int) -> str | None:
    doc = table.doc
    k = j - 1
    while k >= floor and doc[k].lower_ in ("group", "former", "acting", "interim", "then"):
        k -= 1                                  # 'Vodafone group chief executive ...'
    if k >= floor and doc[k].lower_ in ("'s", "’s", "'"):
        k -= 1
    if k >= floor:
        key = table.key_at(doc[k])
        if key and key.startswith("org:"):
            return key
    return None


def assign_roles(table: EntityTable) -> None:
    doc = table.doc
    for span, key in list(table.spans):
        if not key.startswith("person:"):
            continue
        person = table.entities[key]
        sent = table.sent_of(span.start)
        role = org = None
        # 'AT&T spokesman Greg Brutus' / "Vodafone's chief executive Arun Sarin"
        hit = _role_ending(doc, span.start, sent.start)
        if hit:
            role, start = hit
            org = _org_before(table, start, sent.start)
        # "Vodafone's chief executive, Vittorio Colao,"
        if not hit and span.start - 1 > sent.start and doc[span.start - 1].text == ",":
            hit = _role_ending(doc, span.start - 1, sent.start)
            if hit:
                role, start = hit
                org = _org_before(table, start, sent.start)
        # 'Nicole Peng, a research director for analyst firm Canalys' / 'X, chief executive of Y'
        if span.end < sent.end and doc[span.end].text == ",":
            i = span.end + 1
            owner = None
            if i < sent.end and table.key_at(doc[i]) and table.key_at(doc[i]).startswith("org:"):
                owner = table.key_at(doc[i])
                s = table.span_of(doc[i])
                i = s.end if s is not None else i + 1
                if i < sent.end and doc[i].lower_ in ("'s", "’s", "'"):
                    i += 1
            while i < sent.end and doc[i].lower_ in ("a", "an", "the", "its", "senior", "former", "deputy"):
                i += 1
            after = _role_at(doc, i)
            if after and not role:
                role, end = after
                org = owner
                if org is None and end < sent.end and doc[end].lower_ in LINK_WORDS:
                    org = _org_after(table, end + 1, sent.end)
            elif after and role and org is None and owner:
                org = owner
        if role and org is None and not person.affiliation:
            org = _topic_org(table, span)
        if role and not person.role:
            person.role = role
        if org and not person.affiliation:
            person.affiliation = org


def _topic_org(table: EntityTable, span) -> str | None:
    """A title with no company ('Chief executive Klaus Esser told reporters') belongs to the
    company the passage is about: the last organization named in the sentence before the person,
    else the subject of the sentence before."""
    sent = table.sent_of(span.start)
    for s, key in reversed(table.spans):
        if s.start >= sent.start and s.end <= span.start and key.startswith("org:") \
                and s.start_char >= table.dateline_end:
            return key
    return table.recent_org(span[0], set(), subject_window=1) if sent.start > 0 else None
