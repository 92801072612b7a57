"""`run`: what a trainable system is fitted on, and how that is recorded."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmark.data.loading import load_documents
from benchmark.documents import Article, Document, PredictedAttribution, Prediction, Span
from benchmark.paths import data_root
from benchmark.runner import RunSpec, _fit


class Spy:
    """A trainable system that remembers what it was fitted on."""

    name = "spy"
    version = "1"

    def __init__(self) -> None:
        self.fitted_on: list[str] = []

    def fit(self, train_docs: Sequence[Document], *, quiet: bool = False) -> None:
        self.fitted_on = [doc.id for doc in train_docs]

    def default_training_data(self) -> list[Document]:
        return load_documents("core", "dev").docs

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        return [Prediction(id=a.id) for a in articles]

    def attribute(self, article: Article, quotes: Sequence[list[Span]]) -> list:
        return [PredictedAttribution(quote=q) for q in quotes]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for split in ("train", "test"):
        shutil.copy(data_root() / "core" / f"{split}.jsonl", folder / f"{split}.jsonl")
    return folder


def fit(spec: RunSpec, spy: Spy) -> dict:
    gold = load_documents(spec.dataset, spec.split)
    return _fit("spy", spy, gold, spec)


def test_the_datasets_own_train_split_by_default(corpus: Path) -> None:
    spy = Spy()
    training = fit(RunSpec(str(corpus), "test", ("spy",), quiet=True), spy)
    train = load_documents(corpus, "train")
    assert spy.fitted_on == [doc.id for doc in train.docs]
    assert training == {"dataset": "core", "split": "train", "sha256": train.info.sha256}


def test_train_option_overrides(corpus: Path, tmp_path: Path) -> None:
    spy = Spy()
    other = data_root() / "core" / "dev.jsonl"
    training = fit(RunSpec(str(corpus), "test", ("spy",), train=other, quiet=True), spy)
    assert training["split"] == "dev" and spy.fitted_on[0].startswith("core/dev/")


def test_a_single_file_falls_back_to_the_systems_default(corpus: Path) -> None:
    spy = Spy()
    training = fit(RunSpec(str(corpus / "test.jsonl"), "test", ("spy",), quiet=True), spy)
    assert training["dataset"] == "core" and training["split"] == "dev"


def test_fit_progress_is_shown_on_stderr(corpus: Path, capsys) -> None:
    fit(RunSpec(str(corpus), "test", ("spy",)), Spy())
    err = capsys.readouterr().err
    assert "spy: fitting on core/train (37 documents" in err and "spy: fitted in" in err


def test_entries_record_training_data_and_reference_lines(tmp_path: Path) -> None:
    from cli import quotebench

    board = tmp_path / "board.json"
    done = quotebench(
        "run", "--systems", "sieve,gold-quotes+sieve", "--leaderboard", board, "--quiet"
    )
    assert done.returncode == 0, done.stderr
    entries = {(e["system"], e["track"]): e for e in json.loads(board.read_text())["entries"]}
    assert entries[("gold-quotes+sieve", "e2e")]["reference"] is True
    assert entries[("sieve", "e2e")]["reference"] is False
    assert entries[("sieve", "e2e")]["config"]["training_data"] is None
    shown = quotebench("leaderboard", "show", board)
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    ref = next(i for i, line in enumerate(lines) if "gold-quotes+sieve" in line)
    assert "ref" in lines[ref] and ref > next(i for i, row in enumerate(lines) if " sieve " in row)
