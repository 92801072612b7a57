"""`quotebench errors`: classify every gold and predicted attribution (missed, wrong speaker,
spurious, ...) so that the counts add up to the scorer's numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from benchmark.errors import UsageError


def errors(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (canonical document format)."),
    pred: Path = typer.Option(..., "--pred", help="Predictions JSONL, one line per article."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the classes as JSON here."),
    examples: int = typer.Option(3, "--examples", help="Examples shown per class."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Error classes with the flags that explain them, errors by cue, and examples."""
    from rich.console import Console

    from benchmark.analysis.errors import analyse_files
    from benchmark.jsonl import write_text

    if examples < 0:
        raise UsageError("--examples must be 0 or more")
    if json_out is not None and json_out.is_dir():
        raise UsageError(f"{json_out} is a directory, expected a file path")
    result = analyse_files(gold, pred, quiet=quiet).to_json(examples)
    if json_out is not None:
        write_text(json_out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    console = Console(width=None if Console().is_terminal else 120)
    for table in tables(result):
        console.print(table)
    for ex in result["examples"]:
        console.print(example_text(ex), highlight=False, markup=False)


def tables(result: dict[str, Any]) -> list:
    """Rich tables of the classes, the flags, and the 15 cues with most misses."""
    from rich.table import Table

    classes = Table(title="error classes", title_justify="left")
    for column in ("side", "class", "count"):
        classes.add_column(column, justify="right" if column == "count" else "left")
    for side in ("gold", "pred"):
        for cls, n in result[side].items():
            classes.add_row(side, cls, str(n))
    flags = Table(title="flags", title_justify="left")
    for column in ("class", "flag", "value", "count"):
        flags.add_column(column, justify="right" if column == "count" else "left")
    for cls, values in result["flags"].items():
        for flag, value in values.items():
            if isinstance(value, dict):
                for name, n in value.items():
                    flags.add_row(cls, flag, name, str(n))
            else:
                flags.add_row(cls, flag, "", str(value))
    cues = Table(title="by cue (most missed first)", title_justify="left")
    for column in ("cue", "n_gold", "correct", "wrong_speaker", "missed"):
        cues.add_column(column, justify="left" if column == "cue" else "right")
    for cue, row in list(result["by_cue"].items())[:15]:
        cues.add_row(cue, *(str(row[k]) for k in ("n_gold", "correct", "wrong_speaker", "missed")))
    return [classes, flags, cues]


def example_text(ex: dict[str, Any]) -> str:
    """An example as a few lines: class, article, annotations, the text around them."""
    lines = [f"\n{ex['class']} in {ex['article']}: {json.dumps(ex['flags'], ensure_ascii=False)}"]
    for side in ("gold", "pred"):
        att = ex[side]
        if att is not None:
            speaker = att["speaker"] if att["speaker"] is not None else att.get("speaker_name")
            lines.append(f"  {side}: {att['quote']!r} — speaker {speaker!r}")
    lines.append("  text: " + " ".join(ex["context"]["text"].split()))
    return "\n".join(lines)
