"""Readers for every input kind of the spec, and bad input reported without losing the rest."""
import json

from telegraph_kg.articles import Article, InputError, read_sources


def _items(*sources):
    return list(read_sources([str(s) for s in sources]))


def test_txt_with_sidecar_and_furniture(tmp_path):
    (tmp_path / "a.txt").write_text("Title here\n\nBody line one.\n\nJoin the newsletter!\n\nTags x y\n", "utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "2012-12-05", "source": "wire"}), "utf-8")
    [art] = _items(tmp_path / "a.txt")
    assert art.id == "a" and art.title == "Title here" and art.published == "2012-12-05"
    assert art.text == "Body line one." and art.source == "wire"


def test_seed_article_loses_its_web_furniture(seed_dir):
    [art] = _items(seed_dir)
    assert art.published == "2012-12-05"
    assert "newsletter" not in art.text.lower() and "Show Comments" not in art.text
    assert art.text.rstrip().endswith("in 2000.")


def test_jsonl_records_and_errors(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "one", "text": "Alpha text.", "published": "2001-02-03"}),
        "{not json",
        json.dumps({"id": "two", "html": "<html><body><article><p>" + "Beta news text here. " * 20 + "</p></article></body></html>"}),
        json.dumps({"title": "no id", "text": "x"}),
        json.dumps({"id": "one", "text": "duplicate"}),
    ]), "utf-8")
    items = _items(path)
    arts = [i for i in items if isinstance(i, Article)]
    errs = [str(i) for i in items if isinstance(i, InputError)]
    assert [a.id for a in arts] == ["one", "two"] and "Beta news text" in arts[1].text
    assert any(e.startswith(f"{path}:2: malformed JSON") for e in errs)
    assert any(e.startswith(f"{path}:4: record has no string 'id'") for e in errs)
    assert any(f"{path}:5: duplicate article id 'one' (first read from {path}:1)" in e for e in errs)


def test_html_page_main_text(tmp_path):
    page = ("<html><head><title>Carrier news</title><meta property='article:published_time' content='2010-04-01'></head>"
            "<body><nav><a href='/'>Home</a> <a href='/x'>Mobile</a></nav><article><h1>Deal done</h1>"
            "<p>Orange and T-Mobile formed a joint venture in Britain, the companies said on Thursday in London.</p>"
            "<p>The venture will serve about 28 million customers across the country, they added.</p></article>"
            "<div class='newsletter'>Sign up to our newsletter</div><footer>Copyright</footer></body></html>")
    (tmp_path / "p.html").write_text(page, "utf-8")
    [art] = _items(tmp_path / "p.html")
    assert art.id == "p" and "joint venture in Britain" in art.text
    assert "Sign up" not in art.text and "Home" not in art.text.split()


def test_bad_files_each_get_one_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Titre\n\nTélécom signs a deal in Zürich.".encode("latin-1"))
    (tmp_path / "good.txt").write_text("T\n\nFine text.", "utf-8")
    items = _items(tmp_path)
    errs = {str(i).split(":")[0].rsplit("/", 1)[-1]: str(i) for i in items if isinstance(i, InputError)}
    arts = {a.id: a for a in items if isinstance(a, Article)}
    assert set(errs) == {"bin.txt", "empty.txt"} and "empty file" in errs["empty.txt"]
    assert "binary" in errs["bin.txt"]
    assert arts["latin"].text == "Télécom signs a deal in Zürich." and arts["latin"].encoding != "utf-8"
    assert "good" in arts


def test_missing_path_and_unknown_kind(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    errs = [str(i) for i in _items(tmp_path / "nope", tmp_path / "x.pdf")]
    assert "no such file or directory" in errs[0] and "unknown input kind .pdf" in errs[1]
