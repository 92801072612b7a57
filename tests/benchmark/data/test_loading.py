from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from gold_fixtures import document, write_gold, write_splits

from benchmark.data import GoldSet, gold_info, load, load_documents
from benchmark.data.fingerprint import fingerprint
from benchmark.data.loading import dataset_name, features
from benchmark.errors import InputError, UsageError
from benchmark.paths import data_root


def test_directory_and_split(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"train": 2, "test": 1})
    gold = load_documents(tmp_path / "toy", "train")
    assert isinstance(gold, GoldSet)
    assert gold.path == tmp_path / "toy" / "train.jsonl"
    assert (gold.info.name, gold.info.split, gold.info.n_docs, gold.info.n_gold) == (
        "toy",
        "train",
        2,
        8,
    )
    assert gold.info.sha256 == fingerprint(gold.docs)


def test_file_form_needs_no_split(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "anything.jsonl", [document("toy/dev/1")])
    gold = load_documents(path)
    assert (gold.info.name, gold.info.split) == ("toy", "dev")
    assert gold.docs[0].attributions[2].quote == document().attributions[2].quote


def test_name_and_split_fall_back_to_folder_and_stem(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "mine" / "sample.jsonl", [document("a1"), document("a2")])
    assert dataset_name(load_documents(path).docs, path) == ("mine", "sample")
    mixed = [document("x/test/1"), document("y/test/2")]
    assert dataset_name(mixed, path) == ("mine", "sample")


def test_core_name_resolves_under_the_bundled_data_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_splits(tmp_path / "core", name="core", sizes={"dev": 1})
    monkeypatch.setattr("benchmark.paths.data_root", lambda: tmp_path)
    assert load_documents("core", "dev").info.name == "core"


def test_unknown_names_and_splits_are_usage_errors(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"test": 1})
    with pytest.raises(UsageError, match="unknown dataset 'nope'"):
        load_documents("nope", "test")
    with pytest.raises(UsageError, match="no split 'dev'.*found test"):
        load_documents(tmp_path / "toy", "dev")
    with pytest.raises(UsageError, match="give a split"):
        load_documents(tmp_path / "toy")
    with pytest.raises(InputError, match="file not found"):
        load_documents(tmp_path / "missing.jsonl")


def test_invalid_gold_is_located(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "bad.jsonl", [document("t/x/1")])
    row = json.loads(path.read_text(encoding="utf-8"))
    row["attributions"][0]["speaker_id"] = "nobody"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_documents(path)
    assert (caught.value.line, caught.value.field) == (1, "attributions.0.speaker_id")


def test_load_one_split_has_explicit_features_and_the_fingerprint(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"train": 2, "test": 1})
    ds = load(tmp_path / "toy", "train")
    assert ds.features == features()
    assert ds.num_rows == 2
    assert "quote: list<item: list<item: int32>>" in str(ds.data.schema.field("attributions").type)
    row = ds[0]
    assert json.loads(row["meta"]) == {"source": "toy", "title": "Volkov: We will not slow down"}
    assert row["attributions"][2]["quote"] == [
        list(span) for span in document().attributions[2].quote
    ]
    assert row["attributions"][0]["cue"] is None
    assert row["speakers"] == [{"id": "volkov", "name": "Arkady Volkov", "aliases": ["Volkov"]}]
    assert gold_info(ds) == load_documents(tmp_path / "toy", "train").info


def test_load_without_split_is_a_dataset_dict(tmp_path: Path) -> None:
    write_splits(tmp_path / "toy", sizes={"test": 1, "train": 2, "extra": 1})
    splits = load(str(tmp_path / "toy"))
    assert list(splits) == ["train", "test", "extra"]
    assert {name: ds.num_rows for name, ds in splits.items()} == {"train": 2, "test": 1, "extra": 1}
    assert gold_info(splits["test"]).split == "test"


def test_load_a_file(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "one.jsonl", [document("toy/dev/1")])
    ds = load(path)
    assert ds.num_rows == 1 and gold_info(ds).split == "dev"


def test_datasets_is_imported_lazily() -> None:
    code = "import sys, benchmark.data; print('datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


CORE_TEST = data_root() / "core" / "test.jsonl"


@pytest.mark.skipif(
    not CORE_TEST.is_file(), reason=f"{CORE_TEST} not built yet (quotebench data build)"
)
def test_load_core_test() -> None:
    ds = load("core", "test")
    gold = load_documents("core", "test")
    assert ds.features == features()
    assert ds.num_rows == len(gold.docs) > 0
    assert gold_info(ds) == gold.info
    assert (gold.info.name, gold.info.split) == ("core", "test")
