"""`quotebench score`: score one predictions file against its gold (rules: docs/scoring.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from benchmark.errors import UsageError

if TYPE_CHECKING:
    from benchmark.results import ScoreResult


def score(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (canonical document format)."),
    pred: Path = typer.Option(..., "--pred", help="Predictions JSONL, one line per article."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the full result JSON here."),
    system: str | None = typer.Option(
        None, "--system", help="System name (default: the predictions file's stem)."
    ),
    leaderboard: Path | None = typer.Option(
        None, "--leaderboard", help="Also record the result in this leaderboard file."
    ),
    track: str = typer.Option(
        "e2e", "--track", help="e2e, or attribution when the system was given the gold quotes."
    ),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    reference: bool = typer.Option(
        False,
        "--reference",
        help="The predictions were made with the gold quotes given: record a reference line.",
    ),
    slice_by: list[str] = typer.Option(
        [], "--slice-by", help="Also slice recall by a gold label: labels.KEY (repeatable)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Print metrics with 95% bootstrap CIs; nothing is written when an input is invalid."""
    from rich.console import Console

    from benchmark.jsonl import write_text
    from benchmark.scoring import TRACKS
    from benchmark.scoring.pipeline import score_files
    from benchmark.scoring.report import metrics_table, slices_table
    from benchmark.scoring.slices import label_slices

    if track not in TRACKS:
        raise UsageError(f"--track must be one of {', '.join(TRACKS)}, not '{track}'")
    for target in (json_out, leaderboard):
        if target is not None and target.is_dir():
            raise UsageError(f"{target} is a directory, expected a file path")
    try:
        slices = label_slices(slice_by)
    except ValueError as exc:
        raise UsageError(f"--slice-by: {exc}") from None
    scored = score_files(gold, pred, track=track, seed=seed, slice_by=slices, quiet=quiet)
    missing = scored.missing
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        print(
            f"quotebench: warning: {len(missing)} of {scored.info.n_docs} articles have no line "
            f"in {pred} and count as predicting nothing: {shown}",
            file=sys.stderr,
        )
    info = scored.info
    name, split = info.name, info.split
    system_name = system or pred.stem
    result = scored.report.to_result(info, {"name": system_name, "version": None})
    if leaderboard is not None:
        config = {
            "gold": str(gold),
            "pred": str(pred),
            "seed": seed,
            "given_gold_quotes": reference,
        }
        _record(leaderboard, result, system_name, config, reference)
    if json_out is not None:
        text = json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)
        write_text(json_out, text + "\n")
    console = Console()
    title = f"{system_name} on {name}/{split} ({track} track, {info.n_docs} articles)"
    console.print(metrics_table(scored.report, title=title))
    if scored.report.slices:
        console.print(slices_table(scored.report))
    console.print(result.signature, highlight=False, soft_wrap=True)


def _record(path: Path, result: ScoreResult, system: str, config: dict, reference: bool) -> None:
    from benchmark import leaderboard

    entry = leaderboard.make_entry(
        result,
        system=system,
        system_version=None,
        runtime_s=None,
        config=config,
        reference=reference,
    )
    leaderboard.record_entries(path, [(result, entry)])
