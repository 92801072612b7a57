"""Find and load gold data by name or path: as Documents for the harness, as `datasets` for users.

`name_or_path` is a registered dataset name (`core`: the bundled corpus; any other: its
imported copy in the user data directory, DATASETS/NAME, put there by `quotebench data fetch
NAME`), a directory of SPLIT.jsonl files, or one .jsonl file. A name is only looked up in the
registry when given as a string: a Path, or `./NAME`, always means a folder. Every load carries the data's fingerprint (DatasetInfo: name,
split, sha256 of the canonical JSONL bytes, counts), so results can say what they scored.

`load()` returns `datasets` objects with explicit Features; `meta` is a JSON string column
(free-form metadata, `json.loads(row["meta"])`) and the fingerprint is the JSON text of
`dataset.info.description` (read it back with `gold_info(dataset)`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmark.data.fingerprint import DatasetInfo, dataset_info
from benchmark.documents import Document
from benchmark.errors import UsageError
from benchmark.validation import read_documents

if TYPE_CHECKING:
    import datasets

BUNDLED = "core"
"""The one registered dataset that ships with quotebench instead of being fetched."""


@dataclass(frozen=True)
class GoldSet:
    """One split of gold data as the harness uses it."""

    docs: list[Document]
    info: DatasetInfo
    path: Path


def load_documents(name_or_path: str | Path, split: str | None = None) -> GoldSet:
    """Read and validate one split: `core` + split, DIR + split, or a .jsonl file (any split
    given with a file is ignored: name and split then come from the file itself)."""
    path = split_path(name_or_path, split)
    docs = read_documents(path)
    name, file_split = dataset_name(docs, path)
    return GoldSet(docs=docs, info=dataset_info(docs, name, file_split), path=path)


def load(
    name_or_path: str | Path, split: str | None = None
) -> datasets.Dataset | datasets.DatasetDict:
    """A `datasets.Dataset` for one split, or a `DatasetDict` of every split when none is given."""
    import datasets

    if split is None and not _is_file(name_or_path):
        splits = available_splits(name_or_path)
        return datasets.DatasetDict({s: _dataset(load_documents(name_or_path, s)) for s in splits})
    return _dataset(load_documents(name_or_path, split))


def gold_info(dataset: datasets.Dataset) -> DatasetInfo:
    """The fingerprint that `load()` attached to a dataset."""
    return DatasetInfo(**json.loads(dataset.info.description))


def split_path(name_or_path: str | Path, split: str | None) -> Path:
    """The JSONL file of one split; UsageError when it cannot be found."""
    if _is_file(name_or_path):
        return Path(name_or_path)
    directory = dataset_dir(name_or_path)
    if split is None:
        raise UsageError(
            f"give a split for '{name_or_path}': one of {', '.join(available_splits(name_or_path))}"
        )
    path = directory / f"{split}.jsonl"
    if not path.is_file():
        raise UsageError(
            f"no split '{split}' in {directory}: found "
            f"{', '.join(available_splits(name_or_path)) or 'none'}"
        )
    return path


def available_splits(name_or_path: str | Path) -> list[str]:
    """The splits of a named dataset or directory: train, dev, test first, then the others."""
    order = {"train": 0, "dev": 1, "test": 2}
    stems = [p.stem for p in dataset_dir(name_or_path).glob("*.jsonl")]
    return sorted(stems, key=lambda s: (order.get(s, len(order)), s))


def dataset_dir(name_or_path: str | Path) -> Path:
    """The folder of a registered name (UsageError with the fetch command when it is not
    there yet) or a directory given by path."""
    from benchmark.data.registry import is_registered, unknown_dataset

    if isinstance(name_or_path, str) and is_registered(name_or_path):
        directory = registered_dir(name_or_path)
        if not is_available(directory):
            raise UsageError(
                f"dataset '{name_or_path}' is not in {directory}: get it with "
                f"`quotebench data fetch {name_or_path}`"
            )
        return directory
    path = Path(name_or_path)
    if path.is_dir():
        return path
    raise unknown_dataset(
        str(name_or_path), also="; or give a directory of SPLIT.jsonl files or a .jsonl file"
    )


def registered_dir(name: str) -> Path:
    """Where a registered dataset lives locally, whether or not it is there: the bundled copy
    for `core`, DATASETS/NAME (the user data directory) for every other dataset."""
    from benchmark import paths

    if name == BUNDLED:
        return paths.data_root() / name
    return paths.datasets_root() / name


def is_available(directory: Path) -> bool:
    """A dataset folder counts as there when it holds at least one SPLIT.jsonl file."""
    return directory.is_dir() and any(directory.glob("*.jsonl"))


def dataset_name(docs: Sequence[Document], path: Path) -> tuple[str, str]:
    """(name, split): from ids NAME/SPLIT/... when all share them, else the parent dir and stem."""
    return id_prefix(docs) or (path.resolve().parent.name, path.stem)


def id_prefix(docs: Sequence[Document]) -> tuple[str, str] | None:
    """(NAME, SPLIT) when every article id starts NAME/SPLIT/ with the same two parts."""
    prefixes = {tuple(doc.id.split("/")[:2]) for doc in docs if doc.id.count("/") >= 2}
    if len(prefixes) == 1 and all(doc.id.count("/") >= 2 for doc in docs):
        name, split = prefixes.pop()
        return name, split
    return None


def features() -> datasets.Features:
    """The explicit schema of a loaded split (data/README.md documents each column)."""
    from datasets import Features, Sequence, Value

    spans = Sequence(Sequence(Value("int32")))
    attribution = {
        "id": Value("string"),
        "quote": spans,
        "speaker": spans,
        "speaker_id": Value("string"),
        "cue": spans,
        "type": Value("string"),
    }
    speaker = {"id": Value("string"), "name": Value("string"), "aliases": Sequence(Value("string"))}
    return Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "meta": Value("string"),
            "speakers": [speaker],
            "attributions": [attribution],
            "alternatives": [{"annotator": Value("string"), "attributions": [attribution]}],
        }
    )


def _dataset(gold: GoldSet) -> datasets.Dataset:
    import datasets

    schema = features()
    info = datasets.DatasetInfo(description=json.dumps(gold.info.to_json()), features=schema)
    rows = [_row(doc) for doc in gold.docs]
    return datasets.Dataset.from_list(rows, features=schema, info=info, split=gold.info.split)


def _row(doc: Document) -> dict[str, Any]:
    row = doc.model_dump()
    row["meta"] = json.dumps(doc.meta, ensure_ascii=False, sort_keys=True)
    return row


def _is_file(name_or_path: str | Path) -> bool:
    return str(name_or_path).endswith(".jsonl")
