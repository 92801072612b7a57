"""A registered name resolves to its copy in the user data directory; paths work as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import quotebench
from gold_fixtures import write_splits

from benchmark.data import load, load_documents
from benchmark.data.loading import available_splits, registered_dir
from benchmark.errors import UsageError
from benchmark.paths import data_root, datasets_root


@pytest.fixture
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "user-data"
    monkeypatch.setenv("QUOTEBENCH_DATA", str(root))
    return root


def test_quotebench_data_overrides_the_user_data_directory(user_data: Path) -> None:
    assert datasets_root() == user_data / "datasets"
    assert registered_dir("polnear") == user_data / "datasets" / "polnear"


def test_core_stays_the_bundled_copy_whatever_the_user_data_directory(user_data: Path) -> None:
    write_splits(user_data / "datasets" / "core", name="core", sizes={"test": 1})
    assert registered_dir("core") == data_root() / "core"
    assert load_documents("core", "test").info.n_docs > 1


def test_a_registered_name_reads_its_imported_copy(user_data: Path) -> None:
    write_splits(user_data / "datasets" / "polnear", name="polnear", sizes={"dev": 2})
    gold = load_documents("polnear", "dev")
    assert (gold.info.name, gold.info.split, gold.info.n_docs) == ("polnear", "dev", 2)
    assert gold.path == user_data / "datasets" / "polnear" / "dev.jsonl"
    assert available_splits("polnear") == ["dev"]
    assert list(load("polnear")) == ["dev"]


def test_a_missing_registered_dataset_names_the_command_that_gets_it(user_data: Path) -> None:
    with pytest.raises(UsageError, match=r"`quotebench data fetch polnear`") as error:
        load_documents("polnear", "dev")
    assert str(user_data / "datasets" / "polnear") in str(error.value)
    (user_data / "datasets" / "polnear").mkdir(parents=True)  # an empty folder is not a dataset
    with pytest.raises(UsageError, match="data fetch polnear"):
        load_documents("polnear", "dev")


def test_a_path_is_a_path_even_when_it_shares_a_registered_name(
    user_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_splits(tmp_path / "polnear", name="mine", sizes={"dev": 1})
    monkeypatch.chdir(tmp_path)
    assert load_documents(Path("polnear"), "dev").info.name == "mine"
    assert load_documents("./polnear", "dev").info.name == "mine"
    with pytest.raises(UsageError, match="data fetch polnear"):
        load_documents("polnear", "dev")


def test_an_unknown_name_suggests_the_close_registered_one(user_data: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown dataset 'polnaer'; did you mean 'polnear'"):
        load_documents("polnaer", "dev")


@pytest.mark.parametrize(
    "args",
    [("data", "stats", "polnear"), ("run", "--dataset", "polnear", "--systems", "sieve")],
    ids=["data-stats", "run"],
)
def test_cli_exits_2_with_the_fetch_command(user_data: Path, args: tuple[str, ...]) -> None:
    done = quotebench(*args, env={"QUOTEBENCH_DATA": str(user_data)})
    assert done.returncode == 2, done.stderr
    assert "get it with `quotebench data fetch polnear`" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_data_stats_reads_a_registered_import(user_data: Path) -> None:
    write_splits(user_data / "datasets" / "polnear", name="polnear", sizes={"dev": 2})
    done = quotebench("data", "stats", "polnear", "--json", env={"QUOTEBENCH_DATA": str(user_data)})
    assert done.returncode == 0, done.stderr
    assert '"dataset": "polnear"' in done.stdout
