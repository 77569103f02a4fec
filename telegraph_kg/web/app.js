// The query page: YASQE editor, named queries, a sortable results table, downloads and evidence.
"use strict";
(function () {
  const Yasqe = window.Yasqe.default || window.Yasqe;
  const ID = "https://w3id.org/telegraph-kg/id/";
  const $ = (id) => document.getElementById(id);
  let prefixes = {}, named = null, answer = null, sort = { col: null, dir: 1 };

  // no autocompleter that would fetch prefixes or vocabularies from the network
  Yasqe.defaults.autocompleters = ["variables"];
  const run = () => { runQuery(); };
  const yasqe = new Yasqe($("editor"), {
    persistenceId: null, showQueryButton: false, resizeable: false, editorHeight: "260px",
    createShareableLink: null, requestConfig: { endpoint: "/sparql" },
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run },
    value: "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } }\nGROUP BY ?g ORDER BY ?g",
  });

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function short(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : "<" + iri + ">";
  }

  function status(text, error) {
    $("status").textContent = text;
    $("status").className = error ? "error" : "";
  }

  function pick(q) {
    named = q;
    yasqe.setValue(q.text);
    const box = $("params");
    box.replaceChildren();
    Object.entries(q.params).forEach(([name, help]) => {
      const label = el("label", name + " ");
      const input = el("input", null, { "data-param": name, title: help, placeholder: help });
      input.value = q.example[name] || "";
      label.append(input);
      box.append(label);
    });
  }

  function form(text) {
    const body = new URLSearchParams({ query: text });
    document.querySelectorAll("#params input").forEach((input) => {
      const name = input.dataset.param;
      if (input.value && new RegExp("[?$]" + name + "\\b").test(text)) body.append("$" + name, input.value);
    });
    return body;
  }

  async function post(accept) {
    return fetch("/sparql", { method: "POST", headers: { Accept: accept }, body: form(yasqe.getValue()) });
  }

  async function runQuery() {
    status("running…");
    const started = performance.now();
    const resp = await post("application/sparql-results+json, text/turtle;q=0.9");
    const ms = Math.round(performance.now() - started);
    if (!resp.ok) { status(await resp.text(), true); return; }
    $("results").replaceChildren();
    $("graph").hidden = true;
    if ((resp.headers.get("content-type") || "").includes("turtle")) {
      $("graph").textContent = await resp.text();
      $("graph").hidden = false;
      status("graph answer in " + ms + " ms");
      return;
    }
    const json = await resp.json();
    if ("boolean" in json) { status("answer: " + json.boolean + " (" + ms + " ms)"); return; }
    answer = { vars: json.head.vars, rows: json.results.bindings };
    sort = { col: null, dir: 1 };
    render();
    status(answer.rows.length + " row" + (answer.rows.length === 1 ? "" : "s") + " in " + ms + " ms");
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.append(el("span", short(term.value), { title: term.value }));
      const rest = term.value.slice(ID.length);
      if (term.value.startsWith(ID) && !/^(article|graph)\/[^/]*$/.test(rest) && !rest.startsWith("extractor/")) {
        const link = el("a", "evidence", { href: "#", class: "evidence", "data-iri": term.value });
        link.addEventListener("click", (e) => { e.preventDefault(); showEvidence(term.value); });
        td.append(link);
      }
    } else {
      td.textContent = term.value;
      if (term.value.length > 60) td.className = "long";
    }
    return td;
  }

  function key(term) {
    if (!term) return "";
    const n = Number(term.value);
    return term.type === "literal" && term.value.trim() !== "" && !isNaN(n) ? n : term.value.toLowerCase();
  }

  function render() {
    const table = $("results");
    const head = el("tr");
    answer.vars.forEach((v) => {
      const th = el("th", v, { "data-col": v });
      if (sort.col === v) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
      th.addEventListener("click", () => {
        sort = { col: v, dir: sort.col === v ? -sort.dir : 1 };
        answer.rows.sort((a, b) => {
          const x = key(a[v]), y = key(b[v]);
          return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
        });
        render();
      });
      head.append(th);
    });
    const body = el("tbody");
    answer.rows.forEach((row) => {
      const tr = el("tr");
      answer.vars.forEach((v) => tr.append(cell(row[v])));
      body.append(tr);
    });
    table.replaceChildren(el("thead"), body);
    table.firstChild.append(head);
  }

  function marked(sentence, marks) {
    const p = el("p", null, { class: "sentence" });
    let last = 0;
    marks.forEach(([s, e]) => {
      p.append(document.createTextNode(sentence.slice(last, s)), el("mark", sentence.slice(s, e)));
      last = e;
    });
    p.append(document.createTextNode(sentence.slice(last)));
    return p;
  }

  async function showEvidence(iri) {
    const box = $("evidence");
    const resp = await fetch("/explain?iri=" + encodeURIComponent(iri));
    box.replaceChildren();
    const close = el("button", "close", { class: "close" });
    close.addEventListener("click", () => { box.hidden = true; });
    box.append(close);
    if (!resp.ok) { box.append(el("p", await resp.text())); box.hidden = false; return; }
    const fact = await resp.json();
    box.append(el("h3", fact.name + " (" + fact.types.join(", ") + ")"));
    const dl = el("dl");
    fact.properties.forEach((p) => { dl.append(el("dt", p.property), el("dd", p.value)); });
    box.append(dl);
    fact.evidence.forEach((ev) => {
      box.append(marked(ev.sentence, ev.marks));
      const where = "article " + ev.article + (ev.published ? " (" + ev.published + ")" : "") +
        (ev.headline ? " “" + ev.headline + "”" : "") + ", characters " + ev.start + "–" + ev.end + ", rule " + ev.rule;
      box.append(el("p", where, { class: "source" }));
    });
    if (!fact.evidence.length) box.append(el("p", "no evidence recorded"));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  async function download(accept, name) {
    const resp = await post(accept);
    if (!resp.ok) { status(await resp.text(), true); return; }
    const link = el("a", null, { href: URL.createObjectURL(await resp.blob()), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  }

  $("run").addEventListener("click", run);
  $("download-csv").addEventListener("click", () => download("text/csv", "results.csv"));
  $("download-json").addEventListener("click", () => download("application/sparql-results+json", "results.json"));

  fetch("/queries").then((r) => r.json()).then((catalogue) => {
    prefixes = catalogue.prefixes;
    const list = $("queries");
    catalogue.queries.forEach((q) => {
      const item = el("li");
      const link = el("a", q.name, { href: "#", "data-query": q.name });
      link.addEventListener("click", (e) => { e.preventDefault(); pick(q); runQuery(); });
      item.append(link, el("p", q.description));
      list.append(item);
    });
  });
})();
