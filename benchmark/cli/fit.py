"""`quotebench fit`: train a trainable system now (and cache it), instead of on first use."""

from __future__ import annotations

from pathlib import Path

import typer


def fit(
    system: str = typer.Argument(..., help="A trainable system, e.g. 'learned'."),
    dataset: str | None = typer.Option(
        None,
        "--dataset",
        help="Train on this dataset's train split: a registered name or a directory of "
        "SPLIT.jsonl files.",
    ),
    train: Path | None = typer.Option(
        None, "--train", help="Training JSONL (default: the system's own choice)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Train SYSTEM with a progress bar; the fitted model is cached for later runs."""
    from benchmark.data.loading import available_splits
    from benchmark.errors import UsageError
    from benchmark.systems.registry import resolve_system
    from benchmark.systems.training import fit_system

    if dataset and train:
        raise UsageError("give --dataset or --train, not both")
    if dataset and "train" not in available_splits(dataset):
        raise UsageError(f"dataset '{dataset}' has no train split")
    trained = fit_system(resolve_system(system), train, dataset=dataset, quiet=quiet)
    if trained is None:
        raise UsageError(f"system '{system}' is not trainable")
    typer.echo(f"fitted {system} on {trained['dataset']}/{trained['split']}")
