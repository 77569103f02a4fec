"""ArticleFacts -> one named RDF graph per article, with deterministic IRIs and PROV-O evidence."""
from __future__ import annotations

import hashlib
from decimal import Decimal
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from telegraph_kg import __version__
from telegraph_kg.facts import ArticleFacts, Evidence
from telegraph_kg.normalize.names import slug

TG = Namespace("https://w3id.org/telegraph-kg/ontology#")
ID = Namespace("https://w3id.org/telegraph-kg/id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
PREFIXES = {"tg": str(TG), "id": str(ID), "schema": str(SCHEMA), "org": str(ORG), "prov": str(PROV),
            "skos": str(SKOS), "owl": str(OWL), "xsd": str(XSD), "rdfs": str(RDFS), "wd": str(WD)}
EXTRACTOR = ID[f"extractor/telegraph-kg/{__version__}"]


def entity_iri(key: str) -> URIRef:
    kind, _, rest = key.partition(":")
    return ID[f"{kind}/{slug(rest)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{quote(article_id, safe='')}"]


def graph_iri(article_id: str) -> URIRef:
    return ID[f"graph/{quote(article_id, safe='')}"]


def decimal_literal(value: float) -> Literal:
    """xsd:decimal in plain notation ('120000000', '70.5'), never exponent form."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


def date_literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7 and value[4] == "-" and "Q" not in value:
        return Literal(value, datatype=XSD.gYearMonth)
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def _fact_iri(article_id: str, kind: str, *parts) -> URIRef:
    digest = hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]
    return ID[f"article/{quote(article_id, safe='')}/{kind}/{digest}"]


def _evidence(g: set, node: URIRef, ev: Evidence, article: URIRef) -> None:
    e = URIRef(f"{node}/evidence/{ev.start}-{ev.end}-{quote(ev.rule, safe='.-')}")
    g.add((node, PROV.wasDerivedFrom, e))
    g.add((e, RDF.type, TG.Evidence))
    g.add((e, TG.article, article))
    g.add((e, TG.sentence, Literal(ev.sentence)))
    g.add((e, TG.startChar, Literal(ev.start)))
    g.add((e, TG.endChar, Literal(ev.end)))
    g.add((e, TG.rule, Literal(ev.rule)))
    g.add((e, PROV.wasGeneratedBy, EXTRACTOR))


def article_graph(facts: ArticleFacts) -> Graph:
    """The article's named graph as an rdflib Graph (for the library API and small graphs)."""
    name, triples = article_triples(facts)
    g = Graph(identifier=name)
    for t in triples:
        g.add(t)
    return g


def article_triples(facts: ArticleFacts) -> tuple[URIRef, set]:
    """The graph's name and its statements as rdflib terms; a plain set is several times faster
    to fill than an indexed Graph, and the sink needs no index."""
    g: set = set()
    art = article_iri(facts.article)
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, SCHEMA.identifier, Literal(facts.article)))
    if facts.title:
        g.add((art, SCHEMA.headline, Literal(facts.title)))
    if facts.published:
        g.add((art, SCHEMA.datePublished, date_literal(facts.published)))
    if facts.url:
        g.add((art, SCHEMA.url, Literal(facts.url)))
    if facts.source:
        g.add((art, SCHEMA.publisher, Literal(facts.source)))
    if facts.encoding:
        g.add((art, TG.encoding, Literal(facts.encoding)))
    g.add((EXTRACTOR, RDF.type, PROV.SoftwareAgent))
    g.add((EXTRACTOR, TG.extractorVersion, Literal(__version__)))
    for ent in sorted(facts.entities.values(), key=lambda e: e.key):
        node = entity_iri(ent.key)
        g.add((node, RDF.type, TG[ent.type]))
        g.add((node, SCHEMA.name, Literal(ent.name)))
        for alias in sorted(ent.aliases):
            g.add((node, SKOS.altLabel, Literal(alias)))
        if ent.wikidata:
            g.add((node, OWL.sameAs, WD[ent.wikidata]))
        if ent.country:
            g.add((node, TG.country, Literal(ent.country)))
        if ent.role:
            g.add((node, TG.role, Literal(ent.role)))
        if ent.affiliation:
            g.add((node, TG.affiliation, entity_iri(ent.affiliation)))
        g.add((node, TG.mentionedIn, art))
        for ev in ent.evidence[:1]:
            _evidence(g, node, ev, art)
    for a in facts.agreements:
        node = _fact_iri(facts.article, "agreement", *sorted(a.parties))
        g.add((node, RDF.type, TG.Agreement))
        g.add((node, TG.kind, Literal(a.kind)))
        for p in a.parties:
            g.add((node, TG.party, entity_iri(p)))
        if a.date:
            g.add((node, TG.date, date_literal(a.date)))
        g.add((node, TG.article, art))
        _evidence(g, node, a.evidence, art)
    for q in facts.acquisitions:
        node = _fact_iri(facts.article, "acquisition", q.acquirer, q.target)
        g.add((node, RDF.type, TG.Acquisition))
        g.add((node, TG.acquirer, entity_iri(q.acquirer)))
        g.add((node, TG.target, entity_iri(q.target)))
        g.add((node, TG.status, Literal(q.status)))
        if q.stake_percent is not None:
            g.add((node, TG.stakePercent, decimal_literal(q.stake_percent)))
        if q.value is not None:
            g.add((node, TG.valueAmount, decimal_literal(q.value.amount)))
            g.add((node, TG.valueCurrency, Literal(q.value.currency)))
        if q.date:
            g.add((node, TG.date, date_literal(q.date)))
        g.add((node, TG.article, art))
        _evidence(g, node, q.evidence, art)
    for v in facts.joint_ventures:
        node = _fact_iri(facts.article, "joint-venture", v.name or "", *sorted(v.partners))
        g.add((node, RDF.type, TG.JointVentureFormation))
        if v.name:
            g.add((node, TG.venture, entity_iri(v.name)))
        for p in v.partners:
            g.add((node, TG.partner, entity_iri(p)))
        if v.location:
            g.add((node, TG.location, entity_iri(v.location)))
        if v.founded:
            g.add((node, TG.founded, date_literal(v.founded)))
        for partner, stake in sorted(v.stakes.items()):
            s = URIRef(f"{node}/stake/{slug(partner)}")
            g.add((node, TG.stake, s))
            g.add((s, TG.holder, entity_iri(partner)))
            g.add((s, TG.stakePercent, decimal_literal(stake)))
        g.add((node, TG.article, art))
        _evidence(g, node, v.evidence, art)
    for f in facts.figures:
        node = _fact_iri(facts.article, "figure", f.subject, f.metric, f.value, f.segment)
        g.add((node, RDF.type, TG.Figure))
        g.add((node, TG.subject, entity_iri(f.subject)))
        g.add((node, TG.metric, Literal(f.metric)))
        g.add((node, TG.value, decimal_literal(f.value)))
        g.add((node, TG.unit, Literal(f.unit)))
        g.add((node, TG.approximate, Literal(f.approximate)))
        if f.segment:
            g.add((node, TG.segment, Literal(f.segment)))
        if f.period:
            g.add((node, TG.period, Literal(f.period)))
        g.add((node, TG.article, art))
        _evidence(g, node, f.evidence, art)
    return graph_iri(facts.article), g
