"""Fitting a trainable system says on stderr what it fits on and how long it took."""

from __future__ import annotations

from pathlib import Path

import pytest
from systems_cases import quotebench, write_gold

from benchmark.documents import Document, Prediction
from benchmark.systems.training import fit_system

LEARNER = """
from benchmark.documents import Document, PredictedAttribution, Prediction


class Learner:
    name, version = "learner", "0"

    def fit(self, train_docs, *, quiet=False):
        self.fitted = len(train_docs)

    def default_training_data(self):
        return [Document(id=f"toy/train/{i}", text="x") for i in range(4)]

    def predict(self, articles):
        return [Prediction(id=a.id) for a in articles]

    def attribute(self, article, quotes):
        return [PredictedAttribution(quote=quote) for quote in quotes]
"""


class Learner:
    name, version = "learner", "0"

    def __init__(self):
        self.calls: list[tuple[int, bool]] = []

    def fit(self, train_docs, *, quiet=False):
        self.calls.append((len(train_docs), quiet))

    def default_training_data(self):
        return [Document(id=f"toy/train/{i}", text="x") for i in range(4)]

    def predict(self, articles):
        return [Prediction(id=a.id) for a in articles]

    def attribute(self, article, quotes):
        return []


class Fixed:
    name, version = "fixed", "0"

    def predict(self, articles):
        return [Prediction(id=a.id) for a in articles]

    def attribute(self, article, quotes):
        return []


def test_fit_system_reports_the_data_and_the_time(tmp_path, capsys):
    learner = Learner()
    trained = fit_system(learner, None)
    assert (trained["dataset"], trained["split"]) == ("toy", "train")
    assert len(trained["sha256"]) == 64
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "learner: fitting on toy/train (4 documents, 0 attributions)"
    assert err[1].startswith("learner: fitted in ") and err[1].endswith(" s")
    gold = write_gold(tmp_path / "gold.jsonl")
    assert fit_system(learner, gold, quiet=True)["sha256"] != trained["sha256"]
    assert capsys.readouterr().err == ""
    assert learner.calls == [(4, False), (3, True)]


def test_systems_that_do_not_learn_are_not_fitted(capsys):
    assert fit_system(Fixed(), None) is None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", ["run", "predict"])
def test_the_cli_shows_the_fit_before_it_starts(tmp_path: Path, command):
    site = tmp_path / "site"
    site.mkdir()
    (site / "qb_learner.py").write_text(LEARNER, encoding="utf-8")
    info = site / "qb_learner-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: qb-learner\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[quotebench.attributors]\nlearner = qb_learner:Learner\n"
    )
    gold = write_gold(tmp_path / "gold.jsonl")
    args = (
        ("run", "--systems", "learner", "--dataset", gold, "--leaderboard", tmp_path / "b.json")
        if command == "run"
        else ("predict", "learner", "--gold", gold, "--out", tmp_path / "p.jsonl")
    )
    done = quotebench(*args, env={"PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    assert "learner: fitting on toy/train (4 documents, 0 attributions)\nlearner: fitted in " in (
        done.stderr
    )
