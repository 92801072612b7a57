"""`cmd:` and `file:` systems: their output streams, their memory bounds and their names."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from systems_cases import ECHO_PROGRAM, cmd, gold_documents, program, quotebench, write_gold

from benchmark.errors import InputError, UsageError
from benchmark.systems import resolve_system, run_system
from benchmark.systems.registry import display_name, split_name, with_name

ANSWER_WITH = """
import json, sys
extra = sys.argv[1]
for line in sys.stdin:
    request = json.loads(line)
    attributions = [{"quote": [[0, 3]], "speaker_name": "A" + extra + "B", "confidence": 0.5}]
    print(json.dumps({"id": request["id"], "attributions": attributions, "note": extra},
                     ensure_ascii=False))
"""

LOUD = """
import sys
sys.stdin.read()
chunk = "x" * 1023 + "\\n"
for _ in range(48 * 1024):  # 48 MiB of stderr
    sys.stderr.write(chunk)
sys.stderr.write("the last words\\n")
sys.exit(1)
"""

MANY = """
import json, sys
for line in sys.stdin:
    quotes = [{"quote": [[i, i + 1]]} for i in range(3)]
    print(json.dumps({"id": json.loads(line)["id"], "attributions": quotes}))
"""

ENDLESS_LINE = """
import sys
sys.stdin.read()
while True:
    sys.stdout.write("x" * 65536)
"""


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_cmd_output_may_hold_line_separators_and_extra_fields(tmp_path, separator):
    script = program(tmp_path, "answer", ANSWER_WITH)
    system = resolve_system(f"{cmd(script)} 'x{separator}y'")
    predictions = run_system(system, gold_documents(), "e2e", quiet=True)
    assert [p.attributions[0].speaker_name for p in predictions] == [f"Ax{separator}yB"] * 3


def test_cmd_stderr_is_kept_in_bounded_memory(tmp_path):
    script = program(tmp_path, "loud", LOUD)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"exited with status 1; stderr: .*the last words$"):
            run_system(resolve_system(cmd(script)), gold_documents(), "e2e", quiet=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the program wrote 48 MiB


def test_cmd_output_line_over_the_limit_is_refused_and_the_program_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBENCH_MAX_LINE_BYTES", "1000000")
    script = program(tmp_path, "endless", ENDLESS_LINE)
    system = resolve_system(cmd(script), timeout=60)
    with pytest.raises(InputError, match=r"stdout line 1: line longer than 1000000 bytes"):
        run_system(system, gold_documents(), "e2e", quiet=True)


def test_cmd_with_too_many_attributions_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBENCH_MAX_ATTRIBUTIONS", "2")
    script = program(tmp_path, "many", MANY)
    with pytest.raises(InputError, match=r"attributions: 3 attributions, more than the limit of 2"):
        run_system(resolve_system(cmd(script)), gold_documents(), "e2e", quiet=True)


# ------------------------------------------------------------------ names


def test_named_cmd_and_file_systems_take_the_name(tmp_path):
    script = program(tmp_path, "answer", ANSWER_WITH)
    assert resolve_system(f"mine={cmd(script)} x").name == "mine"
    pred = tmp_path / "p.jsonl"
    pred.write_text('{"id": "g/0"}\n', encoding="utf-8")
    assert resolve_system(f"old=file:{pred}").name == "old"
    assert resolve_system(f"file:{pred}").name == f"file:{pred}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("mine=cmd:python x.py --k=v", ("mine", "cmd:python x.py --k=v")),
        ("v1.2=file:p.jsonl", ("v1.2", "file:p.jsonl")),
        ("cmd:FOO=1 python x.py", (None, "cmd:FOO=1 python x.py")),
        ("file:a=b.jsonl", (None, "file:a=b.jsonl")),
        ("sieve", (None, "sieve")),
        ("a b=cmd:x", (None, "a b=cmd:x")),
    ],
)
def test_split_name(given, expected):
    assert split_name(given) == expected
    assert display_name(given) == (expected[0] or expected[1])


def test_a_display_name_cannot_take_a_builtins_place():
    with pytest.raises(UsageError, match="'sieve' is the name of a built-in"):
        resolve_system("sieve=cmd:cat")


@pytest.mark.parametrize(
    ("system", "name", "message"),
    [
        ("sieve", "mine", "--name names one cmd: or file: system"),
        ("a=cmd:cat", "mine", "--name names one cmd: or file: system"),
        ("cmd:cat", "my name", "give a name without spaces"),
        ("cmd:cat", "", "give a name without spaces"),
    ],
)
def test_with_name_refuses_what_it_cannot_name(system, name, message):
    with pytest.raises(UsageError, match=message):
        with_name(system, name)


def test_run_records_named_external_systems_under_their_names(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl")
    echo = cmd(program(tmp_path, "echo", ECHO_PROGRAM), tmp_path / "log", tmp_path / "runs")
    pred = tmp_path / "pred.jsonl"
    done = quotebench("predict", echo, "--gold", gold, "--out", pred, "--quiet")
    assert done.returncode == 0, done.stderr
    board = tmp_path / "board.json"
    first = quotebench(
        "run",
        "--dataset",
        gold,
        "--systems",
        f"mine={echo},old=file:{pred}",
        "--leaderboard",
        board,
        "--quiet",
    )
    assert first.returncode == 0, first.stderr
    second = quotebench(
        "run",
        "--dataset",
        gold,
        "--systems",
        f"file:{pred}",
        "--name",
        "again",
        "--leaderboard",
        board,
        "--quiet",
    )
    assert second.returncode == 0, second.stderr
    entries = json.loads(board.read_text())["entries"]
    assert sorted({e["system"] for e in entries}) == ["again", "mine", "old"]


def test_predict_takes_a_name_for_its_summary(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl")
    script = program(tmp_path, "answer", ANSWER_WITH)
    out = tmp_path / "pred.jsonl"
    done = quotebench("predict", f"{cmd(script)} x", "--name", "mine", "--gold", gold, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "mine: 3 attributions in 3 articles" in done.stderr


SLEEPER = """
import os, sys, time
with open(sys.argv[1], "w") as handle:
    handle.write(str(os.getpid()))
time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_terminated_run_stops_its_cmd_program(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from systems_cases import ROOT

    gold = write_gold(tmp_path / "gold.jsonl")
    pid_file = tmp_path / "pid"
    system = cmd(program(tmp_path, "sleeper", SLEEPER), pid_file)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmark",
            "predict",
            system,
            "--gold",
            gold,
            "--out",
            tmp_path / "p.jsonl",
            "--quiet",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        child = int(pid_file.read_text())
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 128 + signal.SIGTERM, err
        for _ in range(200):  # killed: gone, or a zombie until init reaps the orphan
            if not _running(child):
                break
            time.sleep(0.05)
        assert not _running(child)
    finally:  # a failing run must not leave the sleeper behind
        proc.kill()
        if pid_file.exists() and pid_file.read_text() and _running(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
