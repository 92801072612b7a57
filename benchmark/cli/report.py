"""`quotebench report`: a standalone HTML page with the metrics, slices, error classes and an
article browser for one system, or two and their diff."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmark.errors import UsageError


def report(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (canonical document format)."),
    pred: list[Path] = typer.Option(
        ..., "--pred", help="Predictions JSONL; give it twice for a diff."
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the HTML page."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress messages."),
) -> None:
    """Write the report page (no external assets, nothing fetched when it is opened)."""
    from benchmark.analysis.diff import Diff, side, system_names
    from benchmark.data.loading import dataset_name
    from benchmark.jsonl import write_text
    from benchmark.render.report import render_report
    from benchmark.validation import read_documents, read_predictions

    if len(pred) > 2:
        raise UsageError("--pred takes one or two predictions files")
    if out.is_dir():
        raise UsageError(f"{out} is a directory, expected a file path")
    docs = read_documents(gold)
    predictions = [read_predictions(p, docs) for p in pred]
    dataset = dataset_name(docs, gold)
    names = system_names(pred)
    sides = [side(docs, p, n, dataset, seed) for p, n in zip(predictions, names, strict=True)]
    diff = Diff.of(*sides, seed) if len(sides) == 2 else None
    title = f"quotebench report: {dataset[0]}/{dataset[1]}"
    page = render_report(sides, diff, title)
    write_text(out, page)
    if not quiet:
        typer.echo(f"wrote {out} ({len(page.encode()) / 1e6:.2f} MB)", err=True)
