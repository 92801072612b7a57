"""`quotebench score` and `quotebench compare` end to end, in a subprocess: exit codes, one-line
errors, and no output written on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import quotebench
from scoring_cases import as_predicted, document, gold, pred

from benchmark.documents import Prediction, canonical_json

ROOT = Path(__file__).resolve().parents[2]
TEXT = "“We will win,” Putin said. “No comment,” a spokesman said."


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    docs = [
        document(
            TEXT,
            [gold(TEXT, "“We will win,”", "Putin"), gold(TEXT, "“No comment,”", "a spokesman")],
            id=f"core/test/{i}",
        )
        for i in range(3)
    ]
    good = [
        Prediction(id=d.id, attributions=[as_predicted(a) for a in d.attributions]) for d in docs
    ]
    weak = [
        Prediction(id=d.id, attributions=[pred(TEXT, "We will win", "a spokesman")])
        for d in docs[:2]
    ]
    paths = {name: tmp_path / f"{name}.jsonl" for name in ("gold", "good", "weak")}
    for name, records in (("gold", docs), ("good", good), ("weak", weak)):
        paths[name].write_text("".join(canonical_json(r) + "\n" for r in records), encoding="utf-8")
    paths["out"] = tmp_path / "out" / "result.json"
    return paths


def test_score_prints_a_table_and_writes_json(files: dict[str, Path]) -> None:
    done = quotebench(
        "score", "--gold", files["gold"], "--pred", files["good"], "--json", files["out"], "--quiet"
    )
    assert done.returncode == 0, done.stderr
    assert "e2e_f1" in done.stdout and "95% CI" in done.stdout
    data = json.loads(files["out"].read_text(encoding="utf-8"))
    assert data["metrics"]["e2e_f1"] == 1.0
    assert data["dataset"]["name"] == "core" and data["dataset"]["split"] == "test"
    assert data["system"]["name"] == "good" and data["track"] == "e2e"


def test_missing_articles_warn_and_count_as_nothing(files: dict[str, Path]) -> None:
    done = quotebench(
        "score",
        "--gold",
        files["gold"],
        "--pred",
        files["weak"],
        "--json",
        files["out"],
        "--system",
        "weak-1",
    )
    assert done.returncode == 0, done.stderr
    assert "warning: 1 of 3 articles have no line" in done.stderr and "core/test/2" in done.stderr
    data = json.loads(files["out"].read_text(encoding="utf-8"))
    assert data["per_doc"]["core/test/2"]["n_pred"] == 0
    assert data["metrics"]["quote_exact_r"] == pytest.approx(2 / 6)
    assert data["system"]["name"] == "weak-1"


def test_same_inputs_and_seed_give_identical_results(
    files: dict[str, Path], tmp_path: Path
) -> None:
    again = tmp_path / "again.json"
    for out in (files["out"], again):
        assert (
            quotebench(
                "score",
                "--gold",
                files["gold"],
                "--pred",
                files["weak"],
                "--json",
                out,
                "--seed",
                "5",
            ).returncode
            == 0
        )
    assert files["out"].read_bytes() == again.read_bytes()


def test_attribution_track(files: dict[str, Path]) -> None:
    done = quotebench(
        "score",
        "--gold",
        files["gold"],
        "--pred",
        files["good"],
        "--track",
        "attribution",
        "--json",
        files["out"],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(files["out"].read_text(encoding="utf-8"))["metrics"]["attr_acc"] == 1.0


def test_slice_by_a_gold_label(files: dict[str, Path]) -> None:
    lines = files["gold"].read_text(encoding="utf-8").splitlines()
    labelled = [
        line.replace('"type":"direct"', '"type":"direct","labels":{"medium":"Speech"}', 1)
        for line in lines
    ]
    files["gold"].write_text("".join(line + "\n" for line in labelled), encoding="utf-8")
    args = ("score", "--gold", files["gold"], "--pred", files["good"], "--json", files["out"])
    done = quotebench(*args, "--slice-by", "labels.medium", "--slice-by", "labels.x", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "labels.medium" in done.stdout
    slices = json.loads(files["out"].read_text(encoding="utf-8"))["slices"]
    assert slices["labels.medium"]["Speech"]["n_gold"] == 3
    assert slices["labels.medium"]["(none)"]["n_gold"] == 3
    assert list(slices["labels.x"]) == ["(none)"]
    files["out"].unlink()
    done = quotebench(*args, "--slice-by", "medium")
    assert done.returncode == 2 and "--slice-by" in done.stderr and "labels.KEY" in done.stderr
    assert not files["out"].exists()


def test_leaderboard_records_the_entry_and_refuses_other_data(
    files: dict[str, Path], tmp_path: Path
) -> None:
    board = tmp_path / "board.json"
    done = quotebench(
        "score", "--gold", files["gold"], "--pred", files["good"], "--leaderboard", board, "--quiet"
    )
    assert done.returncode == 0, done.stderr
    entries = json.loads(board.read_text(encoding="utf-8"))["entries"]
    assert [(e["system"], e["track"]) for e in entries] == [("good", "e2e")]
    before = board.read_bytes()
    other = tmp_path / "other.jsonl"
    other.write_text(
        files["gold"].read_text(encoding="utf-8").replace("No comment", "No Comment"),
        encoding="utf-8",
    )
    done = quotebench(
        "score",
        "--gold",
        other,
        "--pred",
        files["good"],
        "--leaderboard",
        board,
        "--json",
        files["out"],
    )
    assert done.returncode == 2
    assert "dataset differs" in done.stderr
    assert board.read_bytes() == before
    assert not files["out"].exists()


def corrupt(files: dict[str, Path], which: str, content: bytes) -> Path:
    files[which].write_bytes(content)
    return files[which]


def gold_line(i: int, quote: str = "[[1, 13]]") -> str:
    return (
        f'{{"id": "core/test/{i}", "text": "{TEXT}", '
        f'"attributions": [{{"id": "A1", "quote": {quote}, "type": "direct"}}]}}'
    )


BAD_INPUTS = {
    "malformed pred line": (
        "good",
        b'{"id": "core/test/0", "attributions": []}\n{"id": \n',
        "good.jsonl:2: json: malformed JSON",
    ),
    "malformed gold line": (
        "gold",
        (gold_line(0) + "\n{oops\n").encode(),
        "gold.jsonl:2: json: malformed JSON",
    ),
    "unknown article": (
        "good",
        b'{"id": "core/test/9", "attributions": []}\n',
        "good.jsonl:1: id: article id 'core/test/9' is not in the gold",
    ),
    "duplicate pred ids": (
        "good",
        b'{"id": "core/test/0"}\n{"id": "core/test/0"}\n',
        "good.jsonl:2: id: duplicate article id",
    ),
    "duplicate gold ids": (
        "gold",
        (gold_line(0) + "\n" + gold_line(0) + "\n").encode(),
        "gold.jsonl:2: id: duplicate article id",
    ),
    "pred offset outside": (
        "good",
        b'{"id": "core/test/0", "attributions": [{"quote": [[10, 999]]}]}\n',
        "good.jsonl:1: attributions.0.quote.0: span [10, 999) outside the text",
    ),
    "pred offset reversed": (
        "good",
        b'{"id": "core/test/0", "attributions": [{"quote": [[9, 3]]}]}\n',
        "good.jsonl:1: attributions.0.quote.0: span [9, 3) is empty or reversed",
    ),
    "gold offset outside": (
        "gold",
        (gold_line(0, "[[-1, 5]]") + "\n").encode(),
        "gold.jsonl:1: attributions.0.quote.0: span [-1, 5) outside the text",
    ),
    "empty pred file": ("good", b"", "good.jsonl: file is empty"),
    "empty gold file": ("gold", b"\n  \n", "gold.jsonl: file is empty"),
    "non-UTF-8 pred file": (
        "good",
        b'{"id": "core/test/0", "attributions": []}\n{"id": "caf\xe9"}\n',
        "good.jsonl:2: encoding: not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_located_line_and_writes_nothing(
    files: dict[str, Path], case: str
) -> None:
    which, content, message = BAD_INPUTS[case]
    corrupt(files, which, content)
    done = quotebench(
        "score", "--gold", files["gold"], "--pred", files["good"], "--json", files["out"]
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stderr.startswith("quotebench: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert not files["out"].exists()
    assert not files["out"].parent.exists() or not any(files["out"].parent.iterdir())


def test_bad_usage_exits_2(files: dict[str, Path]) -> None:
    done = quotebench(
        "score", "--gold", files["gold"], "--pred", files["good"], "--track", "speakers"
    )
    assert done.returncode == 2 and "--track" in done.stderr
    done = quotebench("score", "--gold", files["gold"])
    assert done.returncode == 2


def test_compare_two_results(files: dict[str, Path], tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert (
        quotebench(
            "score", "--gold", files["gold"], "--pred", files["weak"], "--json", a
        ).returncode
        == 0
    )
    assert (
        quotebench(
            "score", "--gold", files["gold"], "--pred", files["good"], "--json", b
        ).returncode
        == 0
    )
    done = quotebench("compare", a, b, "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "e2e_f1" in done.stdout and "diff" in done.stdout and "+1.0000" in done.stdout
    data = json.loads(b.read_text(encoding="utf-8"))
    data["dataset"]["sha256"] = "f" * 64
    b.write_text(json.dumps(data), encoding="utf-8")
    done = quotebench("compare", a, b)
    assert done.returncode == 2 and "signature" in done.stderr and "Traceback" not in done.stderr
    done = quotebench("compare", a, files["gold"])
    assert done.returncode == 2 and "malformed JSON" in done.stderr
