"""Running users' SPARQL safely: named queries, parameters, the safety check and result formats.

Everything that answers a user's question (CLI, endpoint, benchmarks) goes through here, so the
rules (read only, no SERVICE/LOAD/remote FROM) and the output formats are the same everywhere."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from telegraph_kg.rdf import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent / "ontology" / "queries"
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "nquads": ox.RdfFormat.N_QUADS}
UPDATE_WORDS = {"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH", "LOAD"}

_TOKEN = re.compile(r'''
   (?P<comment>\#[^\n]*)
 | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
 | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
 | (?P<var>[?$][\w\u00b7-\uffff]+)
 | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7-\uffff]*)?:(?:[\w\-.:%\u00b7-\uffff]|\\\S)*)
 | (?P<word>[A-Za-z_]\w*)
 | (?P<other>\S)''', re.VERBOSE)


class Refused(ValueError):
    """A query this tool will not run: an update where none was asked for, SERVICE, LOAD, remote FROM."""


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)


def named_queries(folder: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """The shipped .rq files; each starts with '# description:', optional '# param NAME:' and '# example:'."""
    out = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text("utf-8")
        q = NamedQuery(path.stem, "", text)
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            if key == "description":
                q.description = value.strip()
            elif key.startswith("param "):
                q.params[key[6:].strip()] = value.strip()
            elif key == "example":
                q.example.update(split_param(p) for p in value.split(";") if p.strip())
        out[q.name] = q
    return out


PAGE = 1000
_TOP_LIMIT = re.compile(r"\}\s*(?:ORDER BY[^{}]*)?\s*(LIMIT|OFFSET)\s+\d+[^{}]*$", re.IGNORECASE)


def page(text: str, limit: int | None, offset: int = 0) -> str:
    """The query limited to one page of rows, unless it sets its own LIMIT/OFFSET or limit is 0/None.
    Listing every agreement of a million-triple store takes several hundred milliseconds; a page
    of 1,000 comes back in tens, and analysts page on with --offset."""
    if not limit or _TOP_LIMIT.search(text):
        return text
    return f"{text.rstrip()}\nLIMIT {int(limit)}" + (f" OFFSET {int(offset)}" if offset else "")


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise KeyError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def split_param(item: str) -> tuple[str, str]:
    name, sep, value = item.strip().partition("=")
    if not sep or not name.strip():
        raise ValueError(f"parameter {item!r}: write NAME=VALUE")
    return name.strip().lstrip("?$"), value


def param_term(value: str):
    """'<iri>' or 'http(s)://...' is an IRI; anything else a plain string literal."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.match(r"https?://\S+$", value):
        return ox.NamedNode(value)
    return ox.Literal(value)


def bind(text: str, params: dict[str, str] | None) -> str:
    """Write each parameter's value in place of its variable (?name, $name) as a constant, as
    `(value AS ?name)` where the SELECT clause projects it and `(value)` in ORDER/GROUP BY. pyoxigraph's own `substitutions` bind
    after planning, and a carrier query then scans every fact (1.3 s at a million triples)
    instead of looking one organization up (1 ms)."""
    if not params:
        return text
    terms = {k: str(param_term(v)) for k, v in params.items()}
    out, last, used = [], 0, set()
    projecting, ordering, depth, prev = False, False, 0, ""
    for m in _TOKEN.finditer(text):
        group, tok = m.lastgroup, m.group()
        word = tok.upper() if group == "word" else ""
        if word == "SELECT":
            projecting, depth = True, 0
        elif word == "WHERE" or tok == "{":
            projecting = False
        ordering = (ordering or word == "BY") and word not in ("LIMIT", "OFFSET", "HAVING") and tok != "}"
        depth += (tok == "(") - (tok == ")")
        if group == "var" and tok[1:] in terms and prev != "AS":
            value = terms[tok[1:]]
            if depth == 0 and projecting:
                value = f"({value} AS ?{tok[1:]})"
            elif depth == 0 and ordering:
                value = f"({value})"
            out += [text[last:m.start()], value]
            last = m.end()
            used.add(tok[1:])
        if group != "comment":
            prev = word
    if set(terms) - used:
        raise ValueError(f"parameter {', '.join(sorted(set(terms) - used))}: the query has no such variable")
    return "".join(out + [text[last:]])


def tokens(text: str):
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "comment":
            yield m.lastgroup, m.group()


def check(text: str, graphs=None, allow_update: bool = False) -> str:
    """'query' or 'update'; raises Refused for what may not run. `graphs`: the store's graph names
    (FROM may only name those: this tool never fetches a graph from elsewhere)."""
    toks = list(tokens(text))
    prefixes: dict[str, str] = {}
    kind = "query"
    for i, (group, tok) in enumerate(toks):
        word = tok.upper() if group == "word" else None
        if word == "SERVICE":
            raise Refused("SERVICE is not allowed: queries read this store only, never another endpoint")
        if word == "LOAD":
            raise Refused("LOAD is not allowed: queries cannot read files or the network")
        if word in UPDATE_WORDS:
            kind = "update"
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        if word == "FROM" and graphs is not None:
            j = i + 2 if i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED" else i + 1
            iri = _resolve(toks[j] if j < len(toks) else ("other", ""), prefixes)
            if iri is not None and iri not in graphs:
                raise Refused(f"FROM <{iri}> is not a graph in this store (remote graphs are never fetched)")
    if kind == "update" and not allow_update:
        raise Refused("updates are refused: this is a read-only query (the CLI takes --update against a --store)")
    return kind


def _resolve(token, prefixes) -> str | None:
    group, tok = token
    if group == "iri":
        return tok[1:-1]
    if group == "pname":
        prefix, _, local = tok.partition(":")
        return prefixes.get(prefix, PREFIXES.get(prefix, prefix + ":")) + local.replace("\\", "")
    return None


def graph_names(store: ox.Store) -> set[str]:
    return {g.value for g in store.named_graphs()}


def run(store: ox.Store, text: str, params: dict[str, str] | None = None, allow_update: bool = False):
    """Check and run one query (or, when allowed, update); SyntaxError carries the parser's message."""
    text = bind(text, params)
    uses_from = any(g == "word" and t.upper() == "FROM" for g, t in tokens(text))
    kind = check(text, graph_names(store) if uses_from else None, allow_update)
    if kind == "update":
        store.update(text)
        return None
    return store.query(text)


class TooManyRows(ValueError):
    """The answer has more rows than the caller allows."""


def serialize(result, fmt: str, max_rows: int | None = None) -> bytes:
    """SPARQL results (json/xml/csv/tsv) or a graph (turtle/trig/ntriples/nquads) as bytes, by
    pyoxigraph's serializers; past `max_rows` rows or triples raises TooManyRows."""
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON))
    if isinstance(result, ox.QueryTriples):
        triples = list(result if max_rows is None else islice(result, max_rows + 1))
        _limit(len(triples), max_rows, "triples")
        return ox.serialize(triples, format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE), prefixes=PREFIXES)
    rfmt = RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON)
    if max_rows is None:
        return result.serialize(format=rfmt)
    # count rows while writing them as TSV (terms in N-Triples syntax), then let pyoxigraph convert
    names = [v.value for v in result.variables]
    lines = ["\t".join("?" + n for n in names)]
    for sol in islice(result, max_rows + 1):
        lines.append("\t".join("" if sol[n] is None else str(sol[n]) for n in names))
    _limit(len(lines) - 1, max_rows, "rows")
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    if rfmt == ox.QueryResultsFormat.TSV:
        return tsv
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=rfmt)


def _limit(count: int, max_rows: int | None, what: str) -> None:
    if max_rows is not None and count > max_rows:
        raise TooManyRows(f"the answer has more than {max_rows} {what} (the limit): add LIMIT or narrow the query")


def short(term) -> str:
    """A term as a person reads it: prefixed IRI, literal's text, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def table(result, width: int = 60) -> str:
    """A plain text table of SELECT results (ASK: true/false); cells longer than `width` are cut."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    names = [v.value for v in result.variables]
    rows = [[_cut(short(sol[n]), width) for n in names] for sol in result]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*names), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
