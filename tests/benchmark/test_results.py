"""The typed results: every number a gate reads is finite and in range, and signed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from results_cases import as_json, docs, result

from benchmark import leaderboard
from benchmark.errors import InputError
from benchmark.results import ScoreResult
from benchmark.results.io import read_result

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, data: dict, name: str = "r.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_result_reads_back_equal(tmp_path: Path) -> None:
    good = result(docs(), 5)
    assert read_result(_write(tmp_path, as_json(good))) == good


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r["metrics"].update(e2e_f1=math.nan), "metrics.e2e_f1"),
        (lambda r: r["metrics"].update(e2e_f1=7.5), "metrics.e2e_f1"),
        (lambda r: r["metrics"].update(e2e_f1=-0.1), "metrics.e2e_f1"),
        (lambda r: r["metrics"].update(e2e_f1="high"), "metrics.e2e_f1"),
        (lambda r: r["metrics"].update(n_gold=-1), "metrics.n_gold"),
        (lambda r: r["ci95"].update(e2e_f1=[9, -3]), "ci95.e2e_f1.0"),
        (lambda r: r["ci95"].update(e2e_f1=[0.1, math.inf]), "ci95.e2e_f1.1"),
        (lambda r: r["ci95"].update(e2e_f1=[0.95, 0.99]), "ci95.e2e_f1"),
        (lambda r: r["ci95"].update(e2e_f1=[0.1]), "ci95.e2e_f1"),
        (lambda r: r["metrics"].update(attr_acc=0.5), "metrics.attr_acc"),
        (lambda r: r.update(track="speaker"), "track"),
        (lambda r: r.update(seed=1), "signature"),
        (lambda r: r["dataset"].update(sha256="0" * 64), "signature"),
        (lambda r: r.pop("format_version"), "format_version"),
        (lambda r: r["per_doc"]["core/test/00"].update(e2e=-2), "per_doc.core/test/00.e2e"),
    ],
)
def test_out_of_range_or_inconsistent_results_are_invalid(tmp_path: Path, change, field) -> None:
    data = as_json(result(docs(), 5))
    change(data)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # NaN and Infinity as Python writes them
    with pytest.raises(InputError) as exc:
        read_result(path)
    assert exc.value.path == str(path)
    assert exc.value.field.startswith(field.rsplit(".", 1)[0])


def test_intervals_hold_their_point_estimates() -> None:
    """The bootstrap widens a percentile interval that misses the value (few articles)."""
    for n, good in [(1, 0), (2, 1), (3, 1), (4, 3)]:
        res = result(docs(n), good)
        values = res.metrics.model_dump()
        assert all(lo <= values[k] <= hi for k, (lo, hi) in res.ci95.items())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "file is empty"),
        (b'{"metrics":\n  oops}', "r.json:2: json: malformed JSON"),
        ('{"m": "é"}'.encode("latin-1"), "encoding: not valid UTF-8"),
        (b"[1, 2]", "expected a score JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"metrics": {}}', "r.json: track"),
    ],
)
def test_unreadable_results_are_located(tmp_path: Path, content: bytes | None, message) -> None:
    path = tmp_path / "r.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_result(path)


def test_a_directory_is_not_a_result(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_result(tmp_path)


def test_leaderboard_entry_reads_as_its_result(tmp_path: Path) -> None:
    res = result(docs(), 5, system="mine")
    path = tmp_path / "board.json"
    entry = leaderboard.make_entry(res, system="mine", system_version="1", runtime_s=1.0, config={})
    leaderboard.record_entries(path, [(res, entry)])
    again = read_result(path, "mine", "e2e")
    assert again.metrics == res.metrics and again.signature == res.signature
    with pytest.raises(InputError, match="no e2e entry for 'other'"):
        read_result(path, "other", "e2e")


def test_committed_schema_is_generated_from_the_models() -> None:
    committed = json.loads((ROOT / "leaderboard" / "schema.json").read_text(encoding="utf-8"))
    assert committed == leaderboard.schema(), (
        "run: quotebench leaderboard schema --out leaderboard/schema.json"
    )


def test_schema_rejects_what_the_models_reject() -> None:
    import jsonschema

    res = result(docs(), 5)
    entry = leaderboard.make_entry(res, system="s", system_version=None, runtime_s=None, config={})
    board = {
        "schema_version": "2",
        "dataset": as_json(res)["dataset"],
        "scorer_version": res.scorer_version,
        "format_version": res.format_version,
        "entries": [entry.model_dump(mode="json")],
    }
    validator = jsonschema.Draft202012Validator(leaderboard.schema())
    validator.validate(board)
    board["entries"][0]["metrics"]["e2e_f1"] = 7.5
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(board)


def test_score_result_is_frozen() -> None:
    res = result(docs(2), 1)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        res.seed = 3  # type: ignore[misc]
    assert isinstance(res, ScoreResult)
