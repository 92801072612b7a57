"""`quotebench leaderboard show|render|suite`: a leaderboard file as a table or a page, and
every leaderboard of a folder as one systems × datasets table."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

app = typer.Typer(
    help="Show or render leaderboard files, or gather a folder of them.", no_args_is_help=True
)


class Format(StrEnum):
    md = "md"
    html = "html"


@app.command("show")
def show(file: Path = typer.Argument(..., help="A leaderboard JSON file.")) -> None:
    """Rich table sorted by e2e F1, with 95% CIs and rank groups."""
    from benchmark import leaderboard

    print_board(leaderboard.read(file))


@app.command("schema")
def schema(
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """The leaderboard file's JSON Schema, generated from the result models."""
    import json

    from benchmark import leaderboard
    from benchmark.jsonl import write_text

    text = json.dumps(leaderboard.schema(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_text(out, text)


@app.command("render")
def render(
    file: Path = typer.Argument(..., help="A leaderboard JSON file."),
    fmt: Format = typer.Option(Format.md, "--format", help="md or html."),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Markdown table, or a standalone HTML page: CI bars, reference lines apart, the dataset
    card and slices per system, sortable by any column."""
    from benchmark import leaderboard, ranking
    from benchmark.render.board import render_board_html

    board = leaderboard.read(file)
    _emit(ranking.render_markdown(board) if fmt is Format.md else render_board_html(board), out)


@app.command("suite")
def suite(
    directory: Path = typer.Argument(..., help="A folder of leaderboard JSON files."),
    fmt: Format = typer.Option(Format.md, "--format", help="md or html."),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """One table of systems × datasets: e2e F1 with 95% CIs, the best of each column marked."""
    from benchmark.render.suite import read_suite, render_suite_html, render_suite_markdown

    table = read_suite(directory)
    _emit(render_suite_markdown(table) if fmt is Format.md else render_suite_html(table), out)


def _emit(text: str, out: Path | None) -> None:
    from benchmark.errors import UsageError
    from benchmark.jsonl import write_text

    if out is None:
        typer.echo(text, nl=False)
    elif out.is_dir():
        raise UsageError(f"{out} is a directory, expected a file path")
    else:
        write_text(out, text)


def print_board(board: dict) -> None:
    """Headline metric with its CI, the other metrics as values; wide enough when piped."""
    from rich.console import Console
    from rich.table import Table

    from benchmark import ranking

    console = Console(width=None if Console().is_terminal else 160)
    for track in ("e2e", "attribution"):
        track_rows = [r for r in ranking.rows(board) if r.track == track]
        if not track_rows:
            continue
        headline, *others = ranking.COLUMNS[track]
        signature = next(e["signature"] for e in board["entries"] if e["track"] == track)
        table = Table(title=f"{track} track: {ranking.title(board)}", title_justify="left")
        trained = any(r.training for r in track_rows)
        columns = ["rank", "system", "version", *(["trained on"] if trained else [])]
        columns += [f"{headline} [95% CI]", *others, "docs/s"]
        for name in columns:
            left = name in ("system", "version", "trained on")
            table.add_column(name, justify="left" if left else "right")
        for r in track_rows:
            speed = "" if r.docs_per_s is None else f"{r.docs_per_s:.1f}"
            values = [f"{r.metrics[k]:.3f}" if k in r.metrics else "" for k in others]
            table.add_row(
                r.rank,
                r.system,
                r.version or "",
                *([r.training or ""] if trained else []),
                ranking.cell(r, headline),
                *values,
                speed,
                end_section=_last_ranked(track_rows, r),
            )
        console.print(table)
        console.print(signature, highlight=False, soft_wrap=True)
    console.print(
        "ref: given the gold quotes (a reference line, not ranked). Ranks: CIs overlap and no "
        "paired bootstrap separates the systems (p < 0.05).",
        highlight=False,
    )


def _last_ranked(rows: list, row: object) -> bool:
    """A line under the last ranked system, so reference lines stand apart."""
    ranked = [r for r in rows if not r.reference]
    return bool(ranked) and row is ranked[-1] and len(ranked) < len(rows)
