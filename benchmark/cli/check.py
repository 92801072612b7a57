"""`quotebench check`: gate a result on minimum scores and on significant drops from a baseline."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmark.errors import CheckFailed, UsageError


def check(
    result: Path = typer.Argument(..., help="A score JSON or a leaderboard file."),
    minimum: list[str] = typer.Option(
        [], "--min", help="KEY=VALUE lower bound, VALUE in [0, 1]; repeatable."
    ),
    system: str | None = typer.Option(
        None, "--system", help="Entry to read from a leaderboard file (result or baseline)."
    ),
    track: str = typer.Option(
        "e2e", "--track", help="Track of the leaderboard entry: e2e or attribution."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Reference result (score JSON or leaderboard) to compare with."
    ),
    max_drop: str | None = typer.Option(
        None,
        "--max-drop",
        help="Largest tolerated drop from the baseline, in [0, 1]; fails only when the drop "
        "is also significant (paired bootstrap, p < 0.05). Checks every --min key, or the "
        "headline metric when there is none.",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the paired bootstrap."),
    summary_md: str | None = typer.Option(
        None, "--summary-md", help="Append a markdown summary here; empty: no summary."
    ),
) -> None:
    """Exit 0 when every bound holds, 1 when one fails, 2 on invalid input."""
    from benchmark import gate
    from benchmark.jsonl import append_text
    from benchmark.results.io import read_result

    if (baseline is None) != (max_drop is None):
        raise UsageError("--baseline and --max-drop go together")
    drop = gate.unit_number(max_drop, "--max-drop") if max_drop is not None else None
    bounds = [gate.parse_bound(text) for text in minimum]
    if not bounds and baseline is None:
        raise UsageError("give at least one --min KEY=VALUE, or --baseline with --max-drop")
    summary = Path(summary_md) if summary_md else None
    current = read_result(result, system, track)
    reference = read_result(baseline, system, track) if baseline else None
    verdicts = gate.evaluate(current, bounds, reference, drop, seed, baseline_source=str(baseline))
    if summary is not None:
        append_text(
            summary, gate.summary_markdown(verdicts, current.system.name, current.signature)
        )
    for verdict in verdicts:
        mark = "ok  " if verdict.passed else "FAIL"
        bound = "" if verdict.bound is None else f" (min {verdict.bound:g})"
        typer.echo(
            f"{mark} {verdict.key} = {verdict.value:.4f}{bound} "
            f"{'' if verdict.passed else verdict.reason}".rstrip()
        )
    typer.echo(current.signature)
    failed = [v for v in verdicts if not v.passed]
    if failed:
        raise CheckFailed(
            f"{len(failed)} of {len(verdicts)} bounds failed: "
            + "; ".join(v.reason for v in failed)
        )
