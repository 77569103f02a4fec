"""Reference data: carriers, other organizations and places, with aliases and Wikidata ids."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from telegraph_kg.normalize.names import match_key


@dataclass
class Ref:
    id: str
    name: str
    type: str                 # Carrier | Organization | JointVenture | Place
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    country: str | None = None
    wikidata: str | None = None
    kind: str | None = None   # for places: country | region | state | city


class Gazetteer:
    """Lookup from any spelling (by the spec's match key) to one reference entry."""

    def __init__(self, refs: list[Ref]):
        self.refs = {r.id: r for r in refs}
        self.by_key: dict[str, Ref] = {}
        self.weak: dict[str, Ref] = {}
        for r in refs:
            for name in [r.name, *r.aliases]:
                self.by_key.setdefault(match_key(name), r)
            for name in r.weak_aliases:
                self.weak.setdefault(match_key(name), r)
        for key in list(self.weak):
            if key in self.by_key and self.by_key[key] is self.weak[key]:
                del self.by_key[key]

    def lookup(self, text: str, weak: bool = False) -> Ref | None:
        key = match_key(text)
        ref = self.by_key.get(key)
        if ref is None and weak:
            ref = self.weak.get(key)
        return ref

    def country(self, code: str) -> Ref | None:
        """The country entry for an ISO 3166 code."""
        for ref in self.refs.values():
            if ref.kind == "country" and ref.country == code:
                return ref
        return None

    def strong_names(self, ref: Ref) -> list[str]:
        weak = {match_key(w) for w in ref.weak_aliases}
        return [n for n in dict.fromkeys([ref.name, *ref.aliases]) if match_key(n) not in weak]


def _load(name: str, default_type: str) -> list[Ref]:
    path = resources.files("telegraph_kg.resources").joinpath(name)
    if not path.is_file():
        return []
    refs = []
    for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        refs.append(Ref(id=rec.get("id") or f"place-{match_key(rec['name']).replace(' ', '-')}",
                        name=rec["name"], type=rec.get("type", default_type),
                        aliases=rec.get("aliases", []), weak_aliases=rec.get("weak_aliases", []),
                        country=rec.get("country"), wikidata=rec.get("wikidata"), kind=rec.get("kind")))
    return refs


@lru_cache(maxsize=1)
def organizations() -> Gazetteer:
    return Gazetteer(_load("carriers.jsonl", "Carrier") + _load("organizations.jsonl", "Organization"))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    data = json.loads(resources.files("telegraph_kg.resources").joinpath("demonyms.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_") and v}


@lru_cache(maxsize=1)
def places() -> Gazetteer:
    return Gazetteer(_load("places.jsonl", "Place"))
