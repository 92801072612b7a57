"""`quotebench fit`: trains on a dataset's own train split (--dataset), a file (--train) or the
system's default, and refuses what it cannot train."""

from __future__ import annotations

from benchmark.documents import canonical_json
from tests.baselines.test_learned import TRAIN
from tests.cli import quotebench


def test_fit_trains_on_the_datasets_train_split(tmp_path):
    data = tmp_path / "news"
    data.mkdir()
    (data / "train.jsonl").write_text("".join(canonical_json(d) + "\n" for d in TRAIN[:8]))
    (data / "dev.jsonl").write_text("".join(canonical_json(d) + "\n" for d in TRAIN[8:10]))
    env = {"QUOTEBENCH_CACHE_DIR": str(tmp_path / "cache")}
    result = quotebench("fit", "learned", "--dataset", data, "--quiet", env=env)
    assert result.returncode == 0, result.stderr
    assert "fitted learned on news/train" in result.stdout
    assert len(list((tmp_path / "cache" / "learned").glob("*.pkl"))) == 1


def test_fit_refuses_a_dataset_without_a_train_split(tmp_path):
    (tmp_path / "dev.jsonl").write_text(canonical_json(TRAIN[0]) + "\n")
    result = quotebench("fit", "learned", "--dataset", tmp_path, "--quiet")
    assert result.returncode == 2
    assert "has no train split" in result.stderr


def test_fit_takes_a_dataset_or_a_file_not_both(tmp_path):
    result = quotebench("fit", "learned", "--dataset", "core", "--train", tmp_path / "x.jsonl")
    assert result.returncode == 2
    assert "not both" in result.stderr


def test_fit_refuses_a_system_that_does_not_train():
    result = quotebench("fit", "sieve", "--quiet")
    assert result.returncode == 2
    assert "not trainable" in result.stderr
