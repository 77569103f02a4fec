"""Regenerate the spread table in corpus/README.md from the gold files (and article sidecars).

    python corpus/make_table.py        # rewrites the block between the TABLE markers
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTINENT = {
    "US": "North America", "CA": "North America", "MX": "Latin America", "BR": "Latin America", "AR": "Latin America",
    "CL": "Latin America", "CO": "Latin America", "PE": "Latin America", "JM": "Latin America",
    "GB": "Europe", "DE": "Europe", "FR": "Europe", "ES": "Europe", "IT": "Europe", "NL": "Europe", "SE": "Europe",
    "NO": "Europe", "FI": "Europe", "AT": "Europe", "CH": "Europe", "BE": "Europe", "PT": "Europe", "IE": "Europe",
    "DK": "Europe", "PL": "Europe", "RU": "Europe", "TR": "Europe", "LU": "Europe",
    "ZA": "Africa", "NG": "Africa", "KE": "Africa", "EG": "Africa", "MA": "Africa", "ET": "Africa", "TZ": "Africa",
    "UG": "Africa", "GH": "Africa", "RW": "Africa",
    "AE": "Middle East", "SA": "Middle East", "QA": "Middle East", "KW": "Middle East", "BH": "Middle East",
    "OM": "Middle East", "IL": "Middle East", "JO": "Middle East", "LB": "Middle East",
    "IN": "Asia", "CN": "Asia", "JP": "Asia", "KR": "Asia", "HK": "Asia", "SG": "Asia", "MY": "Asia", "ID": "Asia",
    "TH": "Asia", "PH": "Asia", "BD": "Asia", "PK": "Asia", "VN": "Asia", "LK": "Asia", "TW": "Asia",
    "AU": "Oceania", "NZ": "Oceania",
}


def article_meta(split: Path, aid: str) -> dict:
    arts = split / "articles"
    side = arts / f"{aid}.json"
    if side.exists():
        meta = json.loads(side.read_text("utf-8"))
        return {"format": "txt", "source": meta.get("source") or ""}
    if (arts / f"{aid}.html").exists():
        return {"format": "html", "source": "web page"}
    for jl in arts.glob("*.jsonl"):
        for line in jl.read_text("utf-8").splitlines():
            if line.strip() and json.loads(line).get("id") == aid:
                return {"format": "jsonl", "source": json.loads(line).get("source") or ""}
    return {"format": "?", "source": ""}


def continents(gold: dict) -> set[str]:
    from telegraph_kg import gazetteer

    found = set()
    for ent in gold["entities"]:
        if ent["type"] in ("Carrier", "JointVenture"):
            ref = gazetteer.organizations().lookup(ent["name"])
            if ref is None:
                for alias in ent.get("aliases", []):
                    ref = ref or gazetteer.organizations().lookup(alias)
            if ref is not None and ref.country in CONTINENT:
                found.add(CONTINENT[ref.country])
    return found


def rows():
    for split in ("dev", "test"):
        for path in sorted((HERE / split / "gold").glob("*.json")):
            gold = json.loads(path.read_text("utf-8"))
            meta = article_meta(HERE / split, gold["article"])
            kinds = sorted({k for a in gold["agreements"] for k in ([a["kind"]] if isinstance(a["kind"], str) else a["kind"][:1])})
            yield {
                "split": split, "id": gold["article"], "year": (gold.get("published") or "")[:4], **meta,
                "continents": ", ".join(sorted(continents(gold))),
                "agreements": ", ".join(kinds) or ("none" if not gold["acquisitions"] else "-"),
                "acquisitions": ", ".join(sorted({a.get("status", "?") for a in gold["acquisitions"]})) or "-",
                "jv": ", ".join("named" if j.get("name") else "unnamed" for j in gold["joint_ventures"]) or "-",
                "figures": ", ".join(sorted({f["metric"] for f in gold["figures"]})) or "-",
                "no_deal": not gold["agreements"] and not gold["acquisitions"],
            }


def table() -> str:
    rs = list(rows())
    lines = ["| split | article | year | format | style | continents | agreement kinds | acquisition statuses | joint ventures | figure metrics |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rs:
        lines.append(f"| {r['split']} | {r['id']} | {r['year']} | {r['format']} | {r['source']} | {r['continents']} | "
                     f"{r['agreements']} | {r['acquisitions']} | {r['jv']} | {r['figures']} |")
    count = Counter(r["split"] for r in rs)
    kinds = Counter(k for r in rs for k in r["agreements"].split(", ") if k not in ("-", "none"))
    statuses = Counter(s for r in rs for s in r["acquisitions"].split(", ") if s != "-")
    metrics = Counter(m for r in rs for m in r["figures"].split(", ") if m != "-")
    conts = Counter(c for r in rs for c in r["continents"].split(", ") if c)
    years = sorted(r["year"] for r in rs if r["year"])
    summary = [
        "", f"Articles: {len(rs)} ({count['dev']} dev, {count['test']} test); published {years[0]}–{years[-1]}; "
        f"formats: {dict(Counter(r['format'] for r in rs))}; articles with no deal: {sum(r['no_deal'] for r in rs)}.",
        f"Articles per continent of the carriers named: {dict(sorted(conts.items()))}.",
        f"Articles per agreement kind: {dict(sorted(kinds.items()))}.",
        f"Articles per acquisition status: {dict(sorted(statuses.items()))}.",
        f"Articles per figure metric: {dict(sorted(metrics.items()))}.",
        f"Joint ventures: {sum(r['jv'].count('unnamed') for r in rs)} unnamed, "
        f"{sum(r['jv'].split(', ').count('named') for r in rs)} named.",
    ]
    return "\n".join(lines + summary)


def main() -> None:
    readme = HERE / "README.md"
    text = readme.read_text("utf-8")
    block = f"<!-- TABLE START -->\n{table()}\n<!-- TABLE END -->"
    readme.write_text(re.sub(r"<!-- TABLE START -->.*<!-- TABLE END -->", lambda _: block, text, flags=re.S), "utf-8")


if __name__ == "__main__":
    main()
