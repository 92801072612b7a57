"""The score report's JSON, its round trip, dataset naming and tables."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from scoring_cases import as_predicted, document, gold

from benchmark.data.fingerprint import dataset_info
from benchmark.data.loading import dataset_name
from benchmark.documents import Prediction
from benchmark.results import ScoreResult
from benchmark.scoring import SCORER_VERSION, ScoreReport, score
from benchmark.scoring.report import metrics_table, slices_table

TEXT = "“We will win,” Putin said."


def report(track: str = "attribution") -> tuple[ScoreReport, list]:
    doc = document(
        TEXT, [gold(TEXT, "“We will win,”", "Putin")], id="core/dev/01", meta={"publisher": "X"}
    )
    preds = {doc.id: Prediction(id=doc.id, attributions=[as_predicted(doc.attributions[0])])}
    return score([doc], preds, track=track, seed=3), [doc]


def test_result_has_exactly_the_documented_keys() -> None:
    rep, docs = report()
    data = rep.to_json(dataset_info(docs, "core", "dev"), {"name": "sys", "version": "1"})
    assert set(data) == {
        *("metrics", "ci95", "slices", "per_doc", "dataset", "system", "track", "seed"),
        *("n_resamples", "signature", "scorer_version", "format_version", "harness_version"),
    }
    assert list(data["dataset"]) == ["name", "split", "sha256", "n_docs", "n_gold"]
    assert data["scorer_version"] == SCORER_VERSION == "2"
    assert data["format_version"] == "1.1"
    assert (data["track"], data["seed"]) == ("attribution", 3)
    assert data["per_doc"] == {
        "core/dev/01": {
            "n_gold": 1,
            "n_pred": 1,
            "exact": 1,
            "lenient": 1,
            "e2e": 1,
            "attr_correct": 1,
        }
    }
    assert all(isinstance(v, list) and len(v) == 2 for v in data["ci95"].values())
    assert "attr_acc" in data["metrics"] and "attr_acc" in data["ci95"]
    json.dumps(data, allow_nan=False)


def test_round_trip_through_json() -> None:
    rep, docs = report()
    result = rep.to_result(dataset_info(docs, "core", "dev"), {"name": "s"})
    assert ScoreResult.model_validate(json.loads(result.model_dump_json())) == result


def test_e2e_results_have_no_attribution_accuracy() -> None:
    rep, docs = report("e2e")
    data = rep.to_json(dataset_info(docs, "core", "dev"), {"name": "s"})
    assert "attr_acc" not in data["metrics"] and "attr_acc" not in data["ci95"]


def test_dataset_name_from_ids_or_path(tmp_path: Path) -> None:
    _, docs = report()
    assert dataset_name(docs, tmp_path / "x.jsonl") == ("core", "dev")
    mixed = [*docs, docs[0].model_copy(update={"id": "polnear/dev/a"})]
    assert dataset_name(mixed, tmp_path / "data" / "mine" / "test.jsonl") == ("mine", "test")
    flat = [docs[0].model_copy(update={"id": "doc-1"})]
    assert dataset_name(flat, Path("data/core/test.jsonl")) == ("core", "test")


def test_tables_render() -> None:
    rep, _ = report()
    console = Console(record=True, width=120)
    console.print(metrics_table(rep, title="t"))
    console.print(slices_table(rep))
    text = console.export_text()
    assert "attr_acc" in text and "[1.0000, 1.0000]" in text and "publisher" in text
