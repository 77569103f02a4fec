"""A synthetic corpus for benchmarks: the bundled articles with names, numbers and dates varied,
so every article is different text of the same kind."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from telegraph_kg import gazetteer
from telegraph_kg.articles import Article, read_sources

ROOT = Path(__file__).resolve().parent.parent


def base_articles() -> list[Article]:
    sources = [str(p) for p in (ROOT / "corpus" / "dev" / "articles", ROOT / "corpus" / "test" / "articles") if p.is_dir()]
    seed = ROOT.parent / "shared" / "seeds" / "articles"
    if seed.is_dir():
        sources.append(str(seed))
    arts = [a for a in read_sources(sources) if isinstance(a, Article)]
    if not arts:
        raise SystemExit("no corpus articles found under corpus/")
    return arts


def vary(article: Article, rng: random.Random, index: int) -> dict:
    carriers = [r.name for r in gazetteer.organizations().refs.values() if r.type == "Carrier"] or ["Vodafone"]
    text = article.text
    names = sorted({r.name for r in gazetteer.organizations().refs.values() if r.name in text}, key=len, reverse=True)
    for name in names:
        text = text.replace(name, rng.choice(carriers))
    text = re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b",
                  lambda m: str(max(1, int(float(m.group().replace(",", "")) * rng.uniform(0.5, 1.5)))), text)
    year = rng.randint(1995, 2025)
    return {"id": f"synth-{index:07d}", "title": article.title, "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "text": text}


def write_corpus(path: Path, n: int, seed: int = 7) -> int:
    """Write n varied articles as JSON Lines; returns the number of words."""
    rng = random.Random(seed)
    arts = base_articles()
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = vary(arts[i % len(arts)], rng, i)
            words += len(rec["text"].split())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return words
