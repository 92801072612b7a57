"""Reading JSONL line by line in bounded memory, and writing over any kind of path safely."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.documents import Document, Prediction, canonical_json
from benchmark.errors import InputError, UsageError
from benchmark.jsonl import append_text, iter_lines, read_json, write_jsonl, write_text
from benchmark.validation import read_documents, read_predictions

ROOT = Path(__file__).resolve().parents[2]
SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r"


def gold_line(text: str, **extra: object) -> str:
    doc = Document(id="d/0", text=text)
    return canonical_json(doc) if not extra else json.dumps({**doc.model_dump(), **extra})


# ------------------------------------------------------------------ reading


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_line_separators_inside_strings_are_text_not_line_ends(tmp_path, separator):
    text = f"Volkov said{separator}“we will win”."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line(text) + "\n", encoding="utf-8")
    assert read_documents(gold)[0].text == text
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        json.dumps({"id": "d/0", "attributions": [{"quote": [[0, 6]], "speaker_name": separator}]})
        + "\n",
        encoding="utf-8",
    )
    found = read_predictions(pred, read_documents(gold))
    assert found["d/0"].attributions[0].speaker_name == separator


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5))
def test_whatever_canonical_json_writes_reads_back(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("rt") / "gold.jsonl"
    docs = [Document(id=f"d/{i}", text=text) for i, text in enumerate(texts)]
    write_jsonl(path, (canonical_json(d) for d in docs))
    assert read_documents(path) == docs


def test_a_byte_order_mark_at_the_start_is_skipped(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"\xef\xbb\xbf" + gold_line("hello").encode() + b"\n")
    assert read_documents(gold)[0].text == "hello"
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(b"\xef\xbb\xbf" + b'{"id": "d/0", "attributions": []}\n')
    assert list(read_predictions(pred, read_documents(gold))) == ["d/0"]


def test_a_byte_order_mark_elsewhere_is_malformed(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(gold_line("a").encode() + b"\n\xef\xbb\xbf" + gold_line("b").encode())
    with pytest.raises(InputError, match=r"gold.jsonl:2: json: malformed JSON"):
        read_documents(gold)


def test_unknown_fields_are_ignored_in_predictions_but_refused_in_gold(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("hello") + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    line = {"id": "d/0", "model": "v2", "attributions": [{"quote": [[0, 5]], "confidence": 0.9}]}
    pred.write_text(json.dumps(line) + "\n", encoding="utf-8")
    found = read_predictions(pred, read_documents(gold))
    assert found["d/0"] == Prediction.model_validate(
        {"id": "d/0", "attributions": [{"quote": [[0, 5]]}]}
    )
    gold.write_text(gold_line("hello", extra=1) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:1: extra: Extra inputs are not permitted"):
        read_documents(gold)


def test_utf8_errors_give_the_line_and_the_file_offset(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"{}\n" + b'{"id": "\xff"}\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2: encoding: not valid UTF-8 \(byte 11\)"):
        list(iter_lines(path))


def test_a_line_over_the_limit_is_refused_unparsed(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBENCH_MAX_LINE_BYTES", "100")
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("short") + "\n" + gold_line("x" * 200) + "\n", encoding="utf-8")
    lines = iter_lines(path)
    assert next(lines)[0] == 1
    with pytest.raises(
        InputError, match=r"gold.jsonl:2: line longer than 100 bytes .*QUOTEBENCH_MAX_LINE_BYTES"
    ):
        next(lines)
    exact = tmp_path / "exact.jsonl"
    exact.write_text("[" + " " * 98 + "]\n", encoding="utf-8")  # 100 bytes: at the limit is fine
    assert [n for n, _ in iter_lines(exact)] == [1]


def test_too_many_attributions_in_gold_or_predictions_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBENCH_MAX_ATTRIBUTIONS", "2")
    text = "abcdef"
    atts = [{"id": f"A{i}", "quote": [[i, i + 1]], "type": "indirect"} for i in range(3)]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d/0", "text": text, "attributions": atts}) + "\n")
    with pytest.raises(
        InputError, match=r"gold.jsonl:1: attributions: 3 attributions, more than the limit of 2"
    ):
        read_documents(gold)
    gold.write_text(json.dumps({"id": "d/0", "text": text}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "d/0", "attributions": [{"quote": [[0, 1]]}] * 3}) + "\n")
    with pytest.raises(InputError, match=r"pred.jsonl:1: attributions: 3 attributions"):
        read_predictions(pred, read_documents(gold))


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_a_bad_limit_setting_is_a_usage_error(tmp_path, monkeypatch, value):
    monkeypatch.setenv("QUOTEBENCH_MAX_LINE_BYTES", value)
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("a") + "\n")
    with pytest.raises(UsageError, match="QUOTEBENCH_MAX_LINE_BYTES must be a positive integer"):
        read_documents(path)


def test_deeply_nested_json_is_an_input_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "d/0", "text": "x", "meta": {"a": ' + deep + "}}\n")
    with pytest.raises(InputError, match=r"deep.jsonl:1: json: JSON nested too deeply"):
        read_documents(path)
    whole = tmp_path / "deep.json"
    whole.write_text(deep)
    with pytest.raises(InputError, match=r"deep.json: json: JSON nested too deeply"):
        read_json(whole)


def test_read_json_names_the_file_for_directories_and_empty_files(tmp_path):
    with pytest.raises(InputError, match=r"is a directory"):
        read_json(tmp_path)
    (tmp_path / "empty.json").write_text(" \n")
    with pytest.raises(InputError, match=r"empty.json: file is empty"):
        read_json(tmp_path / "empty.json")
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"a": 1}')
    assert read_json(tmp_path / "bom.json") == {"a": 1}


# ------------------------------------------------------------------ writing


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("made/by/the/write.json")
    write_text(dangling, "fresh")
    assert dangling.is_symlink() and (tmp_path / "made/by/the/write.json").read_text() == "fresh"


def test_a_character_device_is_written_as_a_stream(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_text(link, "discarded")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_is_an_input_error_naming_the_file(tmp_path):
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    with pytest.raises(InputError, match=r"full: cannot write: No space left on device"):
        write_jsonl(link, ["x" * 10_000])
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_as_a_stream(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_jsonl(fifo, ["a", "b"])
    reader.join(timeout=30)
    assert received == ["a\nb\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_dash_and_own_stdout_write_to_stdout(capsys):
    write_text("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


def test_a_directory_or_an_unwritable_place_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"is a directory, expected a file path"):
        write_text(tmp_path, "x")
    with pytest.raises(InputError, match=r"is a directory"):
        append_text(tmp_path, "x")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match=r"file/out.json: cannot write: "):
        write_text(blocker / "out.json", "x")
    assert blocker.read_text() == ""


def test_append_text_appends(tmp_path):
    path = tmp_path / "summary.md"
    append_text(path, "a\n")
    append_text(path, "b\n")
    assert path.read_text() == "a\nb\n"


KILLED_WRITER = """
import sys, time
from benchmark.cli import app
from benchmark.jsonl import write_jsonl

def lines():
    yield "first"
    print("writing", flush=True)
    while True:
        time.sleep(0.05)
        yield "more"

@app.app.command("slow-write")
def slow_write(out: str) -> None:
    write_jsonl(out, lines())

app.main()
"""


def test_a_terminated_write_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "result.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED_WRITER), "slow-write", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + 15, err
    assert "terminated" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_git_ignores_the_temporary_files_of_interrupted_writes():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    probe = ROOT / "leaderboard" / ".core-test.json.k2j4x9.tmp"
    done = subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=ROOT)
    assert done.returncode == 0


def test_own_stdout_redirected_to_a_file_keeps_everything_in_order(tmp_path):
    """`--json /dev/stdout > out.txt`: written through the process's stdout, never a rename
    that would hide the rest of the output."""
    out = tmp_path / "out.txt"
    code = "from benchmark.jsonl import write_text; print('before', flush=True); write_text('/dev/stdout', 'json\\n'); print('after')"
    with out.open("w") as handle:
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=handle, check=True)
    assert out.read_text() == "before\njson\nafter\n"
