"""`quotebench datasets`: every registered dataset, its sizes, and whether it is here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from benchmark.data.registry import DatasetSpec


def datasets(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the registered datasets: domain, language, licence, expected split sizes
    (documents / attributions), what each measures, and where its local copy is."""
    import json

    from benchmark.data.registry import specs

    rows = [describe(spec) for spec in specs()]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    _print(rows)


def describe(spec: DatasetSpec) -> dict[str, Any]:
    """One dataset as `--json` prints it; `local` is null until the dataset is fetched."""
    from benchmark.data.loading import available_splits, is_available, registered_dir

    directory = registered_dir(spec.name)
    here = is_available(directory)
    return {
        "name": spec.name,
        "title": spec.title,
        "domain": spec.domain,
        "lang": spec.lang,
        "license": spec.license,
        "homepage": spec.homepage,
        "redistributable": spec.redistributable,
        "source": None
        if spec.source is None
        else {"repository": spec.source.repository, "commit": spec.source.commit},
        "splits": {
            name: {"documents": size.documents, "attributions": size.attributions}
            for name, size in spec.splits.items()
        },
        "description": spec.description,
        "human_ceiling": dict(spec.human_ceiling),
        "local": {"path": str(directory), "splits": available_splits(directory)} if here else None,
        "get": None if here else f"quotebench data fetch {spec.name}",
    }


def _print(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Registered datasets (documents / attributions per split)")
    for column in ("name", "domain", "lang", "licence", "splits"):
        table.add_column(column, no_wrap=True)
    table.add_column("local copy", overflow="fold")
    for row in rows:
        splits = "\n".join(
            f"{name} {_count(size['documents'])} / {_count(size['attributions'])}"
            for name, size in row["splits"].items()
        )
        local = row["local"]["path"] if row["local"] else f"not here: {row['get']}"
        table.add_row(row["name"], row["domain"], row["lang"], row["license"], splits, local)
    console = Console()
    console.print(table)
    for row in rows:
        console.print(f"[bold]{row['name']}[/bold]: {row['description']}", highlight=False)


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"
