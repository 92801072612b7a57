"""`quotebench run` and `quotebench check` end to end on the bundled core data, in a subprocess."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from cli import quotebench

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lb") / "core-test.json"
    done = quotebench("run", "--systems", "nearest-name,sieve", "--leaderboard", path, "--quiet")
    assert done.returncode == 0, done.stderr
    return path


def entries(path: Path) -> dict[tuple[str, str], dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(e["system"], e["track"]): e for e in data["entries"]}


def test_run_writes_both_tracks_with_provenance(board: Path) -> None:
    data = json.loads(board.read_text(encoding="utf-8"))
    assert data["dataset"]["name"] == "core" and data["dataset"]["split"] == "test"
    assert set(entries(board)) == {
        (s, t) for s in ("nearest-name", "sieve") for t in ("e2e", "attribution")
    }
    sieve = entries(board)[("sieve", "e2e")]
    assert sieve["metrics"]["e2e_f1"] > entries(board)[("nearest-name", "e2e")]["metrics"]["e2e_f1"]
    assert sieve["system_version"] and sieve["harness_version"] and sieve["python"]
    assert "attr_acc" in entries(board)[("sieve", "attribution")]["metrics"]


def test_rerun_is_reproducible_and_keeps_other_entries(board: Path, tmp_path: Path) -> None:
    copy = tmp_path / "board.json"
    copy.write_text(board.read_text(encoding="utf-8"), encoding="utf-8")
    done = quotebench("run", "--systems", "sieve", "--leaderboard", copy, "--quiet", "--seed", "0")
    assert done.returncode == 0, done.stderr
    before, after = entries(board), entries(copy)
    assert set(after) == set(before)
    for key in before:
        assert after[key]["metrics"] == before[key]["metrics"]
        assert after[key]["ci95"] == before[key]["ci95"]


def test_failing_system_leaves_leaderboard_untouched(board: Path, tmp_path: Path) -> None:
    copy = tmp_path / "board.json"
    copy.write_bytes(board.read_bytes())
    crash = f"cmd:{sys.executable} -c 'import sys; sys.exit(7)'"
    done = quotebench("run", "--systems", f"sieve,{crash}", "--leaderboard", copy, "--quiet")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert copy.read_bytes() == board.read_bytes()


def test_unknown_system_suggests_a_name(tmp_path: Path) -> None:
    done = quotebench("run", "--systems", "sive", "--leaderboard", tmp_path / "x.json", "--quiet")
    assert done.returncode == 2
    assert "did you mean 'sieve'?" in done.stderr
    assert not (tmp_path / "x.json").exists()


def test_check_passes_when_bounds_hold(board: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    done = quotebench(
        "check", board, "--system", "sieve", "--min", "e2e_f1=0.5", "--summary-md", summary
    )
    assert done.returncode == 0, done.stderr
    assert "| e2e_f1 |" in summary.read_text(encoding="utf-8")


def test_check_fails_naming_the_key_value_and_bound(board: Path) -> None:
    done = quotebench(
        "check", board, "--system", "nearest-name", "--min", "e2e_f1=0.9", "--min", "speaker_acc=0"
    )
    assert done.returncode == 1
    assert "e2e_f1" in done.stderr and "0.9" in done.stderr
    assert "speaker_acc" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--system", "sieve", "--min", "e2e_f2=0.5"),
        ("--system", "sieve", "--min", "e2e_f1"),
        ("--system", "nobody", "--min", "e2e_f1=0.5"),
        ("--min", "e2e_f1=0.5"),
        ("--system", "sieve", "--min", "e2e_f1=nan"),
        ("--system", "sieve", "--min", "e2e_f1=inf"),
        ("--system", "sieve", "--min", "e2e_f1=1.5"),
        ("--system", "sieve", "--min", "n_gold=1"),
        ("--system", "sieve", "--min", "e2e_f1=0.5", "--baseline", "x", "--max-drop", "nan"),
        ("--system", "sieve", "--min", "e2e_f1=0.5", "--baseline", "x", "--max-drop", "-0.1"),
        ("--system", "sieve", "--min", "attr_acc=0.5"),
    ],
)
def test_check_invalid_input_is_exit_2(board: Path, args: tuple[str, ...]) -> None:
    done = quotebench("check", board, *args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_check_max_drop_fails_only_on_a_real_drop(board: Path, tmp_path: Path) -> None:
    weak = tmp_path / "weak.json"
    data = json.loads(board.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["system"] == "nearest-name":
            entry["system"] = "sieve-candidate"
    data["entries"] = [e for e in data["entries"] if e["system"] == "sieve-candidate"]
    weak.write_text(json.dumps(data), encoding="utf-8")
    base_args = ("--min", "e2e_f1=0", "--max-drop", "0.05")
    same = quotebench("check", board, "--system", "sieve", "--baseline", board, *base_args)
    assert same.returncode == 0, same.stderr
    dropped = quotebench(
        "check", weak, "--system", "sieve-candidate", "--baseline", board, "--max-drop", "0.05"
    )
    assert dropped.returncode == 2, "a baseline entry named sieve-candidate does not exist"
    result = tmp_path / "result.json"
    score = quotebench(
        "score",
        "--gold",
        ROOT / "data/core/test.jsonl",
        "--pred",
        _nearest(tmp_path),
        "--json",
        result,
        "--system",
        "candidate",
        "--quiet",
    )
    assert score.returncode == 0, score.stderr
    dropped = quotebench("check", result, "--system", "sieve", "--baseline", board, *base_args)
    assert dropped.returncode == 1
    assert "dropped" in dropped.stderr and "p = " in dropped.stderr
    headline_only = quotebench(
        "check", result, "--system", "sieve", "--baseline", board, "--max-drop", "0.05"
    )
    assert headline_only.returncode == 1 and "e2e_f1" in headline_only.stderr


def _nearest(tmp_path: Path) -> Path:
    out = tmp_path / "nearest.jsonl"
    done = quotebench(
        "predict", "nearest-name", "--gold", ROOT / "data/core/test.jsonl", "--out", out
    )
    assert done.returncode == 0, done.stderr
    return out


def test_check_refuses_a_baseline_on_another_track(board: Path, tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    score = quotebench(
        "score",
        "--gold",
        ROOT / "data/core/test.jsonl",
        "--pred",
        _nearest(tmp_path),
        "--json",
        result,
        "--quiet",
    )
    assert score.returncode == 0, score.stderr
    done = quotebench(
        "check",
        result,
        "--system",
        "sieve",
        "--track",
        "attribution",
        "--baseline",
        board,
        "--max-drop",
        "0.05",
    )
    assert done.returncode == 2 and "track differs" in done.stderr


def test_leaderboard_show_and_render(board: Path, tmp_path: Path) -> None:
    shown = quotebench("leaderboard", "show", board)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.index("sieve") < shown.stdout.index("nearest-name")
    page = tmp_path / "board.html"
    rendered = quotebench("leaderboard", "render", board, "--format", "html", "--out", page)
    assert rendered.returncode == 0, rendered.stderr
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = quotebench("leaderboard", "render", board, "--format", "md")
    assert "| 1 | sieve |" in markdown.stdout


def test_leaderboard_failing_its_schema_is_exit_2(board: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    data = json.loads(board.read_text(encoding="utf-8"))
    del data["entries"][0]["metrics"]
    broken.write_text(json.dumps(data), encoding="utf-8")
    done = quotebench("leaderboard", "show", broken)
    assert done.returncode == 2
    assert "entries.0" in done.stderr and "metrics" in done.stderr
