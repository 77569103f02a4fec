"""Quantities written in digits or words: '1,700', '120 million', '$20.1bn', 'nearly half a billion'."""
from __future__ import annotations

import re

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "million": 1e6,
    "millions": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "billion": 1e9, "billions": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "trln": 1e12,
}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3, "thirds": 1 / 3, "quarters": 0.25, "dozen": 12}
APPROX = re.compile(r"\b(about|around|approximately|roughly|nearly|almost|some|more than|over|"
                    r"close to|upwards of|in excess of|just under|just over|circa|an estimated|estimated|"
                    r"at least|less than|under)\b", re.IGNORECASE)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+", re.IGNORECASE)


def _digits(tok: str) -> float | None:
    if "," in tok and "." not in tok and re.fullmatch(r"\d{1,3}(,\d{2,3})+", tok):
        return float(tok.replace(",", ""))          # 1,700 / 3,874 / 1,00,000 (Indian grouping)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", tok):
        return float(tok.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", tok):             # European decimal comma: 2,5
        return float(tok.replace(",", "."))
    try:
        return float(tok)
    except ValueError:
        return None


def parse_quantity(text: str) -> float | None:
    """The number a phrase states, or None when it states none."""
    text = text.replace("-", " ").replace("\u2009", "").replace("\xa0", " ")
    total, current, seen, last_scale = 0.0, None, False, False
    for tok in _TOKEN.findall(text):
        was_scale, last_scale = last_scale, False
        low = tok.lower()
        value = _digits(tok)
        if value is not None:
            current = (current or 0) + value if current and current < 1 and value >= 1 else value
            seen = True
        elif low in UNITS:
            current = (current or 0) + UNITS[low]
            seen = True
        elif low in TENS:
            current = (current or 0) + TENS[low]
            seen = True
        elif low in ("a", "an"):
            if current is None and not seen:
                current = 1.0
            continue
        elif low in FRACTIONS:
            current = (current or 1) * FRACTIONS[low]
            seen = True
        elif low in SCALES:
            scale = SCALES[low]
            last_scale = True
            if current is None and was_scale and total:
                total *= scale                            # '1.5 lakh crore'
                continue
            if current is None:
                if not seen:
                    continue
                current = 1.0
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = None
            seen = True
        elif low in ("and", "point", "of"):
            continue
        elif seen:
            break
    if not seen:
        return None
    value = total + (current or 0)
    return float(f"{value:.12g}")                     # 1.07 * 10**9 is 1070000000.0000001 in binary


def is_approximate(text: str) -> bool:
    return bool(APPROX.search(text))
