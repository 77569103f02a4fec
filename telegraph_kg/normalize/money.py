"""Money spans: '$20.1bn', '1.2 billion dlrs', 'Rs 3,874 crore', '400 mln stg', 'EUR 2.5 billion'."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from telegraph_kg.normalize.numbers import parse_quantity


@lru_cache(maxsize=1)
def _table():
    data = json.loads(resources.files("telegraph_kg.resources").joinpath("currencies.json").read_text("utf-8"))
    symbols = sorted(data["symbols"].items(), key=lambda kv: -len(kv[0]))
    words = sorted(data["words"].items(), key=lambda kv: -len(kv[0]))
    return symbols, words, set(data["codes"])


def currency_of(text: str, default: str | None = None) -> str | None:
    """ISO 4217 code the first stated currency of a money phrase names."""
    symbols, words, codes = _table()
    head = text.split("(")[0]                     # a bracketed conversion is ignored
    best: tuple[int, str] | None = None
    for code in codes:
        m = re.search(rf"(?<![A-Za-z]){code}(?![A-Za-z])", head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), code)
    low = head.lower()
    for word, code in words:
        m = re.search(rf"(?<![a-z.]){re.escape(word)}(?![a-z])", low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), code)
    for sym, code in symbols:
        if sym.isalpha() or sym.endswith("."):
            m = re.search(rf"(?<![A-Za-z]){re.escape(sym)}(?=\s?\d)", head)
        else:
            m = re.search(re.escape(sym), head)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0])):
            if best is None or m.start() <= best[0]:
                best = (m.start(), code)
    return best[1] if best else default


def parse_money(text: str) -> tuple[float, str] | None:
    """(amount, ISO code) of a money phrase, or None when amount or currency is missing."""
    head = text.split("(")[0]
    amount = parse_quantity(re.sub(r"[^\w.,\s-]", " ", head))
    currency = currency_of(head)
    if amount is None or currency is None:
        return None
    return amount, currency
