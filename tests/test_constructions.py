"""Sentence-level cases (tests/cases/*.jsonl): one construction each, text -> expected facts.

A listed item must be found with every attribute the case gives; an empty list means the
category must stay empty (talks, denials, forecasts, changes)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from telegraph_kg.evaluate import ATTRIBUTES, Names, _attr_ok, _matches
from tests.helpers import facts_view

CASES = [json.loads(line) for path in sorted((Path(__file__).parent / "cases").glob("*.jsonl"))
         for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_construction(nlp, case):
    view = facts_view(nlp, case["text"], case.get("published"))
    names = Names({"entities": case.get("entities", [])})
    for cat, expected in case["expect"].items():
        got = [{k: v for k, v in item.items() if k != "evidence"} for item in view[cat]]
        if not expected:
            assert got == [], f"{case['text']}\nexpected no {cat}, got {json.dumps(got, ensure_ascii=False)}"
            continue
        for want in expected:
            hit = next((g for g in got if _matches(cat, g, want, names)), None)
            assert hit is not None, (f"{case['text']}\nmissing {cat}: {json.dumps(want, ensure_ascii=False)}\n"
                                     f"got: {json.dumps(got, ensure_ascii=False)}")
            for attr in ATTRIBUTES[cat]:
                if attr in want:
                    assert _attr_ok(cat, attr, hit, want, names), (
                        f"{case['text']}\n{cat} {attr}: want {want[attr]!r}, got {hit.get(attr)!r}")
