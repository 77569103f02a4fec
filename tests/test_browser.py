"""The query page in a real headless Chromium (Debian's `chromium`, driven by Playwright): it loads
with no network, runs `agreements`, shows the AT&T / China Telecom row, sorts, explains, downloads."""
import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.test_serve import make_store, serving

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def page_url(corpus_graph, seed_dir, tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("browser") / "store", [corpus_graph])
    with serving(store, "--workers", 2) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser test needs Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra has it)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def test_the_page_runs_agreements_and_shows_the_seed_row(browser, page_url, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_url + "/")
    assert page.locator(".CodeMirror").count() == 1  # the YASQE editor is up

    page.click("a[data-query=agreements]")
    row = page.locator("#results tbody tr", has_text="China Telecom").filter(has_text="2012-12-05")
    row.first.wait_for()
    assert "infrastructure-sharing" in row.first.inner_text()
    assert re.match(r"\d+ rows in \d+ ms", page.inner_text("#status"))
    assert page.locator(".cm-keyword, .cm-variable-2").count() > 3  # syntax highlighting

    page.click("#results th[data-col=party]")
    parties = page.locator("#results tbody tr td:nth-child(4)").all_inner_texts()
    assert parties == sorted(parties, key=str.lower) and page.get_attribute("th[data-col=party]", "aria-sort") == "ascending"

    row.first.locator("a.evidence").click()
    page.locator("#evidence mark").first.wait_for()
    assert page.locator("#evidence mark").all_inner_texts() == ["AT&T", "China Telecom"]
    assert "rule agr." in page.inner_text("#evidence") and "att-china-telecom-2012" in page.inner_text("#evidence")

    with page.expect_download() as done:
        page.click("#download-csv")
    rows = list(csv.DictReader(io.StringIO(Path(done.value.path()).read_text("utf-8"))))
    assert {"kind": "infrastructure-sharing", "date": "2012-12-05", "party": "AT&T"}.items() <= next(
        r for r in rows if r["kind"] == "infrastructure-sharing" and r["party"] == "AT&T").items()
    with page.expect_download() as done:
        page.click("#download-json")
    assert json.loads(Path(done.value.path()).read_text("utf-8"))["head"]["vars"][0] == "agreement"

    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s ?p }')")
    page.click("#run")
    page.locator("#status.error").wait_for()
    assert "error at 1:" in page.inner_text("#status")

    assert errors == []
    assert all(url.startswith(page_url) or url.startswith(("blob:", "data:")) for url in requests), requests
