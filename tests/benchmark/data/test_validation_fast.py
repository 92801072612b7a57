"""The fast checks (`document_fine`, `spans_fine`, the fast path of `check_prediction`) say a
record is fine exactly when the slow ones, which name each problem, find nothing."""

from __future__ import annotations

import pytest
from gold_fixtures import document
from hypothesis import given
from hypothesis import strategies as st

from benchmark.documents import Document, Prediction
from benchmark.errors import InputError
from benchmark.validation import (
    check_prediction,
    document_fine,
    document_problems,
    fragment_problems,
    spans_fine,
)

fragment = st.tuples(st.integers(-3, 12), st.integers(-3, 12))
span = st.none() | st.lists(fragment, min_size=1, max_size=3)


@given(st.lists(span, max_size=4), st.integers(0, 10))
def test_spans_fine_is_finding_no_fragment_problem(spans, text_length) -> None:
    found = [p for fragments in spans for p in fragment_problems(fragments, text_length, "f")]
    assert spans_fine(spans, text_length) == (not found)


def _corrupt(change) -> Document:
    record = document().model_dump()
    change(record)
    return Document.model_validate(record)


CORRUPTIONS = {
    "fine": lambda r: None,
    "duplicate speaker": lambda r: r["speakers"].append(dict(r["speakers"][0])),
    "empty lang": lambda r: r["meta"].update(lang=""),
    "domain not a string": lambda r: r["meta"].update(domain=3),
    "duplicate attribution id": lambda r: r["attributions"][1].update(id="A1"),
    "quote outside": lambda r: r["attributions"][0].update(quote=[[0, 10_000]]),
    "speaker reversed": lambda r: r["attributions"][0].update(speaker=[[5, 2]]),
    "cue empty": lambda r: r["attributions"][1].update(cue=[[4, 4]]),
    "addressee overlapping": lambda r: r["attributions"][1].update(addressee=[[0, 5], [3, 8]]),
    "unknown speaker_id": lambda r: r["attributions"][1].update(speaker_id="nobody"),
    "unknown addressee": lambda r: r["attributions"][1].update(addressee_ids=["nobody"]),
    "known addressee": lambda r: r["attributions"][1].update(addressee_ids=["volkov"]),
    "alternative layer": lambda r: r["alternatives"].append(
        {"annotator": "b", "attributions": [dict(r["attributions"][0], quote=[[-1, 3]])]}
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_document_fine_is_finding_no_document_problem(name) -> None:
    doc = _corrupt(CORRUPTIONS[name])
    assert document_fine(doc) == (not list(document_problems(doc)))
    assert document_fine(doc) == (name in ("fine", "known addressee"))


@pytest.mark.parametrize(
    "attribution",
    [
        {"quote": [[0, 5]], "speaker": [[6, 8]], "cue": [[9, 10]]},
        {"quote": [[0, 50]]},
        {"quote": [[0, 5]], "speaker": [[8, 6]]},
        {"quote": [[0, 5]], "cue": [[3, 4], [2, 3]]},
    ],
)
def test_check_prediction_names_the_first_span_problem(attribution) -> None:
    pred = Prediction.model_validate(
        {"id": "d", "attributions": [{"quote": [[0, 1]]}, attribution]}
    )
    expected = [
        (field, message)
        for name in ("quote", "speaker", "cue")
        for field, message in fragment_problems(
            getattr(pred.attributions[1], name), 20, f"attributions.1.{name}"
        )
    ][:1]
    try:
        check_prediction(pred, 20, "pred.jsonl", 1)
        found = []
    except InputError as exc:
        found = [(exc.field, exc.message)]
    assert found == expected
