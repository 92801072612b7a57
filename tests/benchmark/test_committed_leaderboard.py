"""`quotebench run` on a fresh clone reproduces the committed core leaderboard."""

from __future__ import annotations

import json
from pathlib import Path

from cli import quotebench

ROOT = Path(__file__).resolve().parents[2]
RUN_DEPENDENT = {"runtime_s", "docs_per_s", "created_at", "python", "platform"}


def by_key(board: dict) -> dict[tuple, dict]:
    return {(e["system"], e["track"]): e for e in board["entries"]}


def test_a_cold_run_gives_the_committed_numbers(tmp_path: Path) -> None:
    committed = json.loads((ROOT / "leaderboard" / "core-test.json").read_text(encoding="utf-8"))
    fresh_path = tmp_path / "core-test.json"
    done = quotebench(
        "run", "--leaderboard", fresh_path, env={"QUOTEBENCH_CACHE_DIR": str(tmp_path / "cache")}
    )
    assert done.returncode == 0, done.stderr
    assert "learned: fitting on core/train" in done.stderr, "a cold fit shows its progress"
    fresh = json.loads(fresh_path.read_text(encoding="utf-8"))
    assert fresh["dataset"] == committed["dataset"]
    old, new = by_key(committed), by_key(fresh)
    assert set(new) == set(old)
    for key, entry in new.items():
        for field, value in entry.items():
            if field not in RUN_DEPENDENT:
                assert value == old[key][field], f"{key} {field} differs from the committed board"
