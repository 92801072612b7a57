"""`quotebench check`: gate a result on minimum scores and on significant drops from a baseline."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmark.errors import CheckFailed, UsageError


def check(
    result: Path = typer.Argument(..., help="A score JSON or a leaderboard file."),
    minimum: list[str] = typer.Option([], "--min", help="KEY=VALUE lower bound; repeatable."),
    system: str | None = typer.Option(
        None, "--system", help="Entry to check in a leaderboard file."
    ),
    track: str = typer.Option(
        "e2e", "--track", help="Track of the leaderboard entry: e2e or attribution."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Reference result to compare with."
    ),
    max_drop: float | None = typer.Option(
        None, "--max-drop", help="Largest tolerated significant drop."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the paired bootstrap."),
    summary_md: Path | None = typer.Option(
        None, "--summary-md", help="Append a markdown summary here."
    ),
) -> None:
    """Exit 0 when every bound holds, 1 when one fails, 2 on invalid input."""
    from benchmark import gate
    from benchmark.jsonl import append_text

    if (baseline is None) != (max_drop is None):
        raise UsageError("--baseline and --max-drop go together")
    bounds = [gate.parse_bound(text) for text in minimum]
    if not bounds:
        raise UsageError("give at least one --min KEY=VALUE")
    current = gate.load_result(result, system, track)
    reference = gate.load_result(baseline, system, track) if baseline else None
    verdicts = gate.evaluate(current, bounds, reference, max_drop, seed)
    if summary_md is not None:
        append_text(summary_md, gate.summary_markdown(verdicts, system or result.name))
    for verdict in verdicts:
        mark = "ok  " if verdict.passed else "FAIL"
        typer.echo(
            f"{mark} {verdict.key} = {verdict.value:.4f} (min {verdict.bound:g}) {'' if verdict.passed else verdict.reason}"
        )
    failed = [v for v in verdicts if not v.passed]
    if failed:
        raise CheckFailed(
            f"{len(failed)} of {len(verdicts)} bounds failed: "
            + "; ".join(v.reason for v in failed)
        )
