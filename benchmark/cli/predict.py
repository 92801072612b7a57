"""`quotebench predict`: run one system on a gold file and write its predictions as JSONL."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmark.errors import UsageError


def predict(
    system: str = typer.Argument(
        ..., help="A name from `quotebench systems`, cmd:COMMAND or file:PRED.jsonl."
    ),
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL: the articles to run on."),
    out: Path = typer.Option(..., "--out", help="Where to write the predictions (JSONL)."),
    train: Path | None = typer.Option(
        None, "--train", help="Gold JSONL to fit a trainable system on first."
    ),
    gold_quotes: bool = typer.Option(
        False, "--gold-quotes", help="Attribution track: hand the system the gold quote spans."
    ),
    timeout: float = typer.Option(
        600.0, "--timeout", help="Seconds a cmd: system may take per batch."
    ),
    name: str | None = typer.Option(
        None, "--name", help="Display name of a cmd: or file: system (default: SYSTEM itself)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Predict attributions (or, with --gold-quotes, the speakers of the gold quotes).

    A trainable system is fitted first, on --train or else on its own default training data
    (a system that caches its fitted model, like `learned`, does not retrain)."""
    from benchmark.documents import canonical_json
    from benchmark.jsonl import write_jsonl
    from benchmark.systems import resolve_system, run_system
    from benchmark.systems.registry import with_name
    from benchmark.systems.training import fit_system
    from benchmark.validation import read_documents

    attributor = resolve_system(with_name(system, name), timeout=timeout)
    docs = read_documents(gold)
    # as `quotebench run` does: --train, else the system's own data
    if fit_system(attributor, train, quiet=quiet) is None and train is not None:
        raise UsageError(f"system {system!r} is not trainable; drop --train")
    predictions = run_system(attributor, docs, "attribution" if gold_quotes else "e2e", quiet=quiet)
    write_jsonl(out, (canonical_json(p) for p in predictions))
    if not quiet:
        found = sum(len(p.attributions) for p in predictions)
        typer.echo(
            f"{attributor.name}: {found} attributions in {len(predictions)} articles -> {out}",
            err=True,
        )
