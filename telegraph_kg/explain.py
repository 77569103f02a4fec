"""Explain a fact: its statements and the evidence it was read from (sentence with the names
marked, offsets, rule id, article), the same for the terminal and the browser page."""
from __future__ import annotations

import re

import pyoxigraph as ox

from telegraph_kg.query import bind, short
from telegraph_kg.rdf import PREFIXES

_PRE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
Q_STATEMENTS = _PRE + """SELECT DISTINCT ?p ?o ?label WHERE { GRAPH ?g { ?fact ?p ?o
  OPTIONAL { ?o schema:name ?label } } } ORDER BY ?p ?label ?o"""
Q_NAMES = _PRE + """SELECT DISTINCT ?name WHERE { GRAPH ?g { { ?fact schema:name|skos:altLabel ?name }
  UNION { ?fact ?p ?o . ?o schema:name|skos:altLabel ?name } } }"""
Q_EVIDENCE = _PRE + """SELECT DISTINCT ?sentence ?start ?end ?rule ?article ?headline ?published WHERE { GRAPH ?g {
  ?fact prov:wasDerivedFrom ?e . ?e tg:sentence ?sentence ; tg:startChar ?start ; tg:endChar ?end ; tg:rule ?rule ;
  tg:article ?a . ?a schema:identifier ?article
  OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?published } } }
  ORDER BY ?article ?start"""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SHOWN_ELSEWHERE = {RDF_TYPE, PREFIXES["prov"] + "wasDerivedFrom", PREFIXES["tg"] + "article"}


def explain(store: ox.Store, iri: str) -> dict:
    """What the store says about `iri` and the evidence behind it; LookupError when it knows nothing."""
    if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri):
        raise LookupError(f"{iri!r} is not an IRI")

    def ask(query: str):
        return store.query(bind(query, {"fact": f"<{iri}>"}))

    types, props = [], []
    names = {row["name"].value for row in ask(Q_NAMES)}
    for row in ask(Q_STATEMENTS):
        p, o, label = row["p"].value, row["o"], row["label"]
        if p == RDF_TYPE:
            types.append(short(o))
        elif p not in SHOWN_ELSEWHERE:
            props.append({"property": short(row["p"]), "value": label.value if label else short(o),
                          "iri": o.value if isinstance(o, ox.NamedNode) else None})
    evidence = []
    for row in ask(Q_EVIDENCE):
        sentence = row["sentence"].value
        evidence.append({"sentence": sentence, "marks": marks(sentence, names), "start": int(row["start"].value),
                         "end": int(row["end"].value), "rule": row["rule"].value, "article": row["article"].value,
                         "headline": row["headline"].value if row["headline"] else None,
                         "published": row["published"].value if row["published"] else None})
    if not types and not props and not evidence:
        raise LookupError(f"{iri}: nothing in the store has this IRI")
    return {"iri": iri, "name": short(ox.NamedNode(iri)), "types": types, "properties": props, "evidence": evidence}


def marks(sentence: str, names) -> list[list[int]]:
    """Where the fact's names occur in the sentence, as [start, end) spans, longest names first."""
    spans: list[list[int]] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), sentence):
            if all(m.end() <= s or m.start() >= e for s, e in spans):
                spans.append([m.start(), m.end()])
    return sorted(spans)


def marked(sentence: str, spans, left: str = "[", right: str = "]") -> str:
    out, last = [], 0
    for s, e in spans:
        out += [sentence[last:s], left, sentence[s:e], right]
        last = e
    return "".join(out + [sentence[last:]])


def text(fact: dict) -> str:
    lines = [f"{fact['name']}  ({', '.join(fact['types']) or 'no type'})"]
    width = max([len(p["property"]) for p in fact["properties"]] + [0])
    for p in fact["properties"]:
        iri = short(ox.NamedNode(p["iri"])) if p["iri"] else p["value"]
        target = f"  ({iri})" if iri != p["value"] else ""
        lines.append(f"  {p['property']:<{width}}  {p['value']}{target}")
    for ev in fact["evidence"]:
        where = f"article {ev['article']}" + (f" ({ev['published']})" if ev["published"] else "")
        title = f" \"{ev['headline']}\"" if ev["headline"] else ""
        lines.append(f"evidence: rule {ev['rule']}, {where}{title}, characters {ev['start']}-{ev['end']}")
        lines.append(f"  {marked(ev['sentence'], ev['marks'])}")
    if not fact["evidence"]:
        lines.append("evidence: none recorded")
    return "\n".join(lines)
