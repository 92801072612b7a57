"""`quotebench run`: every system on both tracks of one dataset split, into its leaderboard."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmark.errors import UsageError


def run(
    dataset: str = typer.Option(
        "core",
        "--dataset",
        help="A registered dataset (quotebench datasets), a directory of SPLIT.jsonl, or a .jsonl file.",
    ),
    split: str = typer.Option("test", "--split", help="Split to evaluate on."),
    systems: str | None = typer.Option(
        None,
        "--systems",
        help="Comma-separated system names, NAME=cmd:... or NAME=file:... (default: every baseline).",
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
    name: str | None = typer.Option(
        None,
        "--name",
        help="Display name of the one cmd: or file: system in --systems (or write NAME=cmd:...).",
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress output."),
) -> None:
    """Predict and score each system (e2e and attribution tracks) and update the leaderboard."""
    from benchmark.cli.leaderboard import print_board
    from benchmark.runner import RunSpec
    from benchmark.runner import run as run_benchmark

    names = system_names(systems, name)
    board = run_benchmark(RunSpec(dataset, split, names, leaderboard, seed, train, timeout, quiet))
    print_board(board)


def system_names(systems: str | None, name: str | None) -> tuple[str, ...]:
    """The --systems list (every built-in when not given), with --name applied; an empty list
    or one display name twice is a usage error."""
    from benchmark.systems.registry import BUILTINS, display_name, with_name

    if systems is None:
        if name is not None:
            raise UsageError("--name names a cmd: or file: system given with --systems")
        return tuple(BUILTINS)
    names = tuple(n.strip() for n in systems.split(",") if n.strip())
    if not names:
        raise UsageError(f"--systems {systems!r} names no system")
    if name is not None:
        if len(names) != 1:
            raise UsageError(
                "--name needs exactly one system in --systems; write NAME=cmd:... instead"
            )
        names = (with_name(names[0], name),)
    shown = [display_name(n) for n in names]
    twice = next((n for n in shown if shown.count(n) > 1), None)
    if twice is not None:
        raise UsageError(f"--systems names {twice!r} twice")
    return names
