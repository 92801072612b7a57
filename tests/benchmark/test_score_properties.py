"""Properties of `score` on generated articles (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_cases import as_predicted

from benchmark.documents import (
    QUOTE_TYPES,
    Attribution,
    Document,
    PredictedAttribution,
    Prediction,
    Speaker,
)
from benchmark.scoring import score

VOCAB = [
    "Putin", "Vladimir", "Merkel", "the", "minister", "said", "he", "she", "they", "plan",
    "“war”", "is", "over,", "a", "spokesman", "told", "reporters", "We", "will", "win.",
]  # fmt: skip
ENTITY_NAMES = ["Vladimir Putin", "Angela Merkel", "the minister", "Putin", "a spokesman"]
COUNTS = ("exact", "lenient", "e2e", "attr_correct")


@st.composite
def spans(draw: st.DrawFn, n_words: int, bounds: list[tuple[int, int]], max_fragments: int):
    """1..max_fragments ordered, disjoint fragments, each covering whole words."""
    k = draw(st.integers(1, max(1, min(max_fragments, n_words // 2))))
    cuts = sorted(
        draw(st.lists(st.integers(0, n_words), min_size=2 * k, max_size=2 * k, unique=True))
    )
    return [(bounds[a][0], bounds[b - 1][1]) for a, b in zip(cuts[0::2], cuts[1::2], strict=True)]


@st.composite
def documents(draw: st.DrawFn, doc_id: str = "d", min_attributions: int = 0) -> Document:
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=2, max_size=25))
    bounds, start = [], 0
    for word in words:
        bounds.append((start, start + len(word)))
        start += len(word) + 1
    text = " ".join(words)
    names = draw(st.lists(st.sampled_from(ENTITY_NAMES), max_size=3, unique=True))
    speakers = [Speaker(id=f"e{i}", name=n, aliases=[n.split()[-1]]) for i, n in enumerate(names)]
    attributions = []
    for i in range(draw(st.integers(min_attributions, 5))):
        speaker = draw(st.none() | spans(len(words), bounds, 1))
        speaker_id = None
        if speaker and speakers:
            speaker_id = draw(st.none() | st.sampled_from([s.id for s in speakers]))
        attributions.append(
            Attribution(
                id=f"A{i}",
                quote=draw(spans(len(words), bounds, 2)),
                speaker=speaker,
                speaker_id=speaker_id,
                type=draw(st.sampled_from(QUOTE_TYPES)),
            )
        )
    return Document(id=doc_id, text=text, speakers=speakers, attributions=attributions)


@st.composite
def datasets(draw: st.DrawFn, min_attributions: int = 0) -> list[Document]:
    n = draw(st.integers(1, 4))
    return [draw(documents(f"d{i}", min_attributions)) for i in range(n)]


@st.composite
def predicted(draw: st.DrawFn, doc: Document) -> list[PredictedAttribution]:
    """Arbitrary predictions: spans of the article, speakers as spans, names, or nothing."""
    words = doc.text.split(" ")
    bounds, start = [], 0
    for word in words:
        bounds.append((start, start + len(word)))
        start += len(word) + 1
    out = []
    for _ in range(draw(st.integers(0, 6))):
        out.append(
            PredictedAttribution(
                quote=draw(spans(len(words), bounds, 2)),
                speaker=draw(st.none() | spans(len(words), bounds, 1)),
                speaker_name=draw(st.none() | st.sampled_from([*ENTITY_NAMES, "he", "Merkel"])),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(datasets(min_attributions=1))
def test_gold_scored_against_itself_is_perfect_everywhere(docs: list[Document]) -> None:
    predictions = {
        d.id: Prediction(id=d.id, attributions=[as_predicted(a) for a in d.attributions])
        for d in docs
    }
    for track in ("e2e", "attribution"):
        report = score(docs, predictions, track=track, n_resamples=50)
        assert all(report.metrics[k] == 1.0 for k in report.ci95)
        assert all(ci == (1.0, 1.0) for ci in report.ci95.values())
        for values in report.slices.values():
            assert all(row["lenient_r"] == row["e2e_r"] == 1.0 for row in values.values())


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_removing_predictions_never_raises_a_count(data: st.DataObject) -> None:
    doc = data.draw(documents())
    preds = data.draw(predicted(doc))
    kept = [p for p in preds if data.draw(st.booleans())]
    full = score(
        [doc],
        {doc.id: Prediction(id=doc.id, attributions=preds)},
        track="attribution",
        n_resamples=1,
    )
    fewer = score(
        [doc],
        {doc.id: Prediction(id=doc.id, attributions=kept)},
        track="attribution",
        n_resamples=1,
    )
    for key in COUNTS:
        assert fewer.per_doc[doc.id][key] <= full.per_doc[doc.id][key]
    for key in ("quote_exact_r", "quote_lenient_r", "e2e_r", "attr_acc"):
        assert fewer.metrics[key] <= full.metrics[key]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_prediction_order_changes_nothing(data: st.DataObject) -> None:
    doc = data.draw(documents())
    preds = data.draw(predicted(doc))
    shuffled = data.draw(st.permutations(preds))
    a = score(
        [doc],
        {doc.id: Prediction(id=doc.id, attributions=preds)},
        track="attribution",
        n_resamples=20,
    )
    b = score(
        [doc],
        {doc.id: Prediction(id=doc.id, attributions=shuffled)},
        track="attribution",
        n_resamples=20,
    )
    assert a == b


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_renaming_speaker_entities_consistently_changes_nothing(data: st.DataObject) -> None:
    docs = data.draw(datasets())
    predictions = {d.id: Prediction(id=d.id, attributions=data.draw(predicted(d))) for d in docs}
    renamed = []
    for doc in docs:
        new_ids = {s.id: f"entity-{s.id[::-1]}-{len(doc.text)}" for s in doc.speakers}
        renamed.append(
            doc.model_copy(
                update={
                    "speakers": [
                        s.model_copy(update={"id": new_ids[s.id]}) for s in reversed(doc.speakers)
                    ],
                    "attributions": [
                        a.model_copy(update={"speaker_id": new_ids.get(a.speaker_id)})
                        for a in doc.attributions
                    ],
                }
            )
        )
    for track in ("e2e", "attribution"):
        before = score(docs, predictions, track=track, n_resamples=20)
        after = score(renamed, predictions, track=track, n_resamples=20)
        assert before == after


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_shuffling_predicted_speakers_never_raises_e2e(data: st.DataObject) -> None:
    """A system that found a subset of the quotes with their speakers: any reshuffle of those
    speakers among its quotes cannot score better end to end."""
    doc = data.draw(documents())
    found = [as_predicted(a) for a in doc.attributions if data.draw(st.booleans())]
    speakers = data.draw(st.permutations([(p.speaker, p.speaker_name) for p in found]))
    shuffled = [
        p.model_copy(update={"speaker": s, "speaker_name": n})
        for p, (s, n) in zip(found, speakers, strict=True)
    ]
    before = score([doc], {doc.id: Prediction(id=doc.id, attributions=found)}, n_resamples=1)
    after = score([doc], {doc.id: Prediction(id=doc.id, attributions=shuffled)}, n_resamples=1)
    assert after.per_doc[doc.id]["e2e"] <= before.per_doc[doc.id]["e2e"]
    assert after.per_doc[doc.id]["lenient"] == before.per_doc[doc.id]["lenient"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_slice_counts_are_bounded_and_cover_the_overall_count(data: st.DataObject) -> None:
    doc = data.draw(documents())
    preds = data.draw(predicted(doc))
    report = score([doc], {doc.id: Prediction(id=doc.id, attributions=preds)}, n_resamples=1)
    for dimension in ("type", "speaker_kind"):
        rows = report.slices.get(dimension, {}).values()
        assert sum(row["n_gold"] for row in rows) == report.metrics["n_gold"]
        for key in ("lenient", "e2e"):
            assert all(row[key] <= row["n_gold"] for row in rows)
            assert sum(row[key] for row in rows) >= report.per_doc[doc.id][key]
