"""The generated pages in headless Chromium: sorting, highlights, filters, dark scheme, no
network and no script error, checked on the DOM after the scripts ran."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cdp import Browser, chromium
from cli import ROOT, quotebench

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="chromium is not installed (apt-get install chromium)"
)

GOLD = ROOT / "data" / "core" / "test.jsonl"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    preds = []
    for system in ("sieve", "nearest-name"):
        path = out / f"{system}.jsonl"
        done = quotebench("predict", system, "--gold", GOLD, "--out", path, "--quiet")
        assert done.returncode == 0, done.stderr
        preds.append(path)
    made = {
        "report": ["report", "--gold", GOLD, "--pred", preds[0], "--pred", preds[1], "--quiet"],
        "single": ["report", "--gold", GOLD, "--pred", preds[0], "--quiet"],
        "board": [
            "leaderboard",
            "render",
            ROOT / "leaderboard" / "polnear-dev.json",
            "--format",
            "html",
        ],
        "suite": ["leaderboard", "suite", ROOT / "leaderboard", "--format", "html"],
    }
    for name, args in made.items():
        done = quotebench(*args, "--out", out / f"{name}.html")
        assert done.returncode == 0, done.stderr
    return {name: out / f"{name}.html" for name in made}


@pytest.fixture(scope="module")
def browser():
    b = Browser.start(width=1400, height=1000)
    yield b
    b.close()


def opened(browser: Browser, page: Path) -> Browser:
    browser.dark(False)
    browser.open(page)
    return browser


@pytest.mark.parametrize("name", ["report", "single", "board", "suite"])
def test_nothing_fetched_and_no_script_error(browser: Browser, pages, name: str) -> None:
    b = opened(browser, pages[name])
    b.eval("document.querySelectorAll('th[tabindex]').forEach(function (th) { th.click(); })")
    if name in ("report", "single"):
        b.click("#article-table tbody tr:nth-child(2)")
        b.click("#article .seg")
    assert b.requests() == [pages[name].resolve().as_uri()]
    assert b.errors() == []


def test_known_quote_is_highlighted_and_explained(browser: Browser, pages) -> None:
    b = opened(browser, pages["report"])
    gold = next(json.loads(line) for line in GOLD.read_text().splitlines())
    att = gold["attributions"][0]
    quote = " ".join(gold["text"][s:e] for s, e in att["quote"])
    index = b.eval(
        f"Array.from(document.querySelectorAll('#article-table tbody tr')).findIndex("
        f"function (r) {{ return r.cells[0].dataset.v === {json.dumps(gold['id'])}; }})"
    )
    b.click(f"#article-table tbody tr:nth-child({index + 1})")
    assert b.eval("document.getElementById('article').dataset.article") == gold["id"]
    text = b.eval(
        "Array.from(document.querySelectorAll('#article .seg.gq')).filter(function (s) {"
        " return s.dataset.refs.split(' ').indexOf('g0') >= 0; })"
        ".map(function (s) { return s.textContent; }).join(' ')"
    )
    assert text == quote
    assert b.eval("document.querySelectorAll('#article .seg.gq-correct.pq-correct').length") > 0
    b.click("#article .seg.gq")
    details = b.eval("document.getElementById('details').innerText")
    assert "class" in details and "partner" in details and "gold speaker" in details


def test_filter_by_class_hides_the_other_articles(browser: Browser, pages) -> None:
    b = opened(browser, pages["report"])
    total = b.eval("document.querySelectorAll('#article-table tbody tr').length")
    for value, column in (("missed", 4), ("spurious", 5), ("b_only", 7)):
        b.eval(
            f"var f = document.getElementById('filter'); f.value = {json.dumps(value)};"
            "f.dispatchEvent(new Event('change'))"
        )
        rows = b.eval(
            f"Array.from(document.querySelectorAll('#article-table tbody tr')).map(function (r) {{"
            f" return [r.hidden, +r.cells[{column}].dataset.v]; }})"
        )
        assert len(rows) == total
        assert all(hidden == (n == 0) for hidden, n in rows), value
        assert 0 < sum(not hidden for hidden, _ in rows) < total, value


def test_sorting_best_first_with_an_indicator(browser: Browser, pages) -> None:
    b = opened(browser, pages["report"])
    column = "Array.from(document.querySelectorAll('#article-table tbody tr')).map(function (r) { return +r.cells[4].dataset.v; })"
    before = b.eval(column)
    b.click("#article-table th:nth-child(5)")  # missed: fewer is better
    after = b.eval(column)
    assert after != before and after == sorted(before)
    assert (
        b.eval("document.querySelector('#article-table th:nth-child(5)').getAttribute('aria-sort')")
        == "ascending"
    )
    b.click("#article-table th:nth-child(5)")
    assert b.eval(column) == sorted(before, reverse=True)

    b = opened(browser, pages["board"])
    values = "Array.from(document.querySelectorAll('#board-e2e tbody:first-of-type tr')).map(function (r) { return +r.cells[3].dataset.v; })"
    b.click("#board-e2e th:nth-child(6)")  # sort by another column first
    b.click("#board-e2e th:nth-child(4)")  # e2e_f1: the first click puts the best first
    assert b.eval(values) == sorted(b.eval(values), reverse=True)
    assert (
        b.eval("document.querySelector('#board-e2e th:nth-child(4)').getAttribute('aria-sort')")
        == "descending"
    )
    indicator = b.eval(
        "getComputedStyle(document.querySelector('#board-e2e th:nth-child(4)'), '::after').content"
    )
    assert "▼" in indicator


def test_reference_lines_are_apart_and_unranked(browser: Browser, pages) -> None:
    b = opened(browser, pages["board"])
    ranked = b.eval(
        "Array.from(document.querySelectorAll('#board-e2e tbody:first-of-type tr')).map(function (r) { return [r.cells[0].textContent, r.cells[1].textContent]; })"
    )
    refs = b.eval(
        "Array.from(document.querySelectorAll('#board-e2e tbody.references tr.reference')).map(function (r) { return [r.cells[0].textContent, r.cells[1].textContent]; })"
    )
    assert "gold-quotes+sieve" not in [s for _, s in ranked]
    assert ["ref", "gold-quotes+sieve"] in refs and ["—", "human ceiling"] in refs
    assert all(rank.isdigit() for rank, _ in ranked)
    assert "PolNeAR" in b.eval("document.getElementById('card').innerText")

    b = opened(browser, pages["suite"])
    best = b.eval(
        "Array.from(document.querySelectorAll('#suite tbody:first-of-type td.best')).map(function (c) { return c.cellIndex; })"
    )
    columns = b.eval("document.querySelectorAll('#suite thead th').length") - 1
    assert sorted(set(best)) == list(range(1, columns + 1))  # one best per dataset column
    assert b.eval("document.querySelectorAll('#suite tbody.references td.best').length") == 0


def test_cis_do_not_wrap_at_1400_px(browser: Browser, pages) -> None:
    for name in ("board", "report", "suite"):
        b = opened(browser, pages[name])
        wrapped = b.eval(
            "(function () { var bad = [];"
            " document.querySelectorAll('td.ci').forEach(function (td) {"
            "  var walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT), node;"
            "  while ((node = walk.nextNode())) { var r = document.createRange();"
            "   r.selectNodeContents(node); if (r.getClientRects().length > 1) bad.push(td.textContent); }"
            " }); return bad; })()"
        )
        assert wrapped == [], name
        assert b.eval("document.documentElement.scrollWidth <= innerWidth"), name


def test_dark_scheme_follows_the_reader(browser: Browser, pages) -> None:
    background = "getComputedStyle(document.body).backgroundColor"
    for name in ("report", "board"):
        b = opened(browser, pages[name])
        light = b.eval(background)
        b.dark(True)
        dark = b.eval(background)
        assert light == "rgb(255, 255, 255)" and dark != light
        assert sum(int(c) for c in dark[4:-1].split(",")) < 150


def test_polnear_dev_report_renders_every_article(browser: Browser, tmp_path) -> None:
    from benchmark.data import polnear
    from benchmark.documents import canonical_json
    from benchmark.jsonl import write_jsonl
    from benchmark.paths import polnear_root

    src = polnear_root()
    if not src.is_dir():
        pytest.skip(f"PolNeAR not found at {src} (set $QUOTEBENCH_POLNEAR)")
    root = polnear.data_dir(src)
    docs = polnear.read_split(
        root / "dev", polnear.read_metadata(root, src).get("dev", {}), quiet=True
    ).documents
    gold = tmp_path / "dev.jsonl"
    write_jsonl(gold, (canonical_json(d) for d in docs))
    preds = []
    for system in ("sieve", "nearest-name"):
        preds.append(tmp_path / f"{system}.jsonl")
        assert (
            quotebench("predict", system, "--gold", gold, "--out", preds[-1], "--quiet").returncode
            == 0
        )
    page = tmp_path / "report.html"
    done = quotebench(
        "report", "--gold", gold, "--pred", preds[0], "--pred", preds[1], "--out", page, "--quiet"
    )
    assert done.returncode == 0, done.stderr
    b = opened(browser, page)
    rendered = b.eval(
        "Array.from(document.querySelectorAll('#article-table tbody tr')).map(function (r) {"
        " r.click(); return document.getElementById('article').dataset.article === r.cells[0].dataset.v"
        " && document.querySelectorAll('#article .seg').length > 0; })"
    )
    assert len(rendered) == len(docs) and all(rendered)
    b.eval(
        "var s = document.getElementById('system'); s.value = '1'; s.dispatchEvent(new Event('change'))"
    )
    assert b.requests() == [page.resolve().as_uri()] and b.errors() == []
