"""The facts view: spec-format JSON per article, read from the graph with SPARQL.

The graph is the single source of truth; this view is what the evaluator scores."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from telegraph_kg.rdf import PREFIXES

FORMAT = "telegraph-gold/1"
_PRE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

Q_ARTICLES = _PRE + """SELECT ?g ?id ?published WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:datePublished ?published } } } ORDER BY ?id"""
Q_ENTITIES = _PRE + """SELECT ?e ?name ?type ?role ?aff WHERE { GRAPH ?g { ?e tg:mentionedIn ?a ; schema:name ?name ; a ?t .
  FILTER(STRSTARTS(STR(?t), STR(tg:))) BIND(STRAFTER(STR(?t), "#") AS ?type)
  OPTIONAL { ?e tg:role ?role } OPTIONAL { ?e tg:affiliation ?x . ?x schema:name ?aff } } } ORDER BY ?name"""
Q_ALIASES = _PRE + "SELECT ?e ?alias WHERE { GRAPH ?g { ?e tg:mentionedIn ?a ; skos:altLabel ?alias } } ORDER BY ?alias"
Q_AGREEMENTS = _PRE + """SELECT ?f ?kind ?date ?party WHERE { GRAPH ?g { ?f a tg:Agreement ; tg:kind ?kind ;
  tg:party ?p . ?p schema:name ?party OPTIONAL { ?f tg:date ?date } } } ORDER BY ?f ?party"""
Q_ACQUISITIONS = _PRE + """SELECT ?f ?acquirer ?target ?status ?stake ?amount ?currency ?date WHERE { GRAPH ?g {
  ?f a tg:Acquisition ; tg:acquirer/schema:name ?acquirer ; tg:target/schema:name ?target ; tg:status ?status .
  OPTIONAL { ?f tg:stakePercent ?stake } OPTIONAL { ?f tg:valueAmount ?amount ; tg:valueCurrency ?currency }
  OPTIONAL { ?f tg:date ?date } } } ORDER BY ?acquirer ?target"""
Q_VENTURES = _PRE + """SELECT ?f ?name ?partner ?location ?founded WHERE { GRAPH ?g { ?f a tg:JointVentureFormation .
  OPTIONAL { ?f tg:venture/schema:name ?name } OPTIONAL { ?f tg:partner/schema:name ?partner }
  OPTIONAL { ?f tg:location/schema:name ?location } OPTIONAL { ?f tg:founded ?founded } } } ORDER BY ?f ?partner"""
Q_STAKES = _PRE + """SELECT ?f ?holder ?stake WHERE { GRAPH ?g { ?f tg:stake ?s . ?s tg:holder/schema:name ?holder ;
  tg:stakePercent ?stake } }"""
Q_FIGURES = _PRE + """SELECT ?f ?subject ?metric ?value ?unit ?segment ?approx ?period WHERE { GRAPH ?g {
  ?f a tg:Figure ; tg:subject/schema:name ?subject ; tg:metric ?metric ; tg:value ?value ; tg:unit ?unit .
  OPTIONAL { ?f tg:segment ?segment } OPTIONAL { ?f tg:approximate ?approx } OPTIONAL { ?f tg:period ?period } } }
  ORDER BY ?subject ?metric ?value"""


Q_EVIDENCE = _PRE + """SELECT ?f ?sentence ?rule ?start ?end WHERE { GRAPH ?g { ?f tg:article ?a ;
  prov:wasDerivedFrom ?e . ?e tg:sentence ?sentence ; tg:rule ?rule ; tg:startChar ?start ; tg:endChar ?end } }"""


def number(text: str):
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() else float(d)


def _rows(store: ox.Store, query: str, graph: ox.NamedNode):
    for sol in store.query(query, named_graphs=[graph]):
        yield {v: (sol[v].value if sol[v] is not None else None) for v in _vars(query)}


def _vars(query: str) -> list[str]:
    head = query.split("WHERE")[0]
    return [w[1:] for w in head.split() if w.startswith("?")]


def article_view(store: ox.Store, graph: ox.NamedNode, article_id: str, published: str | None) -> dict:
    evidence = {r["f"]: {"sentence": r["sentence"], "rule": r["rule"], "start": int(r["start"]), "end": int(r["end"])}
                for r in _rows(store, Q_EVIDENCE, graph)}
    aliases: dict[str, list[str]] = {}
    for r in _rows(store, Q_ALIASES, graph):
        aliases.setdefault(r["e"], []).append(r["alias"])
    entities = []
    for r in _rows(store, Q_ENTITIES, graph):
        ent = {"name": r["name"], "type": r["type"]}
        if aliases.get(r["e"]):
            ent["aliases"] = aliases[r["e"]]
        if r["role"]:
            ent["role"] = r["role"]
        if r["aff"]:
            ent["affiliation"] = r["aff"]
        entities.append(ent)
    agreements: dict[str, dict] = {}
    for r in _rows(store, Q_AGREEMENTS, graph):
        a = agreements.setdefault(r["f"], {"kind": r["kind"], "parties": [], "evidence": evidence.get(r["f"])})
        a["parties"].append(r["party"])
        if r["date"]:
            a["date"] = r["date"]
    acquisitions = []
    for r in _rows(store, Q_ACQUISITIONS, graph):
        q = {"acquirer": r["acquirer"], "target": r["target"], "status": r["status"], "evidence": evidence.get(r["f"])}
        if r["stake"]:
            q["stake_percent"] = number(r["stake"])
        if r["amount"]:
            q["value"] = {"amount": number(r["amount"]), "currency": r["currency"]}
        if r["date"]:
            q["date"] = r["date"]
        acquisitions.append(q)
    ventures: dict[str, dict] = {}
    for r in _rows(store, Q_VENTURES, graph):
        v = ventures.setdefault(r["f"], {"name": r["name"], "partners": [], "evidence": evidence.get(r["f"])})
        if r["partner"] and r["partner"] not in v["partners"]:
            v["partners"].append(r["partner"])
        if r["location"]:
            v["location"] = r["location"]
        if r["founded"]:
            v["founded"] = r["founded"]
    for r in _rows(store, Q_STAKES, graph):
        ventures[r["f"]].setdefault("stakes", {})[r["holder"]] = number(r["stake"])
    figures = []
    for r in _rows(store, Q_FIGURES, graph):
        f = {"subject": r["subject"], "metric": r["metric"], "value": number(r["value"]), "evidence": evidence.get(r["f"])}
        if r["unit"] and r["unit"] != "count":
            f["unit"] = r["unit"]
        if r["segment"]:
            f["segment"] = r["segment"]
        if r["approx"] == "true":
            f["approximate"] = True
        if r["period"]:
            f["period"] = r["period"]
        figures.append(f)
    return {"format": FORMAT, "article": article_id, "published": published, "entities": entities,
            "agreements": list(agreements.values()), "acquisitions": acquisitions,
            "joint_ventures": list(ventures.values()), "figures": figures}


def views(store: ox.Store) -> Iterator[dict]:
    for sol in store.query(Q_ARTICLES):
        yield article_view(store, sol["g"], sol["id"].value, sol["published"].value if sol["published"] else None)


def load_files(paths: Iterable[str], store: ox.Store | None = None) -> ox.Store:
    """Graph files into a store (in memory unless one is given); triples land in named graphs."""
    store = store or ox.Store()
    for path in paths:
        fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) if Path(path).suffix else None
        if fmt is None:
            raise ValueError(f"{path}: unknown RDF file extension")
        store.bulk_load(path=path, format=fmt)
    return store
