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


def currency_codes() -> set[str]:
    return _table()[2]


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


_NUM = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = (r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
            r"forty|fifty|sixty|seventy|eighty|ninety|hundred|half|quarter|several)[\s-]+)+")
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bln|mn|bn|tn|trln|m|b|k|crores?|lakhs?|lac)\b"


@lru_cache(maxsize=1)
def _money_regex() -> re.Pattern:
    symbols, words, codes = _table()
    sym = "|".join(re.escape(s) for s, _ in symbols if not s.isalpha() or len(s) > 1)
    word = "|".join(re.escape(w) for w, _ in words)
    code = "|".join(sorted(codes))
    amount = rf"(?:{_NUM})(?:\s?-?{_SCALE}){{0,2}}"
    wordy = rf"(?:{_WORDNUM})(?:{_SCALE})"
    return re.compile(
        rf"(?:(?<![A-Za-z])(?:{sym})\s?{amount}"
        rf"|(?<![A-Za-z])(?:{code})\s?{amount}"
        rf"|(?:{amount}|{wordy})\s+(?:(?:U\.?S\.?|US|Hong Kong|Singapore|Australian|Canadian|New Zealand)\s+)?(?:{word}|{code})(?![a-z]))",
        re.IGNORECASE)


def find_money(text: str) -> list[tuple[int, int, float, str]]:
    """Every money phrase in a text: (start, end, amount, ISO code)."""
    out = []
    for m in _money_regex().finditer(text):
        parsed = parse_money(m.group(0))
        if parsed:
            out.append((m.start(), m.end(), parsed[0], parsed[1]))
    return out


def parse_money(text: str) -> tuple[float, str] | None:
    """(amount, ISO code) of a money phrase, or None when amount or currency is missing."""
    head = text.split("(")[0]
    amount = parse_quantity(re.sub(r"[^\w.,\s-]", " ", head))
    currency = currency_of(head)
    if amount is None or currency is None:
        return None
    return amount, currency
