"""`quotebench report`: the page's embedded data and the command's errors."""

from __future__ import annotations

import json
import re

from cli import ROOT, quotebench

GOLD = ROOT / "data" / "core" / "test.jsonl"


def test_report_page_data_and_usage(tmp_path) -> None:
    pred = tmp_path / "sieve.jsonl"
    assert quotebench("predict", "sieve", "--gold", GOLD, "--out", pred, "--quiet").returncode == 0
    out = tmp_path / "report.html"
    done = quotebench("report", "--gold", GOLD, "--pred", pred, "--out", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    blob = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)
    data = json.loads(blob.group(1))
    assert data["systems"] == ["sieve"]
    gold_lines = [json.loads(line) for line in GOLD.read_text().splitlines()]
    assert [a["id"] for a in data["articles"]] == [d["id"] for d in gold_lines]
    errors = tmp_path / "errors.json"
    quotebench("errors", "--gold", GOLD, "--pred", pred, "--json", errors, "--examples", "0")
    counts = json.loads(errors.read_text())
    classes = [c for a in data["articles"] for g in a["gold"] for c in g["c"]]
    assert {k: classes.count(k) for k in counts["gold"]} == counts["gold"]
    assert "<svg" in page and "src=" not in page and "<link" not in page
    assert 'id="diff"' not in page

    third = quotebench(
        "report", "--gold", GOLD, *["--pred", pred] * 3, "--out", tmp_path / "x.html"
    )
    assert third.returncode == 2 and not (tmp_path / "x.html").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    failed = quotebench("report", "--gold", GOLD, "--pred", bad, "--out", tmp_path / "y.html")
    assert failed.returncode == 2 and str(bad) in failed.stderr
    assert not (tmp_path / "y.html").exists()
