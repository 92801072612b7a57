"""`quotebench compare`: paired bootstrap between two score results on the same data."""

from __future__ import annotations

from pathlib import Path

import typer


def compare(
    a: Path = typer.Argument(..., help="Score JSON of system A (`quotebench score --json`)."),
    b: Path = typer.Argument(..., help="Score JSON of system B, on the same data."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
) -> None:
    """B - A for every metric, with its 95% CI and two-sided p-value (same articles resampled).

    Only comparable results are compared: same data, split, track, scorer and format version
    (their signatures say so)."""
    from rich.console import Console
    from rich.table import Table

    from benchmark.results.io import read_result
    from benchmark.scoring.compare import compare as paired

    a_result, b_result = read_result(a), read_result(b)
    comparisons = paired(a_result, b_result, seed, sources=(a, b))
    title = f"A = {a_result.system.name}, B = {b_result.system.name} (diff = B - A)"
    table = Table(title=title, caption=a_result.signature)
    for column in ("metric", "A", "B", "diff", "95% CI", "p"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for c in comparisons:
        lo, hi = c.ci95
        table.add_row(
            c.key,
            f"{c.a:.4f}",
            f"{c.b:.4f}",
            f"{c.diff:+.4f}",
            f"[{lo:+.4f}, {hi:+.4f}]",
            f"{c.p_value:.3f}",
        )
    Console().print(table)
