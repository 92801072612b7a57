"""`quotebench leaderboard suite DIR`: systems × datasets, e2e F1 with its 95% CI, the best of
each column marked; reference lines (benchmark.render.board.is_reference) listed apart."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark.render.board import is_reference
from benchmark.render.page import cell, page, sort_header

METRIC = "e2e_f1"


@dataclass(frozen=True)
class Suite:
    columns: list[str]
    """`dataset/split` of each board, sorted."""
    ranked: dict[str, dict[str, Mapping[str, Any]]]
    """system -> column -> entry, for systems ranked on the e2e track."""
    references: dict[str, dict[str, Mapping[str, Any]]]

    def best(self, column: str) -> float | None:
        values = [row[column]["metrics"][METRIC] for row in self.ranked.values() if column in row]
        return max(values) if values else None


def read_suite(directory: str | Path) -> Suite:
    """Every leaderboard file (`*.json` with entries) in the folder; an invalid one is an
    InputError naming it."""
    from benchmark import leaderboard
    from benchmark.errors import InputError

    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(folder, None, None, "not a folder of leaderboard files")
    boards = []
    for path in sorted(folder.glob("*.json")):
        if path.name == "schema.json":
            continue
        boards.append(leaderboard.read(path))
    if not boards:
        raise InputError(folder, None, None, "no leaderboard files (*.json) in this folder")
    return suite_of(boards)


def suite_of(boards: Sequence[Mapping[str, Any]]) -> Suite:
    """The latest entry (by created_at) of each system on each board's e2e track."""
    columns: list[str] = []
    ranked: dict[str, dict[str, Mapping[str, Any]]] = {}
    references: dict[str, dict[str, Mapping[str, Any]]] = {}
    for board in boards:
        d = board["dataset"]
        column = f"{d['name']}/{d['split']}"
        columns.append(column)
        for entry in board["entries"]:
            if entry["track"] != "e2e" or METRIC not in entry["metrics"]:
                continue
            table = references if is_reference(entry) else ranked
            row = table.setdefault(entry["system"], {})
            old = row.get(column)
            if old is None or str(entry.get("created_at", "")) > str(old.get("created_at", "")):
                row[column] = entry
    columns = sorted(set(columns))
    return Suite(columns, _by_mean(ranked, columns), _by_mean(references, columns))


def render_suite_markdown(suite: Suite) -> str:
    lines = [
        "# quotebench: systems × datasets (e2e F1 [95% CI])",
        "",
        "| system | " + " | ".join(suite.columns) + " |",
        "|---|" + "---|" * len(suite.columns),
    ]
    for system, row in suite.ranked.items():
        cells = []
        for column in suite.columns:
            text = _value(row.get(column))
            best = row.get(column) is not None and row[column]["metrics"][METRIC] == suite.best(
                column
            )
            cells.append(f"**{text}**" if best else text)
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    if suite.references:
        lines += ["", "Reference lines (given the gold quotes; not ranked):", ""]
        lines += [
            "| reference | " + " | ".join(suite.columns) + " |",
            "|---|" + "---|" * len(suite.columns),
        ]
        for system, row in suite.references.items():
            lines.append(
                f"| {system} | " + " | ".join(_value(row.get(c)) for c in suite.columns) + " |"
            )
    lines += [
        "",
        "Bold: best ranked system of the column. Brackets: 95% bootstrap CIs over articles.",
    ]
    return "\n".join(lines) + "\n"


def render_suite_html(suite: Suite) -> str:
    head = sort_header("system") + "".join(sort_header(c, "desc") for c in suite.columns)
    rows = []
    for system, row in suite.ranked.items():
        cells = [cell(html.escape(system))]
        for column in suite.columns:
            entry = row.get(column)
            value = None if entry is None else entry["metrics"][METRIC]
            best = value is not None and value == suite.best(column)
            cells.append(
                cell(
                    _value_html(entry), "" if value is None else value, "ci best" if best else "ci"
                )
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    refs = "".join(
        '<tr class="reference">'
        + cell(html.escape(system))
        + "".join(
            cell(
                _value_html(row.get(c)),
                "" if row.get(c) is None else row[c]["metrics"][METRIC],
                "ci",
            )
            for c in suite.columns
        )
        + "</tr>"
        for system, row in suite.references.items()
    )
    ref_body = (
        f'<tbody class="references"><tr><th colspan="99" scope="rowgroup">reference lines, not ranked</th></tr>{refs}</tbody>'
        if refs
        else ""
    )
    body = (
        "<h1>quotebench: systems × datasets</h1>"
        '<p class="muted">e2e F1 with 95% bootstrap CIs over articles; ★ marks the best ranked '
        "system of each column. Reference lines (systems given the gold quotes) are not ranked. "
        "Click a header to sort, best first.</p>"
        f'<table class="sortable" id="suite"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>{ref_body}</table>"
    )
    return page("quotebench: systems × datasets", body)


def _value(entry: Mapping[str, Any] | None) -> str:
    if entry is None:
        return "—"
    value = entry["metrics"][METRIC]
    bounds = entry.get("ci95", {}).get(METRIC)
    return f"{value:.3f}" if bounds is None else f"{value:.3f} [{bounds[0]:.3f}, {bounds[1]:.3f}]"


def _value_html(entry: Mapping[str, Any] | None) -> str:
    """The value, and its CI on a line of its own: many dataset columns fit one screen."""
    if entry is None:
        return "—"
    value = entry["metrics"][METRIC]
    bounds = entry.get("ci95", {}).get(METRIC)
    if bounds is None:
        return f"{value:.3f}"
    return f"{value:.3f}<br><small>[{bounds[0]:.3f}, {bounds[1]:.3f}]</small>"


def _by_mean(table: dict[str, dict[str, Mapping[str, Any]]], columns: list[str]) -> dict:
    """Systems by their mean e2e F1 over the columns they have, best first, then by name."""

    def key(item: tuple[str, dict[str, Mapping[str, Any]]]) -> tuple[float, str]:
        values = [item[1][c]["metrics"][METRIC] for c in columns if c in item[1]]
        return (-sum(values) / len(values), item[0])

    return dict(sorted(table.items(), key=key))
