"""`quotebench run`: every system on both tracks of one dataset split, into its leaderboard."""

from __future__ import annotations

from pathlib import Path

import typer


def run(
    dataset: str = typer.Option(
        "core",
        "--dataset",
        help="A registered dataset (quotebench datasets), a directory of SPLIT.jsonl, or a .jsonl file.",
    ),
    split: str = typer.Option("test", "--split", help="Split to evaluate on."),
    systems: str | None = typer.Option(
        None, "--systems", help="Comma-separated system names (default: every baseline)."
    ),
    leaderboard: Path | None = typer.Option(
        None, "--leaderboard", help="Default: leaderboard/<dataset>-<split>.json."
    ),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    train: Path | None = typer.Option(
        None, "--train", help="Training JSONL for trainable systems."
    ),
    timeout: float = typer.Option(
        600.0, "--timeout", help="Seconds a cmd: system may take per batch."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress output."),
) -> None:
    """Predict and score each system (e2e and attribution tracks) and update the leaderboard."""
    from benchmark.cli.leaderboard import print_board
    from benchmark.runner import RunSpec
    from benchmark.runner import run as run_benchmark
    from benchmark.systems.registry import BUILTINS

    names = (
        tuple(n.strip() for n in systems.split(",") if n.strip()) if systems else tuple(BUILTINS)
    )
    board = run_benchmark(RunSpec(dataset, split, names, leaderboard, seed, train, timeout, quiet))
    print_board(board)
