"""The dataset registry: one frozen DatasetSpec per dataset, looked up lazily by name.

Each spec lives beside its importer (`SPEC` in the importer's module) and is listed here by
module path only, so looking one up imports that module and nothing else. Installed packages
may add datasets through the entry-point group `quotebench.datasets` (an object that is a
DatasetSpec). An unknown name is a usage error with the closest registered names.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from benchmark.errors import UsageError

ENTRY_POINT_GROUP = "quotebench.datasets"
MANIFESTS_DIR = Path(__file__).resolve().parent / "manifests"

BUILTIN_SPECS: dict[str, str] = {
    "core": "benchmark.data.core:SPEC",
    "polnear": "benchmark.data.polnear:SPEC",
    "german-news-2024": "benchmark.data.german_news:SPEC",
    "litbank": "benchmark.data.litbank:SPEC",
    "fr-litbank": "benchmark.data.fr_litbank:SPEC",
    "pdnc": "benchmark.data.pdnc:SPEC",
    "quoteli3": "benchmark.data.quoteli3:SPEC",
}
"""Registered name -> "module:attribute" of its DatasetSpec."""


@dataclass(frozen=True)
class SplitSize:
    """Expected size of one split; None where the source does not say."""

    documents: int | None
    attributions: int | None


@dataclass(frozen=True)
class Source:
    """Where the pinned upstream copy comes from: `repository` is `OWNER/NAME` on GitHub."""

    repository: str
    commit: str
    manifest: str
    """File name of the manifest shipped in benchmark/data/manifests/ (path, size, sha256 of
    every file at the commit), or an absolute path."""


@dataclass(frozen=True)
class DatasetSpec:
    """What a dataset is, where it comes from and what an import of it must contain."""

    name: str
    title: str
    domain: str
    lang: str
    license: str
    """An SPDX identifier, or "unknown"."""
    citation: str
    """BibTeX."""
    homepage: str
    splits: Mapping[str, SplitSize]
    redistributable: bool = False
    source: Source | None = None
    importer: str | None = None
    """"module:function" called as function(src_dir, out_dir, quiet=...) -> list of splits
    (objects with `.name` and `.documents`); None for bundled data."""
    description: str = ""
    """One or two sentences: what the dataset measures and how hard it is."""
    human_ceiling: Mapping[str, float] = field(default_factory=dict)
    """Inter-annotator agreement under this project's scorer, by metric key (e2e_f1 ...),
    where the dataset has multiply annotated documents: drawn as a reference line."""
    slice_labels: tuple[str, ...] = ()
    """Label keys (`labels.KEY`) whose recall slices are this dataset's standard breakdown."""

    @property
    def split_names(self) -> tuple[str, ...]:
        return tuple(self.splits)

    def load_importer(self) -> Importer:
        if self.importer is None:
            raise UsageError(f"dataset '{self.name}' is bundled: there is nothing to import")
        return _attribute(self.importer)


class ImportedSplit(Protocol):
    name: str
    documents: Sequence[Any]


Importer = Callable[..., Sequence[ImportedSplit]]


def write_import(out_dir: Path, splits: Sequence[ImportedSplit], card: str) -> None:
    """What every importer writes: OUT_DIR/SPLIT.jsonl (canonical lines) and the card
    OUT_DIR/README.md, each atomically."""
    from benchmark.documents import canonical_json
    from benchmark.jsonl import write_jsonl, write_text

    for split in splits:
        write_jsonl(out_dir / f"{split.name}.jsonl", (canonical_json(d) for d in split.documents))
    write_text(out_dir / "README.md", card)


def names() -> list[str]:
    """Every registered dataset name, built-ins first in registration order."""
    return [*BUILTIN_SPECS, *sorted(set(_plugins()) - set(BUILTIN_SPECS))]


def get_spec(name: str) -> DatasetSpec:
    """The spec registered under `name`; UsageError with close names when there is none."""
    if name in BUILTIN_SPECS:
        return _attribute(BUILTIN_SPECS[name])
    plugins = _plugins()
    if name in plugins:
        spec = plugins[name].load()
        if not isinstance(spec, DatasetSpec):
            raise UsageError(f"entry point '{name}' in {ENTRY_POINT_GROUP} is not a DatasetSpec")
        return spec
    raise unknown_dataset(name)


def unknown_dataset(name: str, *, also: str = "") -> UsageError:
    """The error for a name nobody registered, with the closest registered names."""
    close = difflib.get_close_matches(name, names(), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return UsageError(f"unknown dataset '{name}'{hint} (registered: {', '.join(names())}){also}")


def is_registered(name: str) -> bool:
    return name in BUILTIN_SPECS or name in _plugins()


def specs() -> list[DatasetSpec]:
    return [get_spec(name) for name in names()]


def manifest_path(spec: DatasetSpec) -> Path | None:
    """The manifest shipped in benchmark/data/manifests/; an absolute `Source.manifest` is used
    as it is (a plugin's own manifest, or a test's)."""
    if spec.source is None:
        return None
    given = Path(spec.source.manifest)
    return given if given.is_absolute() else MANIFESTS_DIR / given


@cache
def _plugins() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _attribute(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)
