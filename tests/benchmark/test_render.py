"""Leaderboard and suite pages (benchmark/render/board.py, suite.py), read as text."""

from __future__ import annotations

import copy
import json
import re

from cli import ROOT, quotebench

from baselines.sieve import Sieve
from benchmark import leaderboard
from benchmark.render.board import is_reference, ranks, render_board_html
from benchmark.render.page import json_blob
from benchmark.render.suite import render_suite_markdown, suite_of

POLNEAR = ROOT / "leaderboard" / "polnear-dev.json"
CORE = ROOT / "leaderboard" / "core-test.json"


def test_reference_entries() -> None:
    assert is_reference({"track": "e2e", "reference": True})
    assert is_reference({"track": "e2e", "config": {"given_gold_quotes": True}})
    assert not is_reference({"track": "attribution", "config": {"given_gold_quotes": True}})
    assert not is_reference({"track": "e2e", "config": {"given_gold_quotes": False}})


def test_references_are_never_ranked() -> None:
    board = leaderboard.read(POLNEAR)
    ranked = ranks(board)
    assert ("gold-quotes+sieve", Sieve.version, "e2e") not in ranked
    assert ("gold-quotes+sieve", Sieve.version, "attribution") not in ranked  # a reference
    assert ("sieve", Sieve.version, "attribution") in ranked
    page = render_board_html(board)
    ranked_body, _, references = page.partition('<tbody class="references">')
    e2e = ranked_body.split('id="board-e2e"')[1]
    assert "gold-quotes+sieve" not in e2e
    assert "gold-quotes+sieve" in references.split("</tbody>")[0]
    assert "human ceiling" in references and "0.776" in references  # polnear's registry spec
    assert "PolNeAR" in page and 'class="ceiling"' in page


def test_board_escapes_names_and_marks_a_new_reference() -> None:
    board = copy.deepcopy(leaderboard.read(CORE))
    entry = next(e for e in board["entries"] if e["track"] == "e2e" and e["system"] == "sieve")
    marked = {**entry, "system": "<b>mine</b>", "reference": True}
    board["entries"].append(marked)
    page = render_board_html(board)
    assert "<b>mine</b>" not in page and "&lt;b&gt;mine&lt;/b&gt;" in page
    references = page.split('id="board-e2e"')[1].split('<tbody class="references">')[1]
    assert "&lt;b&gt;mine&lt;/b&gt;" in references.split("</tbody>")[0]
    assert "human ceiling" not in page.split('id="board-e2e"')[1]  # core has no ceiling
    assert "src=" not in page and "<link" not in page


def test_suite_marks_the_best_of_each_column() -> None:
    boards = [leaderboard.read(CORE), leaderboard.read(POLNEAR)]
    suite = suite_of(boards)
    assert suite.columns == ["core/test", "polnear/dev"]
    assert "gold-quotes+sieve" in suite.references and "gold-quotes+sieve" not in suite.ranked
    text = render_suite_markdown(suite)
    bold = re.findall(r"\| (\S+) \|([^\n]*)", text)
    best = {row[0]: row[1].count("**") // 2 for row in bold}
    assert sum(best.values()) == 2
    for column in suite.columns:
        winner = max(suite.ranked, key=lambda s: suite.ranked[s][column]["metrics"]["e2e_f1"])
        line = next(line for line in text.splitlines() if line.startswith(f"| {winner} |"))
        cell = line.split(" | ")[1 + suite.columns.index(column)]
        assert cell.startswith("**"), (column, winner)


def test_suite_command(tmp_path) -> None:
    out = tmp_path / "suite.md"
    done = quotebench("leaderboard", "suite", ROOT / "leaderboard", "--out", out)
    assert done.returncode == 0, done.stderr
    header = next(line for line in out.read_text().splitlines() if line.startswith("| system"))
    assert header.startswith("| system | core/test |") and " polnear/dev |" in header
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = quotebench("leaderboard", "suite", empty, "--format", "html")
    assert failed.returncode == 2 and str(empty) in failed.stderr
    (empty / "bad.json").write_text("{}")
    failed = quotebench("leaderboard", "suite", empty)
    assert failed.returncode == 2 and "bad.json" in failed.stderr


def test_json_blob_cannot_close_its_script() -> None:
    blob = json_blob({"text": "</script><script>alert(1)</script>"})
    assert blob.count("</script>") == 1
    inner = blob.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(inner) == {"text": "</script><script>alert(1)</script>"}
