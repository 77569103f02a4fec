"""Plain records of what one article says; every fact carries its Evidence."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    rule: str
    sentence: str
    start: int          # character offsets of the sentence in the article text
    end: int


@dataclass
class Entity:
    key: str            # stable identity: gazetteer id or normalised name
    name: str
    type: str           # Carrier | Organization | JointVenture | Person | Place
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    affiliation: str | None = None   # key of an organization
    country: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Money:
    amount: float
    currency: str


@dataclass
class Agreement:
    kind: str
    parties: list[str]               # entity keys
    date: str | None
    evidence: Evidence
    kind_strength: int = 0           # how near the deal its kind cue stood (0 default .. 3 the deal noun's own word)


@dataclass
class Acquisition:
    acquirer: str
    target: str
    evidence: Evidence
    stake_percent: float | None = None
    value: Money | None = None
    date: str | None = None
    status: str = "announced"


@dataclass
class JointVenture:
    name: str | None                 # entity key of the venture, when named
    partners: list[str]
    evidence: Evidence
    location: str | None = None      # entity key of a place
    founded: str | None = None
    stakes: dict[str, float] = field(default_factory=dict)


@dataclass
class Figure:
    subject: str
    metric: str
    value: float
    evidence: Evidence
    segment: str | None = None
    unit: str = "count"
    approximate: bool = False
    period: str | None = None


@dataclass
class ArticleFacts:
    article: str
    published: str | None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    encoding: str | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    agreements: list[Agreement] = field(default_factory=list)
    acquisitions: list[Acquisition] = field(default_factory=list)
    joint_ventures: list[JointVenture] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


STATUS_RANK = {"rumoured": 0, "announced": 1, "completed": 2, "abandoned": 3, "blocked": 3}


def consolidate(facts: ArticleFacts) -> ArticleFacts:
    """One fact per real-world event: repeated mentions merge, and the firmest status wins."""
    agreements: dict[frozenset, Agreement] = {}
    for a in facts.agreements:
        key = frozenset(a.parties)
        if key not in agreements:
            agreements[key] = a
            continue
        old = agreements[key]
        if a.kind_strength > old.kind_strength:
            old.kind, old.kind_strength = a.kind, a.kind_strength
        if old.date is None and a.date:
            old.date = a.date
    acquisitions: dict[tuple, Acquisition] = {}
    for q in facts.acquisitions:
        key = (q.acquirer, q.target)
        if (q.target, q.acquirer) in acquisitions:
            continue
        old = acquisitions.get(key)
        if old is None:
            acquisitions[key] = q
            continue
        if STATUS_RANK[q.status] > STATUS_RANK[old.status]:
            old.status = q.status
        old.stake_percent = old.stake_percent or q.stake_percent
        old.value = old.value or q.value
        old.date = old.date or q.date
    ventures: dict = {}
    for v in facts.joint_ventures:
        key = v.name or frozenset(v.partners)
        old = ventures.get(key)
        if old is None:
            ventures[key] = v
        else:
            old.partners = list(dict.fromkeys(old.partners + v.partners))
            old.location = old.location or v.location
            old.founded = old.founded or v.founded
    figures: dict[tuple, Figure] = {}
    for f in facts.figures:
        figures.setdefault((f.subject, f.metric, round(f.value, 3)), f)
    facts.agreements = list(agreements.values())
    facts.acquisitions = list(acquisitions.values())
    facts.joint_ventures = [v for v in ventures.values() if v.name or len(v.partners) >= 2]
    facts.figures = list(figures.values())
    return facts
