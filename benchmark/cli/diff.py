"""`quotebench diff`: what system A gets right and B wrong, and the reverse, with the paired
bootstrap p-value of the difference."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from benchmark.errors import UsageError


def diff(
    a: Path = typer.Argument(..., help="Predictions JSONL of system A."),
    b: Path = typer.Argument(..., help="Predictions JSONL of system B."),
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL both were run on."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the diff as JSON here."),
    examples: int = typer.Option(3, "--examples", help="Examples shown each way."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
) -> None:
    """Counts of attributions found by one system only (e2e and lenient), B - A per metric with
    its 95% CI and p-value, and examples each way."""
    from rich.console import Console
    from rich.table import Table

    from benchmark.analysis.diff import SHOWN_METRICS, diff_files
    from benchmark.cli.errors import example_text
    from benchmark.jsonl import write_text

    if examples < 0:
        raise UsageError("--examples must be 0 or more")
    if json_out is not None and json_out.is_dir():
        raise UsageError(f"{json_out} is a directory, expected a file path")
    result = diff_files(gold, a, b, seed=seed).to_json(examples)
    if json_out is not None:
        write_text(json_out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    console = Console(width=None if Console().is_terminal else 120)
    found = Table(
        title=f"A = {result['a']}, B = {result['b']}: gold attributions found", title_justify="left"
    )
    for column in ("level", "A only", "B only", "both", "neither"):
        found.add_column(column, justify="left" if column == "level" else "right")
    for level, n in result["counts"].items():
        found.add_row(level, *(str(n[k]) for k in ("a_only", "b_only", "both", "neither")))
    console.print(found)
    paired = Table(title="B - A (paired bootstrap over articles)", title_justify="left")
    for column in ("metric", "A", "B", "diff", "95% CI", "p"):
        paired.add_column(column, justify="left" if column == "metric" else "right")
    for key in SHOWN_METRICS:
        c = result["compare"][key]
        lo, hi = c["ci95"]
        paired.add_row(
            key,
            f"{c['a']:.4f}",
            f"{c['b']:.4f}",
            f"{c['diff']:+.4f}",
            f"[{lo:+.4f}, {hi:+.4f}]",
            f"{c['p']:.3f}",
        )
    console.print(paired)
    for ex in result["examples"]:
        right, wrong = ("a", "b") if ex["direction"] == "a_only" else ("b", "a")
        for side in (right, wrong):
            console.print(
                example_text(
                    {
                        **ex,
                        "class": f"{side.upper()}: {ex[side]['class']}",
                        "pred": ex[side]["pred"],
                        "flags": ex[side]["flags"],
                    }
                ),
                highlight=False,
                markup=False,
            )
