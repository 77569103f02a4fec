"""Time expressions to ISO prefixes, resolved against the article's published date.

The precision (day, month, quarter, year) comes from what the expression itself states, so
'in November' never becomes a made-up day; general date libraries return full datetimes and
would invent the missing parts, which the gold format scores as wrong.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = ("january february march april may june july august september october november december").split()
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                 "q1": 1, "q2": 2, "q3": 3, "q4": 4}
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\b", re.I)
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\b(q[1-4])\b", re.I)
_HALF = re.compile(r"\b(first|second) half\b", re.I)
NOT_A_DATE = re.compile(r"\b(years?|months?|weeks?|days?|decades?)\b(?! ago)|\bago\b|\bfiscal\b|\bsince\b|"
                        r"\buntil\b|\bby\b|\beach\b|\bevery\b|\bannual|\bper\b", re.I)


def _parse(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return datetime.strptime(published[:10], "%Y-%m-%d").date()
    except ValueError:
        try:
            return datetime.strptime(published[:4], "%Y").date()
        except ValueError:
            return None


def _relative_year(text: str, base: date) -> int | None:
    low = text.lower()
    if "next year" in low:
        return base.year + 1
    if "last year" in low or "a year ago" in low or "previous year" in low:
        return base.year - 1
    if "this year" in low or "current year" in low:
        return base.year
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def resolve(text: str, published: str | None) -> str | None:
    """ISO 8601 prefix for a time expression, or None when it names no single time."""
    low = text.lower().strip()
    base = _parse(published)
    year = _relative_year(text, base) if base else (int(_YEAR.search(text).group(1)) if _YEAR.search(text) else None)
    q = _QUARTER.search(low)
    if q:
        quarter = QUARTER_WORDS[(q.group(1) or q.group(2)).lower()]
        if year is None and base is not None:       # 'the third quarter': the latest one ended by publication
            year = base.year if quarter * 3 <= base.month else base.year - 1
        if year is None:
            return None
        return f"{year}-Q{quarter}"
    if base is None and year is None:
        return None
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            if base is None or _MONTH.search(low) or _YEAR.search(low):
                break
            delta = (base.weekday() - i) % 7
            if "next" in low:
                delta = -((i - base.weekday()) % 7 or 7)
            return (base - timedelta(days=delta)).isoformat()
    if re.search(r"\b(today|this morning|this afternoon|tonight)\b", low) and base:
        return base.isoformat()
    if re.search(r"\byesterday\b", low) and base:
        return (base - timedelta(days=1)).isoformat()
    if "last month" in low and base:
        first = base.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if "this month" in low and base:
        return f"{base.year}-{base.month:02d}"
    if "next month" in low and base:
        nxt = (base.replace(day=28) + timedelta(days=4)).replace(day=1)
        return f"{nxt.year}-{nxt.month:02d}"
    m = _MONTH.search(low)
    if m:
        month = MONTH_ABBR[m.group(1).lower()[:3] if m.group(1).lower() != "sept" else "sept"]
        day = re.search(r"\b([12]?\d|3[01])(st|nd|rd|th)?\b", low.replace(m.group(0), " ", 1))
        if year is None:
            if base is None:
                return None
            year = base.year if month <= base.month or "next" in low else base.year - 1
        if day and not _YEAR.fullmatch(day.group(1)):
            try:
                return date(year, month, int(day.group(1))).isoformat()
            except ValueError:
                return None
        return f"{year}-{month:02d}"
    if NOT_A_DATE.search(low) and not re.search(r"\b(last|next|this) year\b", low):
        return None
    if year is not None:
        return str(year)
    return None
