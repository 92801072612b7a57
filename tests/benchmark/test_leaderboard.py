"""Leaderboard files: models on read and write, replace-by-key, refusal to mix, atomic writes."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from results_cases import docs, result

from benchmark import leaderboard
from benchmark.errors import InputError
from benchmark.results import ScoreResult

TRAIN_A = {"dataset": "core", "split": "train", "sha256": "a" * 64}
TRAIN_B = {"dataset": "polnear", "split": "train", "sha256": "b" * 64}


def entry(system: str, res: ScoreResult, **config):
    return leaderboard.make_entry(
        res, system=system, system_version="1", runtime_s=2.0, config=config
    )


def record(path: Path, system: str, res: ScoreResult, **config) -> dict:
    return leaderboard.record_entries(path, [(res, entry(system, res, **config))])


def test_new_file_is_created_valid(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    gold = docs(4)
    record(path, "sieve", result(gold, 2))
    board = leaderboard.read(path)
    assert board["dataset"]["name"] == "core" and board["dataset"]["n_gold"] == 12
    assert board["format_version"] == "1.1" and board["schema_version"] == "2"
    assert [e["system"] for e in board["entries"]] == ["sieve"]
    assert board["entries"][0]["docs_per_s"] == 2.0
    assert board["entries"][0]["signature"] == result(gold, 2).signature


def test_same_system_track_and_training_data_is_replaced_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    gold = docs(4)
    runs = [
        ("a", 1, "e2e", TRAIN_A),
        ("b", 2, "e2e", None),
        ("a", 3, "attribution", TRAIN_A),
        ("a", 4, "e2e", TRAIN_A),
        ("a", 0, "e2e", TRAIN_B),
    ]
    for system, good, track, training in runs:
        record(path, system, result(gold, good, track), training_data=training)
    board = leaderboard.read(path)
    got = {
        (e["system"], e["track"], (e["config"]["training_data"] or {}).get("dataset")): e[
            "metrics"
        ]["e2e_f1"]
        for e in board["entries"]
    }
    four, one, zero = (result(gold, g).metrics.e2e_f1 for g in (4, 1, 0))
    assert got[("a", "e2e", "core")] == four and got[("a", "e2e", "polnear")] == zero
    assert len(got) == 4 and four != one


@pytest.mark.parametrize(
    ("other", "reason"),
    [
        (lambda: result(docs(4, split="dev"), 2), "dataset differs"),
        (lambda: result([*docs(3), docs(5)[4]], 2), "dataset differs"),
    ],
)
def test_incompatible_entry_is_refused_and_file_unchanged(tmp_path: Path, other, reason) -> None:
    path = tmp_path / "board.json"
    record(path, "a", result(docs(4), 2))
    before = path.read_bytes()
    with pytest.raises(InputError, match=reason) as exc:
        record(path, "b", other())
    assert exc.value.field == "signature"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["entries"][0].update(track="sideways"), "entries.0.track"),
        (lambda b: b["entries"][0]["metrics"].update(e2e_f1=float("nan")), "entries.0.metrics"),
        (lambda b: b["entries"][0]["ci95"].update(e2e_f1=[9, -3]), "entries.0.ci95"),
        (lambda b: b["entries"][0].update(scorer_version="1.0"), "entries.0"),
        (lambda b: b.update(schema_version="1"), "schema_version"),
        (lambda b: b["entries"][0]["config"].update(training_data={"x": 1}), "entries.0"),
    ],
)
def test_invalid_boards_are_located(tmp_path: Path, change, field: str) -> None:
    path = tmp_path / "board.json"
    record(path, "a", result(docs(4), 2))
    board = json.loads(path.read_text())
    change(board)
    path.write_text(json.dumps(board))
    with pytest.raises(InputError) as exc:
        leaderboard.read(path)
    assert exc.value.field.startswith(field)


@pytest.mark.parametrize("content", ["", "{not json", '{"schema_version": "2"}'])
def test_bad_files_are_invalid_input(tmp_path: Path, content: str) -> None:
    path = tmp_path / "board.json"
    path.write_text(content)
    with pytest.raises(InputError):
        leaderboard.read(path)


def test_a_directory_is_not_a_leaderboard(tmp_path: Path) -> None:
    res = result(docs(2), 1)
    with pytest.raises(InputError, match="is a directory"):
        leaderboard.record_entries(tmp_path, [(res, entry("a", res))])


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    res, other = result(docs(2), 1), result(docs(2, split="dev"), 1)
    with pytest.raises(InputError):
        leaderboard.record_entries(path, [(res, entry("a", res)), (other, entry("b", other))])
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def _write(args: tuple[str, str]) -> None:
    path, system = args
    record(Path(path), system, result(docs(3), 1))


def test_concurrent_writers_lose_no_entry(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    systems = [f"s{i}" for i in range(12)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_write, [(str(path), s) for s in systems])
    assert sorted(e["system"] for e in leaderboard.read(path)["entries"]) == sorted(systems)
