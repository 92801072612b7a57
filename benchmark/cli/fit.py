"""`quotebench fit`: train a trainable system now (and cache it), instead of on first use."""

from __future__ import annotations

from pathlib import Path

import typer


def fit(
    system: str = typer.Argument(..., help="A trainable system, e.g. 'learned'."),
    train: Path | None = typer.Option(
        None, "--train", help="Training JSONL (default: the system's own choice)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Train SYSTEM with a progress bar; the fitted model is cached for later runs."""
    from benchmark.errors import UsageError
    from benchmark.systems.registry import resolve_system
    from benchmark.systems.training import fit_system

    trained = fit_system(resolve_system(system), train, quiet=quiet)
    if trained is None:
        raise UsageError(f"system '{system}' is not trainable")
    typer.echo(f"fitted {system} on {trained['dataset']}/{trained['split']}")
