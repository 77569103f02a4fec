"""Name keys: the matching rule of the gold spec (section 4), used for lookup and scoring."""
from __future__ import annotations

import re
import unicodedata

SUFFIXES = {"inc", "corp", "corporation", "co", "ltd", "limited", "plc", "sa", "ag", "nv", "group", "holdings"}
_PUNCT = re.compile(r"[^\w&\s]", re.UNICODE)


def match_key(name: str) -> str:
    """NFKD without accents, casefolded, punctuation but '&' removed, corporate suffixes dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT.sub("", text.replace("_", ""))
    words = text.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(words)


def slug(name: str) -> str:
    """IRI-safe identifier from a name: stable across runs and batches."""
    key = match_key(name).replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "x"


def clean_mention(text: str) -> str:
    """Surface form of a mention without leading articles, possessives and stray punctuation."""
    text = re.sub(r"\s*\([^)]*$", "", re.sub(r"\s+", " ", text))     # 'Societe Europeenne des Satellites (SES'
    text = text.strip(" ,;:\"'()[]")
    if text.endswith(".") and "." not in text[:-1]:
        text = text[:-1]
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"\s+(and|or|of|the)$", "", text)          # NER spans that swallowed a conjunction
    text = re.sub(r"^(?:the\s+)?(?:remaining\s+)?[\d.,]+\s*(?:%|pc|pct|per ?cent|percent)\s+(?:stake\s+)?(?:of|in)\s+",
                  "", text, flags=re.I)                     # '71.5pc of Ziggo'
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"(?:'s|’s|'|’)$", "", text)
    text = text.strip(" ,;:-")
    return text.rstrip(" )-") if "(" not in text else text     # 'Reuter) -' from a dateline
