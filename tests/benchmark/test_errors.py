"""Error classes (benchmark/analysis/errors.py): counts add up to the scorer's, flags explain."""

from __future__ import annotations

import json

from cli import quotebench
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_cases import document, gold, pred, prediction
from test_score_properties import datasets, predicted

from benchmark.analysis.errors import analyse
from benchmark.documents import Prediction, Speaker
from benchmark.scoring import score
from benchmark.scoring.matching import extend_matching, maximum_matching


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_class_counts_add_up_to_the_scorer_per_article(data: st.DataObject) -> None:
    docs = data.draw(datasets())
    predictions = {d.id: Prediction(id=d.id, attributions=data.draw(predicted(d))) for d in docs}
    report = score(docs, predictions, n_resamples=1)
    analysis = analyse(docs, predictions)
    for article in analysis.articles:
        counts = report.per_doc[article.doc.id]
        gold_cls = [c.cls for c in article.gold_errors]
        pred_cls = [c.cls for c in article.pred_errors]
        assert gold_cls.count("correct") == pred_cls.count("correct") == counts["e2e"]
        lenient = gold_cls.count("correct") + gold_cls.count("wrong_speaker")
        assert lenient == counts["lenient"]
        assert pred_cls.count("correct") + pred_cls.count("wrong_speaker") == lenient
        assert gold_cls.count("missed") == counts["n_gold"] - counts["lenient"]
        assert pred_cls.count("spurious") == counts["n_pred"] - counts["lenient"]
        # e2e partners are mutual; a lenient partner is lenient-matched too (it may be the
        # e2e partner of another gold: the extension keeps coverage, not pairs)
        for i, c in enumerate(article.gold_errors):
            if c.cls == "correct":
                assert article.pred_errors[c.partner].partner == i
                assert article.pred_errors[c.partner].cls == "correct"
            elif c.cls == "wrong_speaker":
                assert article.pred_errors[c.partner].cls != "spurious"
    totals = analysis.counts()
    assert totals["gold"]["correct"] == round(report.metrics["e2e_r"] * report.metrics["n_gold"])
    assert sum(totals["pred"].values()) == report.metrics["n_pred"]


TEXT = (
    "“We will build more,” Putin said. Merkel said “talks” were over. "
    "“It was a success and a triumph,” the spokesman said. He added more."
)


def test_classes_and_flags_of_a_hand_made_article() -> None:
    doc = document(
        TEXT,
        [
            gold(TEXT, "“We will build more,”", "Putin", speaker_id="putin"),
            gold(TEXT, "“talks” were over", "Merkel", type="mixed"),
            gold(TEXT, "“It was a success and a triumph,”", "the spokesman"),
        ],
        speakers=[
            Speaker(id="putin", name="Vladimir Putin"),
            Speaker(id="merkel", name="Angela Merkel"),
        ],
    )
    preds = [
        pred(TEXT, "We will build more", "Putin"),  # correct, exact (marks are no tokens)
        pred(TEXT, "talks", speaker_name="Vladimir Putin"),  # too short: Dice 2/4 lenient
        pred(TEXT, "He added more"),  # spurious, outside quotation marks
    ]
    article = analyse([doc], prediction(doc, preds)).articles[0]
    g, p = article.gold_errors, article.pred_errors
    assert [c.cls for c in g] == ["correct", "wrong_speaker", "missed"]
    assert [c.cls for c in p] == ["correct", "wrong_speaker", "spurious"]
    assert g[0].flags == {"match": "exact"} and g[0].partner == 0
    assert g[1].flags == {
        "match": "boundary",
        "boundary": "too_short",
        "tokens": -2,
        "gold_speaker": "name",
        "predicted": "other_entity",
    }
    assert g[2].flags["split"] is False and g[2].flags["cue"] is None
    assert p[2].flags == {"merged": False, "overlapping": 0, "in_quotes": False}


def test_split_merged_and_no_speaker() -> None:
    text = "“One two three four,” she said. “Five six seven eight,” he said."
    doc = document(
        text,
        [
            gold(text, "“One two three four,”", "she"),
            gold(text, "“Five six seven eight,”", "he"),
        ],
    )
    preds = [
        pred(text, "One"),  # a piece of the first gold ...
        pred(text, "four"),  # ... and another: the first gold is split
        pred(text, "four,” she said. “Five"),  # overlaps both: merged, but not lenient
        pred(text, "Five six seven eight"),  # lenient, no speaker given
    ]
    article = analyse([doc], prediction(doc, preds)).articles[0]
    g, p = article.gold_errors, article.pred_errors
    assert g[0].cls == "missed" and g[0].flags["split"] and g[0].flags["overlapping"] == 3
    assert g[1].cls == "wrong_speaker" and g[1].flags["predicted"] == "no_speaker"
    assert g[1].flags["gold_speaker"] == "pronoun"
    assert p[2].cls == "spurious" and p[2].flags["merged"]
    assert p[0].flags["in_quotes"]


def test_e2e_matching_is_kept_when_lenient_matching_is_extended() -> None:
    # docs/scoring.md: P1 lenient with G1 and G2, attributed to Merkel; P2 lenient with G1 only
    text = "Putin and Merkel: “one two three four five six seven eight nine ten”"
    g1 = "“one two three four five six seven eight nine ten”"
    doc = document(
        text,
        [
            gold(text, g1, "Putin"),
            gold(text, "five six seven eight nine ten", "Merkel"),
        ],
    )
    preds = [
        pred(text, "three four five six seven eight nine ten", "Merkel"),
        pred(text, "one two three four five six", "Putin"),
    ]
    article = analyse([doc], prediction(doc, preds)).articles[0]
    assert [c.cls for c in article.gold_errors] == ["correct", "correct"]
    assert [c.partner for c in article.gold_errors] == [1, 0]


def test_cli_json_keys_and_bad_input(tmp_path) -> None:
    gold_path = "data/core/test.jsonl"
    pred_path = tmp_path / "sieve.jsonl"
    assert (
        quotebench(
            "predict", "sieve", "--gold", gold_path, "--out", pred_path, "--quiet"
        ).returncode
        == 0
    )
    out = tmp_path / "errors.json"
    done = quotebench(
        "errors", "--gold", gold_path, "--pred", pred_path, "--json", out, "--examples", "2"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert list(result) == ["gold", "pred", "flags", "by_cue", "examples"]
    assert list(result["gold"]) == ["correct", "wrong_speaker", "missed"]
    assert list(result["pred"]) == ["correct", "wrong_speaker", "spurious"]
    scored = tmp_path / "score.json"
    quotebench("score", "--gold", gold_path, "--pred", pred_path, "--json", scored, "--quiet")
    metrics = json.loads(scored.read_text())["metrics"]
    assert sum(result["gold"].values()) == metrics["n_gold"]
    assert sum(result["pred"].values()) == metrics["n_pred"]
    assert result["gold"]["correct"] == round(metrics["e2e_r"] * metrics["n_gold"])
    assert all(ex["article"].startswith("core/test/") for ex in result["examples"])
    assert "error classes" in done.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "core/test/0001", "attributions": [{"quote": [[5, 2]]}]}\n')
    again = tmp_path / "again.json"
    failed = quotebench("errors", "--gold", gold_path, "--pred", bad, "--json", again)
    assert failed.returncode == 2
    assert str(bad) in failed.stderr and "Traceback" not in failed.stderr
    assert not again.exists()


edges = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=25, unique=True)


@settings(max_examples=300, deadline=None)
@given(edges, st.data())
def test_extending_a_matching_keeps_its_quotes_covered(pairs, data: st.DataObject) -> None:
    sub = [e for e in pairs if data.draw(st.booleans())]
    start = extend_matching(sub)
    full = extend_matching(pairs, start)
    assert all((g, p) in pairs for p, g in full.items())
    assert len(set(full.values())) == len(full)  # one-to-one
    assert len(full) == maximum_matching(pairs)
    assert set(start) <= set(full) and set(start.values()) <= set(full.values())
