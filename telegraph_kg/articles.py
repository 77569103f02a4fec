"""Read articles from .txt (+ .json sidecar), .html, .jsonl, directories and stdin.

Readers yield either an Article or an InputError, so one bad file never stops a run.
"""
from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

from charset_normalizer import from_bytes

MAX_BYTES = 50_000_000            # a .txt/.html file, and one .jsonl line
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")

# Lines that open the web furniture at the end of a news page; everything from the first
# such line on is dropped. Kept general: newsletter boxes, tag lists, comment widgets.
FURNITURE_RE = re.compile(
    r"^\s*(join (the|our) newsletter|sign up (to|for)\b|subscribe to (our|the)\b|tags?\s*[:\-]?\s|"
    r"more about\b|show comments|related (articles|stories|content)\b|read more\b|"
    r"share this (article|story)|comments?\s*\(\d+\)|leave a comment|copyright ©|©\s*\d{4})",
    re.IGNORECASE,
)


@dataclass
class Article:
    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""            # file (and line) the article came from
    encoding: str | None = None


@dataclass
class InputError:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = Union[Article, InputError]


def strip_furniture(text: str) -> str:
    """Cut the page furniture (newsletter boxes, tags, comments) that trails a news body."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if i > 0 and FURNITURE_RE.match(line):
            lines = lines[:i]
            break
    return "\n".join(lines).strip()


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),   # before UTF-16: same start
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, origin: str) -> tuple[str, str]:
    """Decode bytes by their byte-order mark, as UTF-8, else by detection; raise ValueError
    for binary data."""
    if not data.strip():
        raise ValueError("empty file")
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise ValueError(f"invalid {enc.upper()} text after its byte-order mark") from None
            if "\x00" in text:
                raise ValueError("binary data (NUL characters), not text")
            return text, enc
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    ascii_share = sum(b < 128 for b in data[:200_000]) / min(len(data), 200_000)
    if ascii_share > 0.9:
        # Mostly-English text with a few accented bytes: detectors guess wildly on so little
        # evidence, while Windows-1252 (a superset of Latin-1 in practice) is what such files are.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ValueError("binary data or unknown text encoding")
    return data.decode(best.encoding, errors="replace"), best.encoding


def _published(value) -> str | None:
    if not value:
        return None
    m = DATE_RE.match(str(value).strip())
    return m.group(0) if m else None


def _why(exc: OSError, path: Path) -> str:
    """One short line for an OS error (the caller names the file)."""
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "broken symbolic link"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _open_regular(path: Path):
    """Open a regular file for reading; a FIFO, socket or device is refused without blocking
    (O_NONBLOCK), and the type is checked on the opened file, so it cannot change in between."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ValueError(_why(exc, path)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a directory" if stat.S_ISDIR(mode)
                else "of an unknown type")
        raise ValueError(f"not a regular file (it is {kind})")
    return os.fdopen(fd, "rb")


def _article_id(path: Path) -> str:
    """The file's stem; a name that is not valid UTF-8 keeps its other characters."""
    return os.fsencode(path.stem).decode("utf-8", "replace")


def _read_bytes(path: Path) -> bytes:
    with _open_regular(path) as fh:
        if os.fstat(fh.fileno()).st_size > MAX_BYTES:
            raise ValueError(f"file larger than {MAX_BYTES // 1_000_000} MB")
        try:
            return fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ValueError(_why(exc, path)) from None


def read_txt(path: Path) -> Iterator[Item]:
    try:
        text, enc = decode(_read_bytes(path), str(path))
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc))
        return
    meta = {}
    sidecar = path.with_suffix(".json")
    if sidecar.exists() or sidecar.is_symlink():
        try:
            meta = json.loads(_read_bytes(sidecar).decode("utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("sidecar is not a JSON object")
            _check_strings(meta, ("url", "source"))
        except (OSError, ValueError) as exc:
            yield InputError(str(sidecar), f"unreadable sidecar ({exc}); article read without metadata")
            meta = {}
    title, _, body = text.lstrip().partition("\n")
    body = strip_furniture(body)
    if not body:
        yield InputError(str(path), "no article text after the title line")
        return
    yield Article(id=_article_id(path), title=title.strip(), text=body, published=_published(meta.get("published")),
                  url=meta.get("url"), source=meta.get("source"), origin=str(path), encoding=enc)


def html_to_text(html: str) -> tuple[str | None, str, str | None]:
    """Main text of a page via trafilatura, without comments, tables of links or furniture."""
    import trafilatura

    title = published = None
    meta = trafilatura.extract_metadata(html)
    if meta is not None:
        title, published = meta.title, meta.date
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=False) or ""
    return title, strip_furniture(text), published


def _parse_html(html: str) -> tuple[str | None, str, str | None]:
    """html_to_text, with any parser failure (deep nesting, broken markup) a ValueError."""
    try:
        return html_to_text(html)
    except Exception as exc:       # lxml and trafilatura raise many kinds on hostile pages
        raise ValueError(f"page could not be parsed ({type(exc).__name__}: {str(exc)[:200]})") from None


def read_html(path: Path) -> Iterator[Item]:
    try:
        raw, enc = decode(_read_bytes(path), str(path))
        title, text, published = _parse_html(raw)
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc))
        return
    if not text:
        yield InputError(str(path), "no article text found in the page")
        return
    yield Article(id=_article_id(path), title=title, text=text, published=_published(published),
                  origin=str(path), encoding=enc)


def _check_strings(rec: dict, keys) -> None:
    """Fields that become RDF literals must be text, and text UTF-8 can carry (JSON can
    spell lone surrogates, which no serializer accepts)."""
    for key in keys:
        value = rec.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"field {key!r} is not a string")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"field {key!r} holds invalid Unicode (a lone surrogate)") from None
        if "\x00" in value:
            raise ValueError(f"field {key!r} holds NUL characters")


def parse_record(line: str, origin: str) -> Item:
    try:
        rec = json.loads(line)
    except ValueError as exc:
        return InputError(origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(origin, "malformed JSON (nested too deeply)")
    if not isinstance(rec, dict):
        return InputError(origin, "record is not a JSON object")
    aid = rec.get("id")
    if not isinstance(aid, str) or not aid.strip():
        return InputError(origin, "record has no string 'id'")
    try:
        _check_strings(rec, ("id", "title", "text", "html", "url", "source"))
    except ValueError as exc:
        return InputError(origin, f"record {aid!r}: {exc}")
    title, published = rec.get("title"), rec.get("published")
    if isinstance(rec.get("text"), str) and rec["text"].strip():
        text = strip_furniture(rec["text"])
    elif isinstance(rec.get("html"), str) and rec["html"].strip():
        try:
            h_title, text, h_pub = _parse_html(rec["html"])
        except ValueError as exc:
            return InputError(origin, f"record {aid!r}: {exc}")
        title, published = title or h_title, published or h_pub
    else:
        return InputError(origin, f"record {aid!r} has no 'text' or 'html'")
    if not text:
        return InputError(origin, f"record {aid!r} has no article text")
    return Article(id=aid.strip(), title=title, text=text, published=_published(published),
                   url=rec.get("url"), source=rec.get("source"), origin=origin)


def read_jsonl_stream(lines: Iterable[str], name: str) -> Iterator[Item]:
    for no, line in enumerate(lines, 1):
        if line.strip():
            yield parse_record(line, f"{name}:{no}")


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over `limit` bytes, which is skipped
    in pieces rather than held whole."""
    no = 0
    while raw := fh.readline(limit + 1):
        no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield no, None
        else:
            yield no, raw


def read_jsonl(path: Path) -> Iterator[Item]:
    try:
        with _open_regular(path) as fh:
            records = 0
            for no, raw in _lines(fh, MAX_BYTES):
                if no == 1:
                    raw = raw and raw.removeprefix(codecs.BOM_UTF8)
                if raw is None:
                    yield InputError(f"{path}:{no}", f"line longer than {MAX_BYTES // 1_000_000} MB")
                    records += 1
                    continue
                if not raw.strip():
                    continue
                records += 1
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield InputError(f"{path}:{no}", "line is not valid UTF-8")
                    continue
                yield parse_record(line, f"{path}:{no}")
            if not records:
                yield InputError(str(path), "empty file")
    except OSError as exc:
        yield InputError(str(path), _why(exc, path))
    except ValueError as exc:
        yield InputError(str(path), str(exc))


READERS = {**{s: read_txt for s in TEXT_SUFFIXES}, **{s: read_html for s in HTML_SUFFIXES},
           **{s: read_jsonl for s in JSONL_SUFFIXES}}


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files below root in sorted order, without following symlinked directories (no loops);
    a directory that cannot be listed is an error, not a silent gap."""
    failed: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failed.append, followlinks=False):
        while failed:
            exc = failed.pop(0)
            yield InputError(str(exc.filename), f"cannot list directory ({exc.strerror or exc})")
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.suffix.lower() in READERS:
                yield p
    for exc in failed:
        yield InputError(str(exc.filename), f"cannot list directory ({exc.strerror or exc})")


def read_path(source: str) -> Iterator[Item]:
    if source == "-":
        yield from read_jsonl_stream(sys.stdin, "<stdin>")
        return
    path = Path(source)
    if path.is_dir():
        for p in _walk(path):
            if isinstance(p, InputError):
                yield p
            else:
                yield from READERS[p.suffix.lower()](p)
    elif not path.exists() and not path.is_symlink():
        yield InputError(source, "no such file or directory")
    elif path.suffix.lower() in READERS:
        yield from READERS[path.suffix.lower()](path)
    else:
        yield InputError(source, f"unknown input kind {path.suffix or '(no suffix)'}: use .txt, .html, .jsonl, a directory or -")


def read_sources(sources: Iterable[str]) -> Iterator[Item]:
    """All articles of all sources in order; a repeated id is an error naming both places."""
    seen: dict[str, str] = {}
    for source in sources:
        for item in read_path(source):
            if isinstance(item, Article):
                if item.id in seen:
                    yield InputError(item.origin, f"duplicate article id {item.id!r} (first read from {seen[item.id]})")
                    continue
                seen[item.id] = item.origin
            yield item
