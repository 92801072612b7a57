"""Recall by quote type, speaker mention kind and publisher."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scoring_cases import document, gold, pred, prediction

from benchmark.documents import Speaker
from benchmark.scoring import score
from benchmark.scoring.mentions import MENTION_KINDS, mention_kind, mention_kinds, speaker_kind
from benchmark.scoring.slices import registered_slices
from benchmark.scoring.spans import SpanTable
from benchmark.scoring.tokens import span_text, tokenise

TEXT = (
    "“We will win,” Putin said. He said the plan was sound. "
    "“No comment,” a spokesman said. Officials said it was “a mistake” to wait."
)

MENTION_WORDS = [
    *("he", "They", "HIS", "I", "the", "The", "a", "Another", "that", "spokesman", "Putin"),
    *("Ministry", "minister", "and", "you", "Óscar", "ſhe", "éloge", "“", "—", "x_y", "23"),
]


def scored(meta=None, track="e2e"):
    doc = document(
        TEXT,
        [
            gold(TEXT, "“We will win,”", "Putin"),
            gold(TEXT, "the plan was sound", "He", type="indirect"),
            gold(TEXT, "“No comment,”", "a spokesman"),
            gold(TEXT, "it was “a mistake” to wait", None, type="mixed"),
        ],
        meta=meta,
    )
    predicted = [
        pred(TEXT, "We will win", "Putin"),
        pred(TEXT, "the plan was sound", "Putin"),  # lenient; wrong speaker (span and name)
        pred(TEXT, "it was “a mistake” to wait"),  # right: null speaker
    ]
    return score([doc], prediction(doc, predicted), track=track)


def test_recall_by_type() -> None:
    slices = scored().slices
    assert slices["type"] == {
        "direct": {"n_gold": 2, "lenient": 1, "lenient_r": 0.5, "e2e": 1, "e2e_r": 0.5},
        "indirect": {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 0, "e2e_r": 0.0},
        "mixed": {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 1, "e2e_r": 1.0},
    }


def test_recall_by_speaker_mention_kind() -> None:
    kinds = scored().slices["speaker_kind"]
    assert list(kinds) == ["name", "nominal", "pronoun", "none"]
    assert kinds["name"]["e2e_r"] == 1.0
    assert kinds["nominal"]["lenient_r"] == 0.0
    assert kinds["pronoun"] == {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 0, "e2e_r": 0.0}
    assert kinds["none"]["e2e_r"] == 1.0


def test_entity_only_speakers_have_their_own_kind() -> None:
    putin = Speaker(id="putin", name="Vladimir Putin")
    doc = document(
        TEXT,
        [
            gold(TEXT, "“We will win,”", None, speaker_id="putin"),
            gold(TEXT, "the plan was sound", None, type="indirect"),
        ],
        speakers=[putin],
    )
    predicted = [
        pred(TEXT, "We will win", speaker_name="Putin"),
        pred(TEXT, "the plan was sound", speaker_name="Putin"),
    ]
    kinds = score([doc], prediction(doc, predicted)).slices["speaker_kind"]
    assert kinds == {
        "none": {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 0, "e2e_r": 0.0},
        "entity-only": {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 1, "e2e_r": 1.0},
    }
    assert speaker_kind(None, "putin") == "entity-only"
    assert speaker_kind(None, None) == "none"
    assert speaker_kind("He", "putin") == "pronoun"


def test_recall_by_any_gold_label() -> None:
    doc = document(
        TEXT,
        [
            gold(TEXT, "“We will win,”", "Putin").model_copy(
                update={"labels": {"medium": "Speech", "nested": False}}
            ),
            gold(TEXT, "the plan was sound", "He", type="indirect").model_copy(
                update={"labels": {"medium": "Writing", "nested": True}}
            ),
            gold(TEXT, "“No comment,”", "a spokesman").model_copy(
                update={"labels": {"medium": "Speech"}}
            ),
            gold(TEXT, "it was “a mistake” to wait", None, type="mixed"),
        ],
    )
    predicted = [pred(TEXT, "We will win", "Putin"), pred(TEXT, "the plan was sound", "Putin")]
    slices = score(
        [doc], prediction(doc, predicted), slice_by=["labels.medium", "labels.nested"]
    ).slices
    assert slices["labels.medium"] == {
        "Speech": {"n_gold": 2, "lenient": 1, "lenient_r": 0.5, "e2e": 1, "e2e_r": 0.5},
        "Writing": {"n_gold": 1, "lenient": 1, "lenient_r": 1.0, "e2e": 0, "e2e_r": 0.0},
        "(none)": {"n_gold": 1, "lenient": 0, "lenient_r": 0.0, "e2e": 0, "e2e_r": 0.0},
    }
    assert list(slices["labels.nested"]) == ["false", "true", "(none)"]
    assert slices["labels.nested"]["(none)"]["n_gold"] == 2
    assert "labels.medium" not in score([doc], prediction(doc, predicted)).slices


def test_a_slice_must_name_a_label() -> None:
    doc = document(TEXT, [gold(TEXT, "“We will win,”", "Putin")])
    for wrong in ("medium", "labels.", "type"):
        with pytest.raises(ValueError, match="labels.KEY"):
            score([doc], {}, slice_by=[wrong])


def test_registered_datasets_name_their_label_slices() -> None:
    from benchmark.data.registry import get_spec

    assert registered_slices("not-registered") == ()
    spec = get_spec("polnear")
    assert registered_slices("polnear") == tuple(f"labels.{k}" for k in spec.slice_labels)


def test_publisher_slice_only_when_known() -> None:
    assert "publisher" not in scored().slices
    rows = scored({"publisher": "Brackwater"}).slices["publisher"]
    assert rows == {
        "Brackwater": {"n_gold": 4, "lenient": 3, "lenient_r": 0.75, "e2e": 2, "e2e_r": 0.5}
    }


def test_attribution_track_slices_carry_attr_acc() -> None:
    rows = scored(track="attribution").slices["type"]
    assert rows["mixed"]["attr_acc"] == 1.0
    assert rows["direct"]["attr_acc"] == 0.0  # "We will win" differs from the gold fragments


def test_a_prediction_between_two_slices_counts_in_each() -> None:
    text = "A: “Yes.” B: “Yes”, she said."
    doc = document(
        text,
        [gold(text, ("Yes", 1), "A"), gold(text, ("Yes", 2), "B", type="indirect")],
    )
    report = score([doc], prediction(doc, [pred(text, "Yes.” B: “Yes")]))
    assert report.per_doc["d1"]["lenient"] == 1
    assert report.slices["type"]["direct"]["lenient"] == 1
    assert report.slices["type"]["indirect"]["lenient"] == 1


@given(
    st.lists(
        st.lists(st.sampled_from(MENTION_WORDS), min_size=1, max_size=8).map(" ".join),
        min_size=1,
        max_size=3,
    ),
    st.data(),
)
def test_mention_kinds_in_bulk_equal_mention_kind(texts: list[str], data: st.DataObject) -> None:
    spans, articles = [], []
    for _ in range(data.draw(st.integers(0, 6))):
        article = data.draw(st.integers(0, len(texts) - 1))
        bound = st.integers(-2, len(texts[article]) + 2)
        spans.append(data.draw(st.lists(st.tuples(bound, bound), min_size=1, max_size=3)))
        articles.append(article)
    tokenised = tokenise(texts)
    mentions = SpanTable.of_fragments(spans, np.array(articles, dtype=np.int64), tokenised)
    kinds = mention_kinds(mentions, np.array(articles, dtype=np.int64), tokenised, texts)
    expected = [mention_kind(span_text(texts[a], s)) for a, s in zip(articles, spans, strict=True)]
    assert [MENTION_KINDS[k] for k in kinds] == expected


def test_mention_kinds_in_bulk_read_unusual_words_as_text() -> None:
    mentions = ["ſhe", "İt", "The Spokesman", "Another critic", "you and I", "😀 Putin", "ΣΑΣ"]
    mentions += ["", "—", "x", "HIS", "the Σ", "that 😀"]
    spans = [[(0, len(m))] for m in mentions]
    articles = np.arange(len(mentions))
    tokenised = tokenise(mentions)
    table = SpanTable.of_fragments(spans, articles, tokenised)
    kinds = mention_kinds(table, articles, tokenised, mentions)
    assert [MENTION_KINDS[k] for k in kinds] == [mention_kind(m) for m in mentions]
