"""`quotebench systems`: what `predict` and `run` accept, one line each."""

from __future__ import annotations


def systems() -> None:
    """List the built-in baselines, installed plugins and the cmd:/file: patterns."""
    from rich.console import Console
    from rich.table import Table

    from benchmark.systems import available_systems

    table = Table("system", "description", box=None, header_style="bold")
    for name, description in available_systems():
        table.add_row(name, description)
    Console().print(table)
