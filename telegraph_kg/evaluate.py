"""Score facts views against gold exactly as the gold spec (section 4) says: micro-averaged
precision, recall and F1 per category, and attribute accuracy on matched items."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from telegraph_kg.normalize.names import match_key

CATEGORIES = ("entities", "agreements", "acquisitions", "joint_ventures", "figures")
ATTRIBUTES = {
    "entities": ("role", "affiliation"),
    "agreements": ("kind", "date"),
    "acquisitions": ("stake_percent", "value", "date", "status"),
    "joint_ventures": ("partners", "location", "founded"),
    "figures": ("segment", "approximate", "period"),
}


class Names:
    """Name matching for one article: match keys, and each gold entity's aliases."""

    def __init__(self, gold: dict):
        self.canon: dict[str, str] = {}
        for ent in gold.get("entities", []):
            head = match_key(ent["name"])
            for n in [ent["name"], *ent.get("aliases", [])]:
                self.canon.setdefault(match_key(n), head)

    def key(self, name) -> str | None:
        if name is None:
            return None
        k = match_key(name)
        return self.canon.get(k, k)

    def keys(self, names) -> frozenset:
        return frozenset(self.key(n) for n in names or [])


def _close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 0.005 * abs(b) if b else a == b


def _attr_ok(cat: str, attr: str, pred: dict, gold: dict, names: Names) -> bool:
    g, p = gold.get(attr), pred.get(attr)
    if p is None:
        return False
    if attr in ("affiliation", "location"):
        return names.key(p) == names.key(g)
    if attr == "partners":
        return names.keys(p) == names.keys(g)
    if attr == "kind":
        return p in (g if isinstance(g, list) else [g])
    if attr == "value" and isinstance(g, dict):
        return isinstance(p, dict) and p.get("currency") == g.get("currency") and _close(p.get("amount"), g.get("amount"))
    if attr == "stake_percent":
        return _close(p, g)
    if isinstance(g, str) and isinstance(p, str) and attr in ("role", "segment", "status"):
        return p.strip().lower() == g.strip().lower()
    return p == g


def _matches(cat: str, pred: dict, gold: dict, names: Names) -> bool:
    if cat == "entities":
        return names.key(pred["name"]) == names.key(gold["name"]) and pred.get("type") == gold.get("type")
    if cat == "agreements":
        return names.keys(pred.get("parties")) == names.keys(gold.get("parties"))
    if cat == "acquisitions":
        return (names.key(pred.get("acquirer")) == names.key(gold.get("acquirer"))
                and names.key(pred.get("target")) == names.key(gold.get("target")))
    if cat == "joint_ventures":
        if gold.get("name"):
            return names.key(pred.get("name")) == names.key(gold["name"])
        return names.keys(pred.get("partners")) == names.keys(gold.get("partners"))
    if cat == "figures":
        return (names.key(pred.get("subject")) == names.key(gold.get("subject"))
                and pred.get("metric") == gold.get("metric") and _close(pred.get("value"), gold.get("value")))
    raise ValueError(cat)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    attrs: dict = field(default_factory=dict)          # attr -> [agree, total]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    errors: list = field(default_factory=list)          # (article, category, 'missed'|'spurious', item)
    attr_errors: list = field(default_factory=list)     # (article, category, attr, gold, pred)

    def to_json(self) -> dict:
        return {"categories": {c: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                                   "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                                   "attributes": {a: {"agree": v[0], "total": v[1],
                                                      "accuracy": round(v[0] / v[1], 4) if v[1] else None}
                                                  for a, v in s.attrs.items()}}
                               for c, s in self.scores.items()},
                "errors": [{"article": a, "category": c, "error": e, "item": i} for a, c, e, i in self.errors],
                "attribute_errors": [{"article": a, "category": c, "attribute": t, "gold": g, "predicted": p}
                                     for a, c, t, g, p in self.attr_errors]}


def score_article(pred: dict, gold: dict, report: Report) -> None:
    names = Names(gold)
    aid = gold.get("article")
    for cat in CATEGORIES:
        s = report.scores[cat]
        left = list(pred.get(cat, []))
        for g in gold.get(cat, []):
            hit = next((p for p in left if _matches(cat, p, g, names)), None)
            if hit is None:
                s.fn += 1
                report.errors.append((aid, cat, "missed", g))
                continue
            left.remove(hit)
            s.tp += 1
            for attr in ATTRIBUTES[cat]:
                if g.get(attr) is None:
                    continue
                ok = _attr_ok(cat, attr, hit, g, names)
                agg = s.attrs.setdefault(attr, [0, 0])
                agg[0] += ok
                agg[1] += 1
                if not ok:
                    report.attr_errors.append((aid, cat, attr, g.get(attr), hit.get(attr)))
        s.fp += len(left)
        report.errors.extend((aid, cat, "spurious", p) for p in left)


def load_gold(directory: str | Path) -> dict[str, dict]:
    gold = {}
    for path in sorted(Path(directory).glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        gold[data.get("article") or path.stem] = data
    return gold


def evaluate(preds: dict[str, dict], gold: dict[str, dict]) -> Report:
    """Score every gold article; an article with no prediction scores as all missed."""
    report = Report()
    for aid, g in gold.items():
        score_article(preds.get(aid, {"article": aid}), g, report)
    return report


def format_table(report: Report) -> str:
    lines = [f"{'category':<16}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}  attributes"]
    for cat, s in report.scores.items():
        attrs = ", ".join(f"{a} {v[0]}/{v[1]}" for a, v in s.attrs.items())
        lines.append(f"{cat:<16}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}  {attrs}")
    return "\n".join(lines)
