"""Leaderboard files: schema on read and write, replace-by-key, refusal to mix, atomic writes."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from benchmark import leaderboard
from benchmark.errors import InputError

SHA = "a" * 64


def report(sha: str = SHA, scorer: str = "1.0", f1: float = 0.5, track: str = "e2e") -> dict:
    return {
        "metrics": {"e2e_f1": f1, "n_gold": 10, "n_pred": 8},
        "ci95": {"e2e_f1": [f1 - 0.1, f1 + 0.1]},
        "slices": {},
        "per_doc": {"d1": {"n_gold": 10, "n_pred": 8, "e2e": 5}},
        "dataset": {"name": "core", "split": "test", "sha256": sha, "n_docs": 1},
        "system": {"name": "x"},
        "scorer_version": scorer,
        "track": track,
        "seed": 0,
    }


def entry(system: str, rep: dict) -> dict:
    return leaderboard.make_entry(rep, system=system, system_version="1", runtime_s=2.0, config={})


def test_new_file_is_created_valid(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    rep = report()
    leaderboard.record_entry(path, rep, entry("sieve", rep))
    board = leaderboard.read(path)
    assert board["dataset"] == {
        "name": "core",
        "split": "test",
        "sha256": SHA,
        "n_docs": 1,
        "n_gold": 10,
    }
    assert [e["system"] for e in board["entries"]] == ["sieve"]
    assert board["entries"][0]["docs_per_s"] == 0.5


def test_same_system_and_track_is_replaced_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    for system, f1, track in [
        ("a", 0.1, "e2e"),
        ("b", 0.2, "e2e"),
        ("a", 0.3, "attribution"),
        ("a", 0.9, "e2e"),
    ]:
        rep = report(f1=f1, track=track)
        leaderboard.record_entry(path, rep, entry(system, rep))
    board = leaderboard.read(path)
    got = {(e["system"], e["track"]): e["metrics"]["e2e_f1"] for e in board["entries"]}
    assert got == {("a", "e2e"): 0.9, ("b", "e2e"): 0.2, ("a", "attribution"): 0.3}


@pytest.mark.parametrize(
    ("sha", "scorer", "field"),
    [("b" * 64, "1.0", "dataset.sha256"), (SHA, "2.0", "scorer_version")],
)
def test_incompatible_entry_is_refused_and_file_unchanged(
    tmp_path: Path, sha: str, scorer: str, field: str
) -> None:
    path = tmp_path / "board.json"
    rep = report()
    leaderboard.record_entry(path, rep, entry("a", rep))
    before = path.read_bytes()
    bad = report(sha=sha, scorer=scorer)
    with pytest.raises(InputError) as exc:
        leaderboard.record_entry(path, bad, entry("b", bad))
    assert exc.value.field == field
    assert path.read_bytes() == before


def test_schema_violation_is_located(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    rep = report()
    leaderboard.record_entry(path, rep, entry("a", rep))
    board = json.loads(path.read_text())
    board["entries"][0]["track"] = "sideways"
    path.write_text(json.dumps(board))
    with pytest.raises(InputError) as exc:
        leaderboard.read(path)
    assert exc.value.field == "entries.0.track"


@pytest.mark.parametrize("content", ["", "{not json", '{"schema_version": "1"}'])
def test_bad_files_are_invalid_input(tmp_path: Path, content: str) -> None:
    path = tmp_path / "board.json"
    path.write_text(content)
    with pytest.raises(InputError):
        leaderboard.read(path)


def test_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    rep = report()
    broken = entry("a", rep) | {"track": "nope"}
    with pytest.raises(InputError):
        leaderboard.record_entry(path, rep, broken)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def _write(args: tuple[str, str]) -> None:
    path, system = args
    rep = report()
    leaderboard.record_entry(Path(path), rep, entry(system, rep))


def test_concurrent_writers_lose_no_entry(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    systems = [f"s{i}" for i in range(12)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_write, [(str(path), s) for s in systems])
    assert sorted(e["system"] for e in leaderboard.read(path)["entries"]) == sorted(systems)
