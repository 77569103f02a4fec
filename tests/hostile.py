"""A seeded generator of hostile inputs: the same seed writes the same files, so a failure
replays. Each input says what extract must do with it: report it on one stderr line
("reject"), extract it ("extract"), or either of the two but never both nor neither
("either": parsers may reasonably go both ways, e.g. on random bytes or broken markup).

    python -m tests.hostile DIR [--n 1000] [--seed 7]
"""
from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ARTICLE = ("{title}\n\n{org} signed a network sharing agreement with {other} on Monday, the companies said "
           "in a statement.\n\nThe deal covers {n} sites across the country.")
ORGS = ["Vodafone", "Telstra", "Orange", "Telefónica", "Deutsche Telekom", "Bharti Airtel", "MTN", "Verizon"]
TITLES = ["Carriers share masts", "Opérateurs: accord signé", "Zürich deal for towers", "Network deal done"]
JAPANESE = ("ボーダフォンとテルストラは月曜日にネットワーク共有契約を結んだと発表した。"
            "両社によると、契約は全国の基地局を対象とする。")


@dataclass
class Input:
    origin: str             # as extract names it: the path, or path:line for a JSON Lines record
    kind: str
    expect: str             # reject | extract | either
    article_id: str | None = None   # the graph to find when extracted
    title: str | None = None        # the headline extract must decode, when known


class Hostile:
    def __init__(self, root: Path, seed: int):
        self.root, self.rng, self.inputs, self.count = root, random.Random(seed), [], 0
        self.room = 0           # inputs still wanted: makers of several inputs stay within it

    def name(self, stem: str, suffix: str, number_last: bool = False) -> Path:
        """A unique path: every file name carries its own number, so no two stems collide."""
        self.count += 1
        return self.root / (f"{stem} {self.count:04d}{suffix}" if number_last else f"h{self.count:04d}-{stem}{suffix}")

    def add(self, path: Path | str, kind: str, expect: str, article_id: str | None = None, title: str | None = None):
        self.inputs.append(Input(str(path), kind, expect, article_id, title))

    def article(self, title: str | None = None) -> str:
        r = self.rng
        a, b = r.sample(ORGS, 2)
        return ARTICLE.format(title=title or r.choice(TITLES), org=a, other=b, n=r.randint(10, 9000))

    def text_file(self, kind: str, data: bytes, expect: str, stem: str | None = None, suffix: str = ".txt",
                  title: str | None = None) -> Path:
        path = self.name(stem or kind, suffix, number_last=stem is not None)
        path.write_bytes(data)
        self.add(path, kind, expect, os.fsencode(path.stem).decode("utf-8", "replace"), title)
        return path

    # --- one maker per kind of hostility -------------------------------------------------
    def empty(self):
        self.text_file("empty", self.rng.choice([b"", b"   \n\t\n", b"\xef\xbb\xbf"]), "reject",
                       suffix=self.rng.choice([".txt", ".html", ".jsonl"]))

    def binary(self):
        data = bytes(self.rng.randrange(256) for _ in range(self.rng.randint(16, 3000))) + b"\x00"
        self.text_file("binary", data, "reject", suffix=self.rng.choice([".txt", ".html"]))

    def nul_bytes(self):
        text = self.article().encode("utf-8")
        cut = self.rng.randrange(len(text))
        self.text_file("nul", text[:cut] + b"\x00" * self.rng.randint(1, 5) + text[cut:], "reject")

    def random_high_bytes(self):
        """No NUL, not UTF-8: detection may find some encoding or none."""
        data = bytes(self.rng.randrange(1, 256) for _ in range(self.rng.randint(50, 2000)))
        self.text_file("noise", data, "either")

    def invalid_utf8(self):
        """Mostly English with stray bytes: read as Windows-1252, never dropped."""
        text = self.article().encode("utf-8")
        cut = text.index(b"\n\n") + 10
        self.text_file("badutf8", text[:cut] + bytes([self.rng.choice([0xff, 0xfe, 0xc3, 0x80])]) + text[cut:],
                       "extract")

    def encoded(self):
        enc = self.rng.choice(["cp1252", "utf-16", "shift-jis", "utf-16-le", "utf-8-sig"])
        if enc == "shift-jis":
            self.text_file("sjis", ("日本の通信ニュース\n\n" + JAPANESE * 3).encode("shift-jis"), "extract",
                           title="日本の通信ニュース")
        elif enc == "utf-16-le":       # no byte-order mark: NUL bytes everywhere, refused as binary
            self.text_file("utf16le", self.article().encode("utf-16-le"), "reject")
        else:
            title = self.rng.choice(TITLES)
            self.text_file(enc, self.article(title).encode(enc), "extract", title=title)

    def huge_line(self):
        """20 MB on one line: a title with no body, refused after one quick read."""
        path = self.name("huge-line", ".txt")
        with path.open("wb") as fh:
            chunk = b"Vodafone signed a deal with Telstra " * 1000
            for _ in range(20_000_000 // len(chunk) + 1):
                fh.write(chunk)
        self.add(path, "20MB single line", "reject")

    def over_limit(self):
        """Over spaCy's max_length: read fine, refused by the pipeline, named by its file."""
        body = ("Vodafone signed a deal with Telstra on Monday.\n" * 25_000)
        self.text_file("over-limit", ("Long\n\n" + body).encode(), "reject")

    def html(self):
        r = self.rng
        choice = r.choice(["deep", "deep-text", "unclosed", "script", "garbage", "fine"])
        body = f"<p>{self.article().split(chr(10), 2)[2]}</p>"
        if choice == "deep":
            page, expect = "<html><body>" + "<div>" * r.randint(5000, 20000) + body, "either"
        elif choice == "deep-text":
            depth = r.randint(50, 200)
            page, expect = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>", "either"
        elif choice == "unclosed":
            page, expect = "<html><body><article>" + "<p><b><i>" + body.replace("</p>", "") * r.randint(1, 50), "either"
        elif choice == "script":
            page = "<html><head><script>" + "var x = '<p>Vodafone</p>';" * r.randint(1, 500) + "</script></head>"
            page, expect = page + "<body><script>document.write('hi')</script></body></html>", "reject"
        elif choice == "garbage":
            page, expect = "<<<>>><!-- <![CDATA[ &#xffffffff; &#0; </html><html>" * r.randint(1, 50), "either"
        else:
            page, expect = f"<html><head><title>Deal</title></head><body><article>{body}</article></body></html>", "extract"
        self.text_file(f"html-{choice}", page.encode(), expect, suffix=".html")

    def jsonl(self):
        """A file of records, good and broken, each record one input named path:line."""
        r = self.rng
        path = self.name("records", ".jsonl")
        lines, expects = [], []
        for _ in range(r.randint(1, min(6, self.room))):
            rid = f"rec-{self.count}-{len(lines)}"
            kind = r.choice(["good", "good", "malformed", "array", "no-id", "int-id", "no-text", "list-title",
                             "surrogate", "nul", "deep", "bad-utf8", "duplicate", "html-script"])
            rec = {"id": rid, "text": self.article().split("\n", 2)[2]}
            line = json.dumps(rec, ensure_ascii=False)
            expect = "reject"
            if kind == "good":
                expect = "extract"
            elif kind == "malformed":
                line = line[: r.randrange(1, len(line) - 1)]
            elif kind == "array":
                line = json.dumps([rec])
            elif kind == "no-id":
                line = json.dumps({"text": rec["text"]})
            elif kind == "int-id":
                line = json.dumps({"id": 7, "text": rec["text"]})
            elif kind == "no-text":
                line = json.dumps({"id": rid, "title": "x"})
            elif kind == "list-title":
                line = json.dumps({**rec, "title": ["x"]})
            elif kind == "surrogate":
                line = line.replace('"text": "', '"text": "\\ud800', 1)
            elif kind == "nul":
                line = line.replace('"text": "', '"text": "\\u0000', 1)
            elif kind == "deep":
                line = "[" * 100_000
            elif kind == "duplicate" and any(e and e[1] == "extract" for e in expects):
                first = next(e for e in expects if e and e[1] == "extract")
                line = json.dumps({"id": first[2], "text": rec["text"]})
            elif kind == "html-script":
                line = json.dumps({"id": rid, "html": "<html><script>x()</script></html>"})
            else:
                kind, expect = "good", "extract"
            data = line.encode("utf-8")
            if kind == "bad-utf8":
                data = data.replace(b'"text": "', b'"text": "\xff\xfe', 1)
            lines.append(data)
            expects.append((kind, expect, rid))
            if r.random() < 0.2:
                lines.append(b"   ")               # blank lines are skipped, not inputs
                expects.append(None)
        path.write_bytes(b"\n".join(lines) + (b"\n" if r.random() < 0.5 else b""))
        for no, e in enumerate(expects, 1):
            if e is not None:
                self.add(f"{path}:{no}", f"jsonl {e[0]}", e[1], e[2])

    def odd_name(self):
        r = self.rng
        stem = r.choice([" spaced  name ", "Téléphone 日本 ✓", "-rf", "--help", "-", "emoji 📡 tower", "tab\tname",
                         "quote'\"", "dots...", "#hash&amp;?x=1", "back\\slash"])
        if r.random() < 0.5:
            self.text_file("odd", self.article().encode(), "extract", stem=stem)
        else:
            self.text_file("odd", b"", "reject", stem=stem)

    def undecodable_name(self):
        """A file name that is not UTF-8: still read, its id keeps the other characters."""
        self.count += 1
        raw = os.fsencode(self.root) + b"/h%04d-latin-\xe9t\xe9.txt" % self.count
        with open(raw, "wb") as fh:
            fh.write(self.article().encode())
        path = Path(os.fsdecode(raw))
        self.add(path, "non-UTF-8 name", "extract", os.fsencode(path.stem).decode("utf-8", "replace"))

    def title_only(self):
        self.text_file("title-only", b"Just a headline\n", "reject")

    def links(self):
        r = self.rng
        choice = r.choice(["loop", "self", "broken", "good"] if self.room > 1 else ["self", "broken", "good"])
        a = self.name(f"link-{choice}", ".txt")
        if choice == "loop":
            b = self.name("link-loop-b", ".html")
            os.symlink(b.name, a)
            os.symlink(a.name, b)
            self.add(a, "symlink loop", "reject")
            self.add(b, "symlink loop", "reject")
        elif choice == "self":
            os.symlink(a.name, a)
            self.add(a, "symlink to itself", "reject")
        elif choice == "broken":
            os.symlink(f"missing-{self.count}.txt", a)
            self.add(a, "broken link", "reject")
        else:
            target = self.root / "targets"
            target.mkdir(exist_ok=True)
            (target / f"t{self.count}.data").write_text(self.article(), "utf-8")
            os.symlink(f"targets/t{self.count}.data", a)
            self.add(a, "link to an article", "extract", a.stem)

    def fifo(self):
        path = self.name("fifo", self.rng.choice([".txt", ".html", ".jsonl"]))
        os.mkfifo(path)
        self.add(path, "FIFO", "reject")

    def fifo_sidecar(self):
        """A good article whose .json sidecar is a FIFO: the sidecar reported, the article kept."""
        path = self.text_file("fifo-sidecar", self.article().encode(), "extract")
        os.mkfifo(path.with_suffix(".json"))
        self.add(path.with_suffix(".json"), "FIFO sidecar", "reject")

    def bad_sidecar(self):
        path = self.text_file("bad-sidecar", self.article().encode(), "extract")
        path.with_suffix(".json").write_bytes(self.rng.choice([b"{oops", b"[1, 2]", b'{"url": 5}', b"\xff\xfe\x00"]))
        self.add(path.with_suffix(".json"), "broken sidecar", "reject")

    def structure(self):
        """Directory hazards that are not inputs: a symlinked loop back up and a directory named like a file."""
        os.symlink("..", self.root / "loop-up")
        (self.root / "dir.txt").mkdir()


WEIGHTS = {"empty": 8, "binary": 8, "nul_bytes": 6, "random_high_bytes": 4, "invalid_utf8": 4, "encoded": 6,
           "html": 10, "jsonl": 12, "odd_name": 6, "title_only": 3, "links": 8, "fifo": 6, "bad_sidecar": 2,
           "undecodable_name": 1}


def generate(root: Path, n: int = 1000, seed: int = 7) -> list[Input]:
    """Write n hostile inputs under root (created); returns what extract must do with each."""
    root.mkdir(parents=True, exist_ok=True)
    h = Hostile(root, seed)
    h.structure()
    h.huge_line()
    h.over_limit()
    h.fifo_sidecar()
    makers, weights = zip(*WEIGHTS.items())
    while len(h.inputs) < n:
        h.room = n - len(h.inputs)
        getattr(h, h.rng.choices(makers, weights)[0])()
    return h.inputs


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    made = generate(args.dir, args.n, args.seed)
    print(f"{len(made)} inputs in {args.dir}", file=sys.stderr)
