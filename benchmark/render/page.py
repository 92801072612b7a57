"""The shell shared by every page: colours (a colour-blind safe palette, light and dark after
the reader's setting), sortable tables, and the embedded JSON blob."""

from __future__ import annotations

import html
import json
from typing import Any

PALETTE = {
    "correct": "#009E73",
    "wrong_speaker": "#E69F00",
    "missed": "#D55E00",
    "spurious": "#CC79A7",
    "accent": "#0072B2",
    "sky": "#56B4E9",
}
"""Okabe and Ito's palette: distinguishable with every common colour vision deficiency."""


def page(title: str, body: str, script: str = "", data: Any = None) -> str:
    """A complete HTML document; `data` is embedded as JSON for `script` to read."""
    blob = "" if data is None else json_blob(data)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="color-scheme" content="light dark"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style></head>\n<body>\n{body}\n{blob}"
        f"<script>{SORT_JS}{script}</script>\n</body></html>\n"
    )


def json_blob(data: Any) -> str:
    """JSON in a script element; `<` is escaped so no string can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="page-data">{text}</script>\n'


def sort_header(label: str, best: str | None = None, title: str | None = None) -> str:
    """A sortable column header: the first click sorts best first ("desc": high is best,
    "asc": low is best, None: alphabetical)."""
    attrs = f' data-best="{best}"' if best else ""
    attrs += f' title="{html.escape(title)}"' if title else ""
    return f'<th scope="col"{attrs} tabindex="0">{html.escape(label)}</th>'


def cell(text: str, sort_value: Any = None, cls: str = "") -> str:
    value = text if sort_value is None else sort_value
    klass = f' class="{cls}"' if cls else ""
    return f'<td data-v="{html.escape(str(value))}"{klass}>{text}</td>'


CSS = """
:root { --bg: #ffffff; --fg: #1d1d1f; --muted: #5f6368; --line: #d0d4d9; --head: #f1f3f5;
  --panel: #f8f9fa; --ref: #f4f0e6; --correct: #009E73; --wrong_speaker: #E69F00;
  --missed: #D55E00; --spurious: #CC79A7; --accent: #0072B2; --sky: #56B4E9;
  color-scheme: light; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --fg: #e8eaed; --muted: #a0a6ad; --line: #3a3f45; --head: #22262b;
    --panel: #1d2024; --ref: #2a2620; --accent: #56B4E9; color-scheme: dark; }
}
body { font-family: system-ui, sans-serif; margin: 1.25rem 1.5rem; background: var(--bg);
  color: var(--fg); line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
a { color: var(--accent); }
.muted, caption { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
caption { text-align: left; padding-bottom: .3rem; }
th, td { border: 1px solid var(--line); padding: .25rem .55rem; text-align: left;
  vertical-align: middle; }
td[data-v] { font-variant-numeric: tabular-nums; }
th { background: var(--head); white-space: nowrap; }
th[tabindex] { cursor: pointer; user-select: none; }
th[tabindex]::after { content: " \\2195"; color: var(--muted); font-size: .8em; }
th[aria-sort="descending"]::after { content: " \\25BC"; color: var(--fg); }
th[aria-sort="ascending"]::after { content: " \\25B2"; color: var(--fg); }
.ci, .num { white-space: nowrap; }
.ci small { color: var(--muted); }
table.board { font-size: .9rem; } table.board td, table.board th { white-space: nowrap; padding: .2rem .4rem; }
.ci svg { vertical-align: middle; margin-left: .4rem; }
.bar-bg { fill: var(--line); } .bar { fill: var(--accent); } .whisker { stroke: var(--fg); }
.ceiling { stroke: var(--missed); stroke-dasharray: 3 2; }
tr.reference td { background: var(--ref); font-style: italic; }
.best { font-weight: 700; }
.best::before { content: "\\2605 "; color: var(--wrong_speaker); }
.chart text { fill: var(--fg); font-size: 11px; }
.chart .axis { stroke: var(--line); }
"""

SORT_JS = r"""
function sortTable(th) {
  var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
  var best = th.dataset.best || "asc";
  var current = th.getAttribute("aria-sort");
  var first = best === "desc" ? "descending" : "ascending";
  var next = current ? (current === "ascending" ? "descending" : "ascending") : first;
  th.closest("tr").querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", next);
  var sign = next === "ascending" ? 1 : -1;
  Array.from(body.rows).sort(function (a, b) {
    var x = a.cells[i].dataset.v, y = b.cells[i].dataset.v;
    var nx = parseFloat(x), ny = parseFloat(y);
    var c = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
    return sign * c;
  }).forEach(function (row) { body.appendChild(row); });
}
document.addEventListener("click", function (e) {
  var th = e.target.closest("th[tabindex]"); if (th) sortTable(th);
});
document.addEventListener("keydown", function (e) {
  var th = e.target.closest && e.target.closest("th[tabindex]");
  if (th && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); sortTable(th); }
});
"""
