"""Load the rule data files (lexicons, roles, deal and figure rules) once per process."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _read(name: str):
    return json.loads(resources.files("telegraph_kg.resources").joinpath("rules").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    return frozenset(_read("lexicon.json")[name]["words"])


@lru_cache(maxsize=1)
def roles() -> tuple[tuple[str, ...], ...]:
    """Role phrases as word tuples, longest first, so 'chief executive officer' beats 'chief executive'."""
    phrases = {tuple(r.split()) for r in _read("roles.json")["roles"]}
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def rule_table(name: str) -> dict:
    return _read(name)
