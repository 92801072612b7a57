"""`quotebench data build|import|fetch|validate|stats|agreement`: make, get, check and describe gold data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from benchmark.errors import CheckFailed, InputError, UsageError

if TYPE_CHECKING:
    from benchmark.data.agreement import Agreement
    from benchmark.data.fingerprint import DatasetInfo
    from benchmark.data.stats import DatasetStats

app = typer.Typer(
    help="Build, import, fetch, validate and describe gold data.", no_args_is_help=True
)

MAX_PROBLEMS = 20
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]


@app.command("build")
def build(
    sources: Annotated[
        Path | None, typer.Option("--sources", help="Source folder [default: data/core/sources].")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder [default: data/core].")
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 if the files differ from a fresh build."
        ),
    ] = False,
) -> None:
    """Compile the core YAML sources into SPLIT.jsonl files and the README.md data card."""
    from benchmark.data import core
    from benchmark.paths import data_root

    sources = sources or data_root() / "core" / "sources"
    out = out or data_root() / "core"
    if not sources.is_dir():
        raise InputError(sources, None, None, "source folder not found")
    result, files = core.render(sources)
    sizes = ", ".join(f"{split} {len(articles)}" for split, articles in result.splits.items())
    if check:
        differ = core.stale(out, files)
        if differ:
            names = ", ".join(differ)
            raise CheckFailed(
                f"{names} in {out} differ from a fresh build: run `quotebench data build`"
            )
        typer.echo(f"{out}: up to date ({sizes} articles)")
        return
    core.write(out, files)
    typer.echo(f"wrote {', '.join(files)} to {out} ({sizes} articles)")


@app.command("import")
def import_corpus(
    name: Annotated[str, typer.Argument(help="A registered dataset (`quotebench datasets`).")],
    src_dir: Annotated[Path, typer.Argument(help="A checkout of the dataset's source repository.")],
    out_dir: Annotated[Path, typer.Argument(help="Where SPLIT.jsonl and README.md go.")],
    force: Annotated[
        bool, typer.Option("--force", help="Write into the bundled data directory anyway.")
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Convert a corpus checkout into OUT_DIR/SPLIT.jsonl plus a dataset card."""
    from benchmark.data.registry import get_spec
    from benchmark.paths import data_root

    run_import = get_spec(name).load_importer()
    bundled = (data_root() / "core").resolve()
    target = out_dir.resolve()
    if not force and (target == bundled or bundled in target.parents):
        raise UsageError(
            f"{out_dir} is the bundled core corpus; import elsewhere (or pass --force)"
        )
    if not src_dir.is_dir():
        raise InputError(src_dir, None, None, "not a directory (give the corpus checkout)")
    for split in run_import(src_dir, out_dir, quiet=quiet):
        n_gold = sum(len(doc.attributions) for doc in split.documents)
        path = out_dir / f"{split.name}.jsonl"
        typer.echo(f"{path}: {len(split.documents)} articles, {n_gold} attributions")


@app.command("fetch")
def fetch(
    name: Annotated[str, typer.Argument(help="A registered dataset (`quotebench datasets`).")],
    checkout: Annotated[
        Path | None,
        typer.Option("--from", help="Import this local checkout instead of downloading."),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Download the pinned source (or take --from PATH), check every file against the shipped
    manifest, import it into the user data directory and check the expected counts."""
    from benchmark.data.fetch import fetch as run_fetch
    from benchmark.data.loading import registered_dir
    from benchmark.data.manifest import folders
    from benchmark.data.registry import get_spec

    spec = get_spec(name)
    result = run_fetch(spec, registered_dir(spec.name), checkout=checkout, quiet=quiet)
    for warning in result.warnings:
        typer.echo(f"quotebench: warning: {warning}", err=True)
    typer.echo(f"{result.name}: imported from {result.origin} into {result.target}")
    for split in result.splits:
        typer.echo(
            f"  {split.name}: {split.documents:,} articles, {split.attributions:,} attributions"
        )
    for split in result.absent_splits:
        typer.echo(f"  {split}: not in the source (a held-out portion): not imported")
    if result.absent_files:
        n = len(result.absent_files)
        typer.echo(
            f"  {n} manifest file{'s' if n > 1 else ''} absent: {folders(result.absent_files)}"
        )


@app.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="A gold JSONL file.")]) -> None:
    """Check the schema and every span; exit 2 with FILE:LINE: field: message lines when invalid."""
    from benchmark.data.loading import load_documents
    from benchmark.validation import validate_documents

    problems = list(validate_documents(file))
    if problems:
        for problem in problems[:MAX_PROBLEMS]:
            typer.echo(str(InputError(file, problem.line, problem.field, problem.message)))
        if len(problems) > MAX_PROBLEMS:
            typer.echo(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise InputError(file, None, None, f"invalid: {count}")
    info = load_documents(file).info
    typer.echo(
        f"{file}: valid, {info.n_docs} articles, {info.n_gold} attributions "
        f"({info.name}/{info.split}, sha256 {info.sha256[:12]})"
    )


@app.command("stats")
def stats(
    file_or_name: Annotated[
        str,
        typer.Argument(
            help="A registered dataset, a directory of SPLIT.jsonl files, or a .jsonl file."
        ),
    ],
    split: Annotated[str | None, typer.Option("--split", help="One split [default: all].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Articles, attributions, types, speaker mention kinds and quotes per article."""
    import json

    from benchmark.data.loading import available_splits, load_documents
    from benchmark.data.stats import dataset_stats

    single = file_or_name.endswith(".jsonl") or split is not None
    names = [split] if single else available_splits(file_or_name)
    if not names:
        raise InputError(file_or_name, None, None, "no SPLIT.jsonl files here")
    sets = [load_documents(file_or_name, name) for name in names]
    results = {gold.info.split: (gold.info, dataset_stats(gold.docs)) for gold in sets}
    if as_json:
        payload = {
            s: {"dataset": info.name, "sha256": info.sha256, **st.to_json()}
            for s, (info, st) in results.items()
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    _print_stats(results)


@app.command("agreement")
def agreement(
    directory: Annotated[
        Path, typer.Argument(help="An imported PolNeAR folder (SPLIT.jsonl with alternatives).")
    ],
    card: Annotated[
        bool,
        typer.Option("--card", help="Write the result into DIR/README.md as the human ceiling."),
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Pairwise agreement between annotators on multiply annotated articles, with the scorer."""
    from benchmark.data import agreement as agree
    from benchmark.data.card import with_agreement
    from benchmark.data.loading import available_splits, load_documents
    from benchmark.jsonl import write_text

    if not directory.is_dir():
        raise InputError(directory, None, None, "not a directory")
    splits = {s: load_documents(directory, s).docs for s in available_splits(directory)}
    results = [agree.agreement(name, docs, quiet=quiet) for name, docs in splits.items()]
    everything = [doc for docs in splits.values() for doc in docs]
    results.append(agree.agreement("all", everything, quiet=quiet))
    if results[-1].articles == 0:
        raise InputError(directory, None, None, "no article has alternative annotations")
    if card:
        readme = directory / "README.md"
        old = readme.read_text(encoding="utf-8") if readme.is_file() else ""
        write_text(readme, with_agreement(old, agree.ceiling_section(results)))
        typer.echo(f"wrote the human ceiling into {readme}")
    _print_agreement(results)


def _print_stats(results: dict[str, tuple[DatasetInfo, DatasetStats]]) -> None:
    from rich.console import Console
    from rich.table import Table

    splits = list(results)
    table = Table(title=results[splits[0]][0].name, title_justify="left")
    table.add_column("")
    for split in splits:
        table.add_column(split, justify="right")
    data = {s: results[s][1] for s in splits}
    first = data[splits[0]]
    rows: list[tuple[str, list[object]]] = [
        ("articles", [d.articles for d in data.values()]),
        ("attributions", [d.attributions for d in data.values()]),
    ]
    rows += [(f"type: {t}", [d.by_type[t] for d in data.values()]) for t in first.by_type]
    rows += [
        (f"speaker: {k}", [d.by_mention_kind[k] for d in data.values()])
        for k in first.by_mention_kind
    ]
    rows += [
        ("quotes per article, mean", [d.quotes_per_article_mean for d in data.values()]),
        ("quotes per article, median", [d.quotes_per_article_median for d in data.values()]),
        ("quotes per article, max", [d.quotes_per_article_max for d in data.values()]),
        ("sha256", [results[s][0].sha256[:12] for s in splits]),
    ]
    for label, values in rows:
        table.add_row(label, *(f"{v:g}" if isinstance(v, float) else str(v) for v in values))
    Console().print(table)


def _print_agreement(results: list[Agreement]) -> None:
    from rich.console import Console
    from rich.table import Table

    from benchmark.data.agreement import METRICS

    table = Table(title="Inter-annotator agreement (ordered pairs, pooled)", title_justify="left")
    for name in ["split", "articles", "pairs", *METRICS]:
        table.add_column(name, justify="left" if name == "split" else "right")
    for r in results:
        values = (f"{r.metrics[k]:.3f}" if r.metrics else "-" for k in METRICS)
        table.add_row(r.name, str(r.articles), str(r.pairs), *values)
    Console().print(table)
