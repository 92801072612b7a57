"""`score_files` streams the gold and reads the predictions first; its errors must be exactly
those of reading the gold, then the predictions, line by line (the literal reading below)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmark.documents import Document, Prediction
from benchmark.errors import InputError
from benchmark.scoring import score
from benchmark.scoring.pipeline import score_files
from benchmark.validation import check_prediction, parse_line, read_documents

TEXT = "“We will win,” Putin said."
GOLD = [
    f'{{"id": "g/dev/{i}", "text": "{TEXT}", "attributions": '
    f'[{{"id": "A", "quote": [[1, 12]], "speaker": [[15, 20]], "type": "direct"}}]}}'
    for i in range(3)
]
BAD_GOLD = [
    '{"id": "g/dev/9", "text": "x", "attributions": [{"id": "A", "quote": [[0, 5]], "type": "direct"}]}',
    "{oops",
]
PRED_LINES = [
    *(
        f'{{"id": "g/dev/{i}", "attributions": [{{"quote": [[1, 12]], "speaker_name": "Putin"}}]}}'
        for i in range(3)
    ),
    '{"id": "g/dev/0", "attributions": []}',  # a duplicate when g/dev/0 came before
    '{"id": "g/dev/7", "attributions": []}',  # unknown article
    '{"id": "g/dev/1", "attributions": [{"quote": [[1, 99]]}]}',  # outside the text
    '{"id": "g/dev/2", "attributions": [{"quote": [[5, 2]]}]}',  # reversed
    '{"id": "g/dev/2", "attributions": [{"quote": []}]}',  # schema
    '{"id": ',  # malformed
    "",  # blank: skipped
]


def sequential_error(gold: Path, pred: Path) -> str | None:
    """The first error of reading the gold, then each prediction line in order."""
    try:
        docs = read_documents(gold)
    except InputError as exc:
        return str(exc)
    texts = {doc.id: doc.text for doc in docs}
    seen: dict[str, int] = {}
    lines = pred.read_text(encoding="utf-8").split("\n")
    if not any(line.strip() for line in lines):
        return f"{pred}: file is empty"
    try:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            found = parse_line(Prediction, line, pred, lineno)
            if found.id not in texts:
                raise InputError(
                    pred, lineno, "id", f"article id '{found.id}' is not in the gold data"
                )
            if found.id in seen:
                message = f"duplicate article id '{found.id}' (first on line {seen[found.id]})"
                raise InputError(pred, lineno, "id", message)
            seen[found.id] = lineno
            check_prediction(found, len(texts[found.id]), pred, lineno)
    except InputError as exc:
        return str(exc)
    return None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(GOLD + BAD_GOLD), min_size=1, max_size=4),
    st.lists(st.sampled_from(PRED_LINES), max_size=6),
)
def test_errors_are_those_of_a_sequential_reading(tmp_path: Path, gold_lines, pred_lines) -> None:
    gold, pred = tmp_path / "dev.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    pred.write_text("\n".join(pred_lines) + "\n", encoding="utf-8")
    expected = sequential_error(gold, pred)
    if expected is None:
        scored = score_files(gold, pred, seed=3)
        docs = read_documents(gold)
        predictions = {}
        for line in pred_lines:
            if line.strip():
                found = Prediction.model_validate_json(line)
                predictions[found.id] = found
        assert scored.report == score(docs, predictions, seed=3)
        assert scored.missing == [d.id for d in docs if d.id not in predictions]
        assert scored.info.n_docs == len(docs)
    else:
        with pytest.raises(InputError) as caught:
            score_files(gold, pred)
        assert str(caught.value) == expected


def test_a_missing_predictions_file_is_reported_after_the_gold(tmp_path: Path) -> None:
    gold = tmp_path / "dev.jsonl"
    gold.write_text(BAD_GOLD[1] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="dev.jsonl:1: json"):
        score_files(gold, tmp_path / "nothing.jsonl")
    gold.write_text(GOLD[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nothing.jsonl: file not found"):
        score_files(gold, tmp_path / "nothing.jsonl")


def test_documents_are_identical_to_the_models_read(tmp_path: Path) -> None:
    gold = tmp_path / "dev.jsonl"
    gold.write_text("\n".join(GOLD) + "\n", encoding="utf-8")
    assert read_documents(gold) == [Document.model_validate_json(line) for line in GOLD]
