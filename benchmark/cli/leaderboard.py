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
        table = Table(title=f"{track} track: {ranking.title(board)}", title_justify="left")
        for name in ["rank", "system", "version", f"{headline} [95% CI]", *others, "docs/s"]:
            table.add_column(name, justify="left" if name in ("system", "version") else "right")
        for r in track_rows:
            speed = "" if r.docs_per_s is None else f"{r.docs_per_s:.1f}"
            values = [f"{r.metrics[k]:.3f}" if k in r.metrics else "" for k in others]
            table.add_row(
                str(r.group), r.system, r.version or "", ranking.cell(r, headline), *values, speed
            )
        console.print(table)
