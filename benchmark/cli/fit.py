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
    from baselines.protocol import Trainable
    from benchmark.data.loading import load_documents
    from benchmark.errors import UsageError
    from benchmark.systems.registry import resolve_system
    from benchmark.validation import read_documents

    if dataset and train:
        raise UsageError("give --dataset or --train, not both")
    attributor = resolve_system(system)
    if not isinstance(attributor, Trainable):
        raise UsageError(f"system '{system}' is not trainable")
    if dataset:
        docs = load_documents(dataset, "train").docs
    elif train:
        docs = read_documents(train)
    else:
        docs = attributor.default_training_data()
    attributor.fit(docs, quiet=quiet)
    typer.echo(f"fitted {system} on {len(docs)} articles")
