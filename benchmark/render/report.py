"""`quotebench report`: one page with the headline metrics, slices, error classes and an article
browser for one system, or two with their diff.

The summary is rendered here as HTML and inline SVG; the articles travel as one embedded JSON
blob and the page's script renders only the selected article, so a page over thousands of
attributions stays quick to open.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from benchmark.analysis.diff import SHOWN_METRICS, Diff, Side
from benchmark.analysis.errors import GOLD_CLASSES, PRED_CLASSES, ArticleErrors
from benchmark.render.page import cell, page, sort_header
from benchmark.render.svg import ci_bar, grouped_bars, legend

HEADLINE = ("e2e_f1", "e2e_p", "e2e_r", "quote_lenient_f1", "quote_exact_f1", "speaker_acc")
FILTERS = ("missed", "wrong_speaker", "spurious", "correct")


def render_report(sides: Sequence[Side], diff: Diff | None, title: str) -> str:
    """The page for one or two systems on the same gold (`diff` when there are two)."""
    names = [s.name for s in sides]
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="muted">{len(sides[0].analysis.articles)} articles, '
        f"{sides[0].result['metrics']['n_gold']} gold attributions; systems: "
        f"{html.escape(', '.join(names))}. Brackets and whiskers: 95% bootstrap CIs over articles.</p>",
        _metrics(sides),
        _slices(sides),
        _errors(sides),
    ]
    if diff is not None:
        body.append(_diff(diff))
    body.append(_browser(names, diff is not None))
    data = {"systems": names, "articles": _articles([s.analysis.articles for s in sides])}
    return page(title, "\n".join(body), BROWSER_JS, data)


def _metrics(sides: Sequence[Side]) -> str:
    head = sort_header("metric") + "".join(
        sort_header(s.name, "desc", "first click: best first") for s in sides
    )
    rows = []
    for key in HEADLINE:
        cells = [cell(key)]
        for s in sides:
            value = s.result["metrics"][key]
            lo, hi = s.result["ci95"][key]
            text = f"{value:.3f} [{lo:.3f}, {hi:.3f}]{ci_bar(value, lo, hi)}"
            cells.append(cell(text, value, "ci"))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<h2 id="metrics">Headline metrics</h2><table class="sortable" id="metrics-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _slices(sides: Sequence[Side]) -> str:
    parts = [
        '<h2 id="slices">e2e recall by slice</h2>',
        f"<p>{legend([s.name for s in sides])}</p>",
    ]
    dimensions = list(dict.fromkeys(d for s in sides for d in s.result["slices"]))
    for dimension in dimensions:
        labels = list(
            dict.fromkeys(v for s in sides for v in s.result["slices"].get(dimension, {}))
        )
        series = []
        for s in sides:
            rows = s.result["slices"].get(dimension, {})
            series.append((s.name, [rows[v]["e2e_r"] if v in rows else None for v in labels]))
        n_gold = {
            v: r["n_gold"] for s in sides for v, r in s.result["slices"].get(dimension, {}).items()
        }
        shown = [f"{v} ({n_gold[v]})" for v in labels]
        parts.append(f"<h3>{html.escape(dimension)}</h3>" + grouped_bars(dimension, shown, series))
    return "\n".join(parts)


def _errors(sides: Sequence[Side]) -> str:
    counts = [s.analysis.counts() for s in sides]
    head = (
        sort_header("side")
        + sort_header("class")
        + "".join(sort_header(s.name, "desc") for s in sides)
    )
    rows = []
    for side, classes in (("gold", GOLD_CLASSES), ("pred", PRED_CLASSES)):
        for cls in classes:
            cells = [cell(side), cell(cls)] + [
                cell(str(c[side][cls]), c[side][cls], "num") for c in counts
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
    flags = [s.analysis.flags() for s in sides]
    flag_rows = []
    for cls, values in flags[0].items():
        for flag, value in values.items():
            items = value.items() if isinstance(value, dict) else [("", value)]
            for name, _ in items:
                got = [
                    f[cls][flag][name] if isinstance(f[cls][flag], dict) else f[cls][flag]
                    for f in flags
                ]
                got = [g if isinstance(g, int) else 0 for g in got]
                cells = [cell(cls), cell(flag), cell(html.escape(name))] + [
                    cell(str(g), g, "num") for g in got
                ]
                flag_rows.append("<tr>" + "".join(cells) + "</tr>")
    flag_head = (
        sort_header("class")
        + sort_header("flag")
        + sort_header("value")
        + "".join(sort_header(s.name, "desc") for s in sides)
    )
    return (
        '<h2 id="errors">Error classes</h2><p class="muted">correct = e2e matches, correct + '
        "wrong_speaker = lenient matches, missed = gold − lenient, spurious = predicted − lenient.</p>"
        f'<table class="sortable" id="errors-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<details><summary>Flags</summary><table class="sortable" id="flags-table"><thead><tr>'
        f"{flag_head}</tr></thead><tbody>{''.join(flag_rows)}</tbody></table></details>"
    )


def _diff(diff: Diff) -> str:
    a, b = html.escape(diff.a.name), html.escape(diff.b.name)
    counts = diff.counts()
    rows = "".join(
        f"<tr>{cell(level)}"
        + "".join(cell(str(n[k]), n[k], "num") for k in ("a_only", "b_only", "both", "neither"))
        + "</tr>"
        for level, n in counts.items()
    )
    by_key = {c.key: c for c in diff.comparisons}
    compared = "".join(
        f"<tr>{cell(k)}{cell(f'{c.a:.3f}', c.a)}{cell(f'{c.b:.3f}', c.b)}"
        f"{cell(f'{c.diff:+.3f}', c.diff)}{cell(f'[{c.ci95[0]:+.3f}, {c.ci95[1]:+.3f}]', c.ci95[0], 'ci')}"
        f"{cell(f'{c.p_value:.3f}', c.p_value)}</tr>"
        for k in SHOWN_METRICS
        for c in [by_key[k]]
    )
    return (
        f'<h2 id="diff">Diff: A = {a}, B = {b}</h2>'
        '<table id="diff-table"><caption>gold attributions found by</caption><thead><tr>'
        "<th>level</th><th>A only</th><th>B only</th><th>both</th><th>neither</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<table id="compare-table"><caption>B − A, paired bootstrap over articles</caption>'
        "<thead><tr><th>metric</th><th>A</th><th>B</th><th>diff</th><th>95% CI</th><th>p</th>"
        f"</tr></thead><tbody>{compared}</tbody></table>"
        '<p class="muted">In the article browser, filter by “A right, B wrong” (e2e) and the reverse.</p>'
    )


def _browser(names: Sequence[str], two: bool) -> str:
    options = "".join(f'<option value="{i}">{html.escape(n)}</option>' for i, n in enumerate(names))
    filters = '<option value="">all articles</option>' + "".join(
        f'<option value="{f}">with {f.replace("_", " ")}</option>' for f in FILTERS
    )
    if two:
        filters += (
            '<option value="a_only">A right, B wrong (e2e)</option>'
            '<option value="b_only">B right, A wrong (e2e)</option>'
        )
    head = (
        sort_header("article")
        + sort_header("gold", "desc")
        + sort_header("correct", "desc")
        + sort_header("wrong spk.", "asc")
        + sort_header("missed", "asc")
        + sort_header("spurious", "asc")
    )
    return f"""<h2 id="articles">Articles</h2>
<p><label>System <select id="system">{options}</select></label>
<label>Show <select id="filter">{filters}</select></label>
<span id="shown" class="muted"></span></p>
<div class="legend">
<span class="seg gq gq-correct">gold, found</span> <span class="seg gq gq-wrong_speaker">gold, wrong speaker</span>
<span class="seg gq gq-missed">gold, missed</span> · <span class="seg pq pq-correct">predicted, correct</span>
<span class="seg pq pq-wrong_speaker">predicted, wrong speaker</span> <span class="seg pq pq-spurious">predicted, spurious</span>
· <span class="seg gs">gold speaker</span> <span class="seg ps">predicted speaker</span>
</div>
<div class="browser">
<div class="list"><table class="sortable" id="article-table"><thead><tr>{head}</tr></thead><tbody></tbody></table></div>
<div class="view"><div id="details" class="details muted">Click a highlighted quote for its class, partner and speaker.</div>
<article id="article"></article></div>
</div>
<style>{BROWSER_CSS}</style>"""


def _articles(by_system: Sequence[Sequence[ArticleErrors]]) -> list[dict[str, Any]]:
    """The browser's data, compact: per article its text, gold items (quote, speaker, type,
    and per system class, partner, flags) and each system's predicted items."""
    out = []
    for arts in zip(*by_system, strict=True):
        doc = arts[0].doc
        gold = [
            {
                "q": att.quote,
                "s": att.speaker,
                "t": att.type,
                "c": [a.gold_errors[i].cls for a in arts],
                "p": [a.gold_errors[i].partner for a in arts],
                "f": [a.gold_errors[i].flags for a in arts],
            }
            for i, att in enumerate(doc.attributions)
        ]
        pred = [
            [
                {
                    "q": att.quote,
                    "s": att.speaker,
                    "n": att.speaker_name,
                    "c": c.cls,
                    "p": c.partner,
                    "f": c.flags,
                }
                for att, c in zip(a.pred, a.pred_errors, strict=True)
            ]
            for a in arts
        ]
        out.append({"id": doc.id, "text": doc.text, "gold": gold, "pred": pred})
    return out


BROWSER_CSS = """
.browser { display: grid; grid-template-columns: 41rem minmax(0, 1fr); gap: 1.2rem; align-items: start; }
.list { max-height: 80vh; overflow: auto; }
.list table { margin: 0; width: 100%; font-size: .9rem; } .list th, .list td { padding: .2rem .4rem; }
.list tr { cursor: pointer; } .list tr.selected td { background: var(--head); font-weight: 600; }
.list td:first-child { max-width: 12rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.view article { white-space: pre-wrap; line-height: 1.9; max-height: 80vh; overflow: auto;
  border: 1px solid var(--line); padding: .8rem 1rem; background: var(--panel); }
.details { border: 1px solid var(--line); padding: .5rem .8rem; margin-bottom: .6rem; min-height: 3rem; }
.details dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; }
.details dt { font-weight: 600; }
.legend { margin: .4rem 0 .8rem; line-height: 2.2; }
.seg.gq { cursor: pointer; padding: .1em 0; }
.gq-correct { background: color-mix(in srgb, var(--correct) 28%, transparent); }
.gq-wrong_speaker { background: color-mix(in srgb, var(--wrong_speaker) 35%, transparent); }
.gq-missed { background: repeating-linear-gradient(135deg,
  color-mix(in srgb, var(--missed) 35%, transparent) 0 4px, transparent 4px 7px); }
.seg.pq { cursor: pointer; text-decoration-line: underline; text-decoration-thickness: 2px;
  text-underline-offset: 4px; }
.pq-correct { text-decoration-color: var(--accent); text-decoration-style: solid; }
.pq-wrong_speaker { text-decoration-color: var(--wrong_speaker); text-decoration-style: dashed; }
.pq-spurious { text-decoration-color: var(--spurious); text-decoration-style: wavy; }
.seg.gs { font-weight: 700; outline: 1.5px solid var(--fg); outline-offset: 1px; }
.seg.ps { outline: 1.5px dashed var(--accent); outline-offset: 3px; }
.seg.focus { box-shadow: 0 0 0 2px var(--fg); }
"""

BROWSER_JS = r"""
(function () {
  var DATA = JSON.parse(document.getElementById("page-data").textContent);
  var systemSel = document.getElementById("system"), filterSel = document.getElementById("filter");
  var tbody = document.querySelector("#article-table tbody");
  var view = document.getElementById("article"), details = document.getElementById("details");
  var current = -1;
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  function counts(a, s) {
    var n = {gold: a.gold.length, correct: 0, wrong_speaker: 0, missed: 0, spurious: 0, a_only: 0, b_only: 0};
    a.gold.forEach(function (g) {
      n[g.c[s]] += 1;
      if (g.c.length > 1) {
        if (g.c[0] === "correct" && g.c[1] !== "correct") n.a_only += 1;
        if (g.c[1] === "correct" && g.c[0] !== "correct") n.b_only += 1;
      }
    });
    a.pred[s].forEach(function (p) { if (p.c === "spurious") n.spurious += 1; });
    return n;
  }
  function buildList() {
    var s = +systemSel.value, rows = [];
    DATA.articles.forEach(function (a, i) {
      var n = counts(a, s);
      rows.push('<tr data-i="' + i + '"' + (i === current ? ' class="selected"' : "") + '><td data-v="' + esc(a.id) + '" title="' + esc(a.id) + '">' + esc(a.id) +
        "</td>" + ["gold", "correct", "wrong_speaker", "missed", "spurious"].map(function (k) {
          return '<td data-v="' + n[k] + '">' + n[k] + "</td>"; }).join("") +
        '<td hidden data-v="' + n.a_only + '"></td><td hidden data-v="' + n.b_only + '"></td></tr>');
    });
    tbody.innerHTML = rows.join("");
    applyFilter();
  }
  function applyFilter() {
    var f = filterSel.value, s = +systemSel.value, shown = 0;
    Array.from(tbody.rows).forEach(function (row) {
      var keep = true;
      if (f) { var n = counts(DATA.articles[+row.dataset.i], s); keep = n[f] > 0; }
      row.hidden = !keep; if (keep) shown += 1;
    });
    document.getElementById("shown").textContent = shown + " of " + DATA.articles.length + " articles";
  }
  function spans(a, s) {
    var out = [];
    a.gold.forEach(function (g, i) {
      g.q.forEach(function (f) { out.push([f[0], f[1], "gq gq-" + g.c[s], "g" + i]); });
      if (g.s) g.s.forEach(function (f) { out.push([f[0], f[1], "gs", "g" + i]); });
    });
    a.pred[s].forEach(function (p, i) {
      p.q.forEach(function (f) { out.push([f[0], f[1], "pq pq-" + p.c, "p" + i]); });
      if (p.s) p.s.forEach(function (f) { out.push([f[0], f[1], "ps", "p" + i]); });
    });
    return out;
  }
  function render(i) {
    current = i;
    var a = DATA.articles[i], s = +systemSel.value, text = a.text, all = spans(a, s);
    var cuts = {0: 1}; cuts[text.length] = 1;
    all.forEach(function (x) { cuts[Math.max(0, Math.min(text.length, x[0]))] = 1; cuts[Math.max(0, Math.min(text.length, x[1]))] = 1; });
    var points = Object.keys(cuts).map(Number).sort(function (x, y) { return x - y; });
    var html = [];
    for (var k = 0; k + 1 < points.length; k++) {
      var lo = points[k], hi = points[k + 1], cls = {}, refs = {};
      all.forEach(function (x) { if (x[0] <= lo && x[1] >= hi) { x[2].split(" ").forEach(function (c) { cls[c] = 1; }); refs[x[3]] = 1; } });
      var piece = esc(text.slice(lo, hi)), names = Object.keys(cls);
      html.push(names.length ? '<span class="seg ' + names.join(" ") + '" data-refs="' + Object.keys(refs).join(" ") + '">' + piece + "</span>" : piece);
    }
    view.innerHTML = html.join("");
    view.dataset.article = a.id;
    Array.from(tbody.rows).forEach(function (row) { row.classList.toggle("selected", +row.dataset.i === i); });
    details.innerHTML = "Click a highlighted quote for its class, partner and speaker.";
  }
  function quoteText(text, frags) { return frags.map(function (f) { return text.slice(f[0], f[1]); }).join(" … "); }
  function describe(refs) {
    var a = DATA.articles[current], s = +systemSel.value, out = [];
    refs.split(" ").forEach(function (r) {
      var i = +r.slice(1);
      if (r[0] === "g") {
        var g = a.gold[i], p = g.p[s] === null ? null : a.pred[s][g.p[s]];
        out.push("<dl><dt>gold quote</dt><dd>" + esc(quoteText(a.text, g.q)) + " (" + g.t + ")</dd><dt>class</dt><dd class=\"cls\">" + g.c[s] +
          "</dd><dt>gold speaker</dt><dd>" + (g.s ? esc(quoteText(a.text, g.s)) : "none") + "</dd><dt>partner</dt><dd>" +
          (p ? esc(quoteText(a.text, p.q)) + " — speaker " + esc(p.n || (p.s ? quoteText(a.text, p.s) : "none")) : "none") +
          "</dd><dt>flags</dt><dd>" + esc(JSON.stringify(g.f[s])) + "</dd></dl>");
      } else {
        var q = a.pred[s][i], gg = q.p === null ? null : a.gold[q.p];
        out.push("<dl><dt>predicted quote</dt><dd>" + esc(quoteText(a.text, q.q)) + "</dd><dt>class</dt><dd class=\"cls\">" + q.c +
          "</dd><dt>predicted speaker</dt><dd>" + esc(q.n || (q.s ? quoteText(a.text, q.s) : "none")) + "</dd><dt>partner</dt><dd>" +
          (gg ? esc(quoteText(a.text, gg.q)) + " — speaker " + (gg.s ? esc(quoteText(a.text, gg.s)) : "none") : "none") +
          "</dd><dt>flags</dt><dd>" + esc(JSON.stringify(q.f)) + "</dd></dl>");
      }
    });
    details.innerHTML = out.join("");
  }
  tbody.addEventListener("click", function (e) { var row = e.target.closest("tr"); if (row) render(+row.dataset.i); });
  view.addEventListener("click", function (e) {
    var seg = e.target.closest(".seg"); if (!seg) return;
    view.querySelectorAll(".focus").forEach(function (x) { x.classList.remove("focus"); });
    seg.classList.add("focus"); describe(seg.dataset.refs);
  });
  systemSel.addEventListener("change", function () { buildList(); if (current >= 0) render(current); });
  filterSel.addEventListener("change", applyFilter);
  buildList();
  if (DATA.articles.length) render(0);
})();
"""
