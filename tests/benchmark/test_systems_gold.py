"""Systems never see the gold. A spy records what the harness hands it — as a built-in, as an
installed entry point, and as a `cmd:` program — on both tracks: only the article's id, text and
meta, plus, on the attribution track, the gold quote spans and nothing else of the gold."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from systems_cases import (
    ECHO_PROGRAM,
    cmd,
    gold_documents,
    install_spy,
    program,
    quotebench,
    spy_records,
    write_gold,
)

from benchmark.documents import Article
from benchmark.systems import BUILTINS, Builtin, resolve_system, run_system

DOCS = gold_documents()
VISIBLE = [Article.of(d).model_dump() for d in DOCS]
QUOTES = [[[list(span) for span in att.quote] for att in d.attributions] for d in DOCS]


@pytest.fixture
def spy_log(tmp_path, monkeypatch):
    site = install_spy(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    log = tmp_path / "spy.jsonl"
    monkeypatch.setenv("QB_SPY_LOG", str(log))
    importlib.invalidate_caches()
    yield log
    sys.modules.pop("qb_spy", None)


@pytest.fixture(params=["builtin", "entry point"])
def spy(request, spy_log, monkeypatch):
    """The same spy, plugged in as a built-in (one line in BUILTINS) or as an entry point."""
    if request.param == "builtin":
        monkeypatch.setitem(BUILTINS, "spy-builtin", Builtin("qb_spy:Spy", "a spy"))
        return resolve_system("spy-builtin")
    return resolve_system("spy")


def assert_only_articles(records: list[dict], call: str) -> None:
    assert [r["call"] for r in records] == [call] * len(DOCS)
    for record, visible in zip(records, VISIBLE, strict=True):
        assert record["type"] == "Article"
        assert record["fields"] == ["id", "meta", "text"]
        assert record["data"] == visible


def test_e2e_track_sees_only_id_text_meta(spy, spy_log):
    run_system(spy, DOCS, "e2e", quiet=True)
    assert_only_articles(spy_records(spy_log), "predict")


def test_attribution_track_sees_only_articles_and_quote_spans(spy, spy_log):
    run_system(spy, DOCS, "attribution", quiet=True)
    records = spy_records(spy_log)
    assert_only_articles(records, "attribute")
    assert [r["quotes"] for r in records] == QUOTES
    assert {t for r in records for t in r["quote_types"]} <= {"tuple"}


@pytest.mark.parametrize("track", ["e2e", "attribution"])
def test_cmd_system_reads_only_id_text_meta_and_quotes(tmp_path, track):
    log, runs = tmp_path / "requests.jsonl", tmp_path / "runs.txt"
    system = resolve_system(cmd(program(tmp_path, "echo", ECHO_PROGRAM), log, runs))
    run_system(system, DOCS, track, quiet=True)
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    if track == "e2e":
        assert requests == VISIBLE
    else:
        assert [{k: v for k, v in r.items() if k != "quotes"} for r in requests] == VISIBLE
        assert [r["quotes"] for r in requests] == QUOTES


def test_cmd_system_through_the_cli_sees_no_gold(tmp_path):
    log, runs = tmp_path / "requests.jsonl", tmp_path / "runs.txt"
    gold = write_gold(tmp_path / "gold.jsonl")
    result = quotebench(
        "predict",
        cmd(program(tmp_path, "echo", ECHO_PROGRAM), log, runs),
        "--gold",
        gold,
        "--out",
        tmp_path / "p.jsonl",
        "--gold-quotes",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    assert [sorted(r) for r in requests] == [["id", "meta", "quotes", "text"]] * len(DOCS)
    assert "Arkady Volkov" not in log.read_text()  # the entity list stays behind


def test_a_system_that_mutates_its_inputs_cannot_change_the_gold(spy_log, monkeypatch):
    class Vandal:
        name, version = "vandal", "0"

        def predict(self, articles):
            raise AssertionError("not called")

        def attribute(self, article, quotes):
            for quote in quotes:
                quote.clear()
            return []

    docs = gold_documents()
    with pytest.raises(Exception, match="answered 0 quotes"):
        run_system(Vandal(), docs, "attribution", quiet=True)
    assert [[a.quote for a in d.attributions] for d in docs] == [
        [a.quote for a in d.attributions] for d in DOCS
    ]
