"""`quotebench leaderboard render --format html`: a leaderboard page with CI bars, reference
lines kept apart from the ranked systems, the dataset card's key facts and slices per system.

Entries are read as dicts; the keys added after format 1.0 (`reference`, `signature`, ...) are
read with `.get()`. A reference line (a system given the gold quotes, or the human ceiling of
the dataset's registry spec) is drawn in its own table body and never gets a rank.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from benchmark.render.page import cell, page, sort_header
from benchmark.render.svg import ci_bar

HEADLINE = {"e2e": "e2e_f1", "attribution": "attr_acc"}
COLUMNS = {
    "e2e": ["e2e_f1", "e2e_p", "e2e_r", "quote_lenient_f1", "quote_exact_f1", "speaker_acc"],
    "attribution": ["attr_acc"],
}
TRACKS = ("e2e", "attribution")


def is_reference(entry: Mapping[str, Any]) -> bool:
    """Marked as a reference, or run on the e2e track with the gold quotes given."""
    config = entry.get("config") or {}
    given = isinstance(config, Mapping) and bool(config.get("given_gold_quotes"))
    return bool(entry.get("reference", False)) or (entry.get("track") == "e2e" and given)


def dataset_spec(board: Mapping[str, Any]) -> Any:
    """The registry spec of the board's dataset, or None when the name is not registered."""
    from benchmark.data.registry import get_spec, is_registered

    name = board["dataset"]["name"]
    return get_spec(name) if is_registered(name) else None


def ranks(board: Mapping[str, Any]) -> dict[tuple[str, str | None, str], int]:
    """Rank group of every ranked entry (the rule of benchmark.ranking), references left out."""
    from benchmark import ranking

    ranked = {**board, "entries": [e for e in board["entries"] if not is_reference(e)]}
    return {(r.system, r.version, r.track): r.group for r in ranking.rows(ranked)}


def render_board_html(board: Mapping[str, Any]) -> str:
    spec = dataset_spec(board)
    ceiling = dict(spec.human_ceiling) if spec is not None else {}
    groups = ranks(board)
    d = board["dataset"]
    title = f"quotebench leaderboard: {d['name']}/{d['split']}"
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="muted">{d["n_docs"]} articles, {d.get("n_gold", "?")} attributions, '
        f"sha256 {html.escape(str(d['sha256'])[:12])}, scorer {html.escape(str(board['scorer_version']))}. "
        "Brackets and whiskers: 95% bootstrap CIs over articles; the dashed line is the human "
        "ceiling. Reference lines (systems given the gold quotes, the human ceiling) are shown "
        "apart and never ranked. Click a header to sort, best first.</p>",
    ]
    if spec is not None:
        body.append(_card(spec))
    for track in TRACKS:
        entries = [
            e for e in board["entries"] if e["track"] == track and HEADLINE[track] in e["metrics"]
        ]
        if entries:
            body.append(_track(track, entries, groups, ceiling if track == "e2e" else {}))
            body.append(_slices(track, entries, spec))
    return page(title, "\n".join(body))


def _card(spec: Any) -> str:
    splits = ", ".join(
        f"{name}: {s.documents if s.documents is not None else '?'} articles / "
        f"{s.attributions if s.attributions is not None else '?'} attributions"
        for name, s in spec.splits.items()
    )
    facts = [
        ("dataset", spec.title),
        ("about", spec.description),
        ("domain", spec.domain),
        ("language", spec.lang),
        ("license", spec.license + ("" if spec.redistributable else " (not redistributed)")),
        ("splits", splits),
        ("homepage", spec.homepage),
    ]
    if spec.human_ceiling:
        facts.append(
            ("human ceiling", ", ".join(f"{k} {v:.3f}" for k, v in spec.human_ceiling.items()))
        )
    rows = "".join(
        f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in facts if v
    )
    return (
        '<section class="card" id="card"><h2>Dataset</h2>'
        '<dl style="display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem">'
        f"{rows}</dl></section>"
    )


def _track(track: str, entries: list, groups: dict, ceiling: Mapping[str, float]) -> str:
    keys = COLUMNS[track]
    headline = HEADLINE[track]
    head = (
        sort_header("rank", "asc")
        + sort_header("system")
        + sort_header("version")
        + "".join(sort_header(k, "desc") for k in keys)
        + sort_header("docs/s", "desc")
    )
    ranked = [e for e in entries if not is_reference(e)]
    ranked.sort(key=lambda e: (-e["metrics"][headline], e["system"]))
    references = [e for e in entries if is_reference(e)]
    references.sort(key=lambda e: (-e["metrics"][headline], e["system"]))
    ranked_rows = [
        _row(e, keys, str(groups.get((e["system"], e.get("system_version"), track), "")), ceiling)
        for e in ranked
    ]
    ref_rows = [_row(e, keys, "ref", ceiling, True) for e in references]
    if ceiling.get(headline) is not None:
        cells = [cell("—", "", ""), cell("human ceiling"), cell("annotators")]
        for k in keys:
            value = ceiling.get(k)
            cells.append(
                cell("" if value is None else f"{value:.3f}", value if value is not None else "")
            )
        cells.append(cell(""))
        ref_rows.append('<tr class="reference ceiling-row">' + "".join(cells) + "</tr>")
    refs = (
        '<tbody class="references"><tr><th colspan="99" scope="rowgroup">reference lines, not ranked</th></tr>'
        + "".join(ref_rows)
        + "</tbody>"
        if ref_rows
        else ""
    )
    return (
        f'<h2 id="{track}">{track} track</h2><table class="sortable board" id="board-{track}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(ranked_rows)}</tbody>{refs}</table>"
    )


def _row(
    e: Mapping[str, Any],
    keys: list[str],
    rank: str,
    ceiling: Mapping[str, float],
    reference: bool = False,
) -> str:
    cells = [
        cell(rank, rank if rank.isdigit() else 0),
        cell(html.escape(e["system"])),
        cell(html.escape(e.get("system_version") or "")),
    ]
    for k in keys:
        value = e["metrics"].get(k)
        if value is None:
            cells.append(cell("", ""))
            continue
        bounds = e.get("ci95", {}).get(k)
        if bounds is None:
            cells.append(cell(f"{value:.3f}", value, "num"))
            continue
        lo, hi = bounds
        text = f"{value:.3f} <small>[{lo:.3f}, {hi:.3f}]</small>"
        if k == keys[0]:
            text += ci_bar(value, lo, hi, ceiling.get(k), width=80)
        cells.append(cell(text, value, "ci"))
    speed = e.get("docs_per_s")
    cells.append(cell("" if speed is None else f"{speed:.1f}", speed or 0, "num"))
    klass = ' class="reference"' if reference else ""
    return f"<tr{klass}>" + "".join(cells) + "</tr>"


def _slices(track: str, entries: list, spec: Any) -> str:
    """Recall per slice value (rows) and system (columns); dimensions in the spec's order:
    type, speaker kind, the dataset's standard label slices, then the rest."""
    recall = "attr_acc" if track == "attribution" else "e2e_r"
    present = list(dict.fromkeys(dim for e in entries for dim in (e.get("slices") or {})))
    labels = [] if spec is None else list(spec.slice_labels)
    preferred = ["type", "speaker_kind", *labels, *(f"labels.{k}" for k in labels)]
    dims = [d for d in preferred if d in present] + [d for d in present if d not in preferred]
    parts = []
    for dim in dims:
        values = list(
            dict.fromkeys(v for e in entries for v in (e.get("slices") or {}).get(dim, {}))
        )
        head = (
            sort_header(dim)
            + sort_header("n_gold", "desc")
            + "".join(
                sort_header(e["system"] + (" (ref)" if is_reference(e) else ""), "desc")
                for e in entries
            )
        )
        rows = []
        for v in values:
            n = next(
                (
                    e["slices"][dim][v]["n_gold"]
                    for e in entries
                    if v in (e.get("slices") or {}).get(dim, {})
                ),
                0,
            )
            cells = [cell(html.escape(v)), cell(str(n), n, "num")]
            for e in entries:
                row = (e.get("slices") or {}).get(dim, {}).get(v, {})
                r = row.get(recall)
                cells.append(cell("" if r is None else f"{r:.3f}", "" if r is None else r, "num"))
            rows.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(
            f'<table class="sortable slices"><caption>{html.escape(recall)} by {html.escape(dim)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if not parts:
        return ""
    return (
        f"<details open><summary>{track} track: recall by slice</summary>{''.join(parts)}</details>"
    )
