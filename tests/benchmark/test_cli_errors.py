"""Exit 3 means a bug in quotebench: every bad input or usage mistake a user can make on the
command line exits 2 with one line that names the file or the option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import quotebench

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "core" / "dev.jsonl"
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """A real prediction and result for core dev, and broken variants of them."""
    root = tmp_path_factory.mktemp("files")
    pred, result = root / "pred.jsonl", root / "result.json"
    for args in (
        ("predict", "sieve", "--gold", GOLD, "--out", pred, "--quiet"),
        ("score", "--gold", GOLD, "--pred", pred, "--json", result, "--quiet"),
    ):
        done = quotebench(*args)
        assert done.returncode == 0, done.stderr
    data = json.loads(result.read_text())
    data["metrics"]["e2e_f1"] = "high"
    (root / "textmetric.json").write_text(json.dumps(data))
    (root / "deep.json").write_text(DEEP)
    (root / "deep.jsonl").write_text('{"id": "x", "text": "y", "meta": ' + DEEP + "}\n")
    (root / "adir").mkdir()
    (root / "plain").write_text("")
    return {"pred": pred, "result": result, "root": root}


# Command lines split on spaces: "!FILE" is the file the error must name, "@FILE" another file
# of the fixture, GOLD the core dev split and BOARD the committed core-test leaderboard.
CASES = {
    "score: deeply nested gold": "score --gold !deep.jsonl --pred @pred.jsonl",
    "score: deeply nested predictions": "score --gold GOLD --pred !deep.jsonl",
    "score: --json a directory": "score --gold GOLD --pred @pred.jsonl --json !adir",
    "score: --json unwritable": "score --gold GOLD --pred @pred.jsonl --json !plain/x.json",
    "score: --leaderboard unwritable": "score --gold GOLD --pred @pred.jsonl --leaderboard !plain/b.json",
    "check: deeply nested result": "check !deep.json --min e2e_f1=0.1",
    "check: a directory as result": "check !adir --min e2e_f1=0.1",
    "check: non-numeric metric": "check !textmetric.json --min e2e_f1=0.1",
    "check: --summary-md a directory": "check @result.json --min e2e_f1=0.1 --summary-md !adir",
    "check: --summary-md unwritable": "check @result.json --min e2e_f1=0.1 --summary-md !plain/s.md",
    "compare: deeply nested result": "compare !deep.json @result.json",
    "compare: non-numeric metric": "compare !textmetric.json @result.json",
    "leaderboard show: deeply nested": "leaderboard show !deep.json",
    "leaderboard show: a directory": "leaderboard show !adir",
    "leaderboard render: --out a directory": "leaderboard render BOARD --out !adir",
    "leaderboard render: --out unwritable": "leaderboard render BOARD --out !plain/b.md",
    "run: leaderboard a directory": "run --systems nearest-name --leaderboard !adir",
    "run: leaderboard unwritable": "run --systems nearest-name --leaderboard !plain/b.json",
    "predict: --out a directory": "predict nearest-name --gold GOLD --out !adir",
    "predict: deeply nested gold": "predict nearest-name --gold !deep.jsonl --out @p.jsonl",
    "data validate: deeply nested": "data validate !deep.jsonl",
    "data build: --out unwritable": "data build --out !plain/core",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_naming_the_file(files, case):
    root = files["root"]
    words = CASES[case].split()
    args = [_arg(a, root) for a in words]
    named = _arg(next(a for a in words if a.startswith("!")), root)
    quiet = ["--quiet"] if args[0] in ("score", "run", "predict") else []
    done = quotebench(*args, *quiet)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"quotebench: {named}"), done.stderr


def _arg(text: str, root: Path) -> str:
    if text == "GOLD":
        return str(GOLD)
    if text == "BOARD":
        return str(ROOT / "leaderboard" / "core-test.json")
    return str(root / text[1:]) if text.startswith(("@", "!")) else text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "--systems", ""), "--systems '' names no system"),
        (("run", "--systems", " , "), "names no system"),
        (("run", "--systems", "sieve", "--timeout", "-1"), "--timeout must be positive"),
        (("run", "--systems", "sieve", "--timeout", "0"), "--timeout must be positive"),
        (("run", "--systems", "sieve", "--timeout", "nan"), "--timeout must be positive, not nan"),
        (("run", "--systems", "sieve", "--timeout", "inf"), "--timeout must be positive, not inf"),
        (("run", "--systems", "sieve", "--name", "mine"), "--name names one cmd: or file: system"),
        (("run", "--systems", "cmd:a,cmd:b", "--name", "mine"), "--name needs exactly one system"),
        (("run", "--systems", "a=cmd:x,a=cmd:y"), "--systems names 'a' twice"),
        (
            ("predict", "sieve", "--gold", "GOLD", "--out", "@p.jsonl", "--timeout", "nan"),
            "--timeout must be positive",
        ),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(files, args, message):
    args = [_arg(a, files["root"]) for a in args]
    done = quotebench(*args, "--quiet")
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_no_message_says_input_instead_of_a_name(files):
    done = quotebench("check", files["result"], "--min", "e2e_f1")
    assert done.returncode == 2
    assert done.stderr.strip() == "quotebench: --min: expected KEY=VALUE, got 'e2e_f1'"
