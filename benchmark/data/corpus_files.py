"""A corpus's full list of files, read from its manifest, and the split rule by position in it.

LitBank and French LitBank put a text in a split by its position in the sorted list of all
the corpus's files. A copy that lacks some of them (a held-out portion) must still put every
text it has where the full corpus puts it, so the list comes from the dataset's manifest
(path, size and sha256 of every file at the pinned commit), never from the files present.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmark.data.registry import DatasetSpec, manifest_path
from benchmark.errors import InputError
from benchmark.paths import shared_root

MANIFESTS_VARIABLE = "QUOTEBENCH_MANIFESTS"


def find_manifest(spec: DatasetSpec) -> Path | None:
    """The spec's manifest in the first of `manifest_dirs()` that has it."""
    if spec.source is None:
        return None
    for folder in manifest_dirs(spec):
        if (folder / spec.source.manifest).is_file():
            return folder / spec.source.manifest
    return None


def manifest_dirs(spec: DatasetSpec) -> list[Path]:
    """Where manifests are looked for: $QUOTEBENCH_MANIFESTS (a folder of NAME.tsv, for another
    version of a corpus), then benchmark/data/manifests/, then ../shared/corpora/manifests."""
    shipped = manifest_path(spec)
    chosen = os.environ.get(MANIFESTS_VARIABLE)
    return [
        *([Path(chosen)] if chosen else []),
        *([shipped.parent] if shipped is not None else []),
        shared_root() / "corpora" / "manifests",
    ]


def corpus_names(
    spec: DatasetSpec, folder: str, suffix: str, present: Sequence[Path], *, quiet: bool = False
) -> list[str]:
    """Sorted names (file names without `suffix`) of the corpus's files in `folder` (relative
    to the checkout root), from the manifest. Without a manifest: the names of the files
    `present`, with a warning, since positions then depend on which files the copy has. A
    present file the manifest does not list is an InputError: its position is unknown."""
    names = {path.name.removesuffix(suffix): path for path in present}
    manifest = find_manifest(spec)
    if manifest is None:
        if not quiet:
            print(
                f"quotebench: warning: no manifest {spec.source.manifest if spec.source else ''}"
                f" for {spec.name}: splits follow the files present, which matches the"
                " published splits only for a complete copy",
                file=sys.stderr,
            )
        return sorted(names)
    listed = manifest_files(manifest, f"{folder.rstrip('/')}/", suffix)
    for name in sorted(set(names) - set(listed)):
        raise InputError(names[name], None, None, f"not listed in the manifest {manifest}")
    return sorted(listed)


def manifest_files(manifest: Path, prefix: str, suffix: str) -> list[str]:
    """Names (without prefix and suffix) of the manifest's files directly under `prefix`."""
    names = []
    for lineno, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise InputError(manifest, lineno, "path", "expected PATH<TAB>SIZE<TAB>SHA256")
        rest = fields[0].removeprefix(prefix)
        if rest != fields[0] and "/" not in rest and rest.endswith(suffix):
            names.append(rest.removesuffix(suffix))
    return names


def position_split(position: int, period: int) -> str:
    """The split of the file at `position` (from 1) in the sorted list: every `period`-th is
    test, the one after each test file (and the first) dev, the others train."""
    if position % period == 0:
        return "test"
    return "dev" if position % period == 1 else "train"
