"""Properties of `score` on generated articles (hypothesis)."""

from __future__ import annotations

import json
import re
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_cases import as_predicted

from benchmark import scoring
from benchmark.documents import (
    QUOTE_TYPES,
    Attribution,
    Document,
    PredictedAttribution,
    Prediction,
    Speaker,
)
from benchmark.scoring import score
from benchmark.scoring.matching import maximum_matching
from benchmark.scoring.mentions import PRONOUNS, speaker_kind
from benchmark.scoring.tokens import overlap, size, span_text, token_set, tokens

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


# --- the scorer against a literal, article-by-article reading of docs/scoring.md ---------------

AWKWARD_VOCAB = [*VOCAB, "İstanbul", "Óscar", "“Ja,”", "—", "😀", "x_y", "2024", "\n", "ſhe"]
REFERENCE_SLICED = ("lenient", "e2e", "attr_correct")
slices_order = ("type", "speaker_kind", "publisher", "labels.medium", "labels.nested")


def reference_words(name: str) -> tuple[str, ...]:
    words = [w.casefold() for w in re.findall(r"\w+", name)]
    return tuple(words[1:] if words and words[0] in ("the", "a", "an") else words)


def reference_correct(doc: Document, mid2: list[int], gold: Attribution, pred) -> bool:
    if gold.speaker is None and gold.speaker_id is None:
        return pred.speaker is None and pred.speaker_name is None
    shared = (
        gold.speaker is not None
        and pred.speaker is not None
        and overlap(token_set(mid2, pred.speaker), token_set(mid2, gold.speaker))
    )
    if shared:
        return True
    if pred.speaker is None and pred.speaker_name is None:
        return False
    given = pred.speaker_name
    name = reference_words(given if given is not None else span_text(doc.text, pred.speaker))
    golds = set() if gold.speaker is None else {reference_words(span_text(doc.text, gold.speaker))}
    entities = {s.id: s for s in doc.speakers}
    if gold.speaker_id is not None and gold.speaker_id in entities:
        entity = entities[gold.speaker_id]
        golds |= {reference_words(n) for n in (entity.name, *entity.aliases)}
    golds = {n for n in golds if not (n and all(t in PRONOUNS for t in n))}
    if name in golds:
        return True
    return bool(name) and any(
        len(n) >= 2 and n[-1] not in PRONOUNS and n[-1] == name[-1] for n in golds
    )


LABEL_KEYS = ("medium", "nested")


def reference_label(att: Attribution, key: str) -> str:
    value = att.labels.get(key)
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else json.dumps(value)


def reference_article(doc: Document, predicted: list, attribution: bool):
    mid2 = [start + end for start, end in tokens(doc.text)]
    gold_sets = [token_set(mid2, a.quote) for a in doc.attributions]
    pred_sets = [token_set(mid2, a.quote) for a in predicted]
    lenient, exact = [], []
    for g, gold_set in enumerate(gold_sets):
        for p, pred_set in enumerate(pred_sets):
            common, total = overlap(gold_set, pred_set), size(gold_set) + size(pred_set)
            if common and 4 * common >= total:
                lenient.append((g, p))
                if 2 * common == total:
                    exact.append((g, p))

    def right(g: int, p: int) -> bool:
        return reference_correct(doc, mid2, doc.attributions[g], predicted[p])

    pairs = {"lenient": lenient, "e2e": [(g, p) for g, p in lenient if right(g, p)]}
    if attribution:
        pairs["attr_correct"] = [
            (g, p)
            for g, gold in enumerate(doc.attributions)
            for p, pred in enumerate(predicted)
            if list(map(tuple, gold.quote)) == list(map(tuple, pred.quote)) and right(g, p)
        ]
    counts = {"n_gold": len(gold_sets), "n_pred": len(pred_sets)}
    counts["exact"] = maximum_matching(exact)
    counts.update({key: maximum_matching(found) for key, found in pairs.items()})
    groups: dict[tuple[str, str], set[int]] = {}
    for g, att in enumerate(doc.attributions):
        mention = None if att.speaker is None else span_text(doc.text, att.speaker)
        groups.setdefault(("type", att.type), set()).add(g)
        groups.setdefault(("speaker_kind", speaker_kind(mention, att.speaker_id)), set()).add(g)
        for key in LABEL_KEYS:
            groups.setdefault((f"labels.{key}", reference_label(att, key)), set()).add(g)
    sliced = {
        group: {
            "n_gold": len(members),
            **{
                key: maximum_matching([(g, p) for g, p in found if g in members])
                for key, found in pairs.items()
            },
        }
        for group, members in groups.items()
    }
    return counts, sliced


def reference_score(docs: list[Document], predictions: dict, attribution: bool):
    per_doc, totals = {}, {}
    for doc in docs:
        prediction = predictions.get(doc.id)
        predicted = list(prediction.attributions) if prediction else []
        counts, sliced = reference_article(doc, predicted, attribution)
        per_doc[doc.id] = counts
        publisher = doc.meta.get("publisher")
        if publisher is not None and doc.attributions:
            keys = ("n_gold", *(k for k in REFERENCE_SLICED if k in counts))
            sliced[("publisher", str(publisher))] = {k: counts[k] for k in keys}
        for group, row in sliced.items():
            total = totals.setdefault(group, {})
            for key, value in row.items():
                total[key] = total.get(key, 0) + value
    slices: dict[str, dict[str, dict]] = {}
    for (dimension, value), row in totals.items():
        out = {"n_gold": row["n_gold"]}
        for key, recall in (
            ("lenient", "lenient_r"),
            ("e2e", "e2e_r"),
            ("attr_correct", "attr_acc"),
        ):
            if key in row:
                out[key] = row[key]
                out[recall] = row[key] / row["n_gold"] if row["n_gold"] else 0.0
        slices.setdefault(dimension, {})[value] = out
    return per_doc, slices


@st.composite
def awkward_fragments(draw: st.DrawFn, text: str, max_fragments: int = 3):
    """Fragments as `score` may get them from Python: any order, overlapping, reversed, even
    outside the text; usually well-formed."""
    bound = st.integers(-2, len(text) + 2)
    if draw(st.integers(0, 3)):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=6)))
        fragments = [(a, b) for a, b in zip(cuts[0::2], cuts[1::2], strict=False) if a < b]
        if fragments:
            return fragments[:max_fragments]
    return draw(st.lists(st.tuples(bound, bound), min_size=1, max_size=max_fragments))


@st.composite
def awkward_datasets(draw: st.DrawFn):
    docs, predictions = [], {}
    for i in range(draw(st.integers(1, 4))):
        text = " ".join(draw(st.lists(st.sampled_from(AWKWARD_VOCAB), max_size=20)))
        names = draw(st.lists(st.sampled_from([*ENTITY_NAMES, "he", "Óscar", ""]), max_size=3))
        speakers = [
            Speaker(id=f"e{k % 2}", name=name, aliases=draw(st.lists(st.sampled_from(VOCAB))))
            for k, name in enumerate(names)
        ]
        ids = [None, "nobody", *(s.id for s in speakers)]
        attributions = [
            Attribution(
                id=f"A{k}",
                quote=draw(awkward_fragments(text)),
                speaker=draw(st.none() | awkward_fragments(text, 2)),
                speaker_id=draw(st.sampled_from(ids)),
                type=draw(st.sampled_from(QUOTE_TYPES)),
                labels=draw(
                    st.dictionaries(
                        st.sampled_from(["medium", "nested", "other"]),
                        st.sampled_from(["Speech", "Writing", "(none)", True, False, 3, 0.5]),
                    )
                ),
            )
            for k in range(draw(st.integers(0, 6)))
        ]
        meta = draw(st.sampled_from([{}, {"publisher": "p"}, {"publisher": 7}]))
        doc = Document(
            id=f"d{i}", text=text, meta=meta, speakers=speakers, attributions=attributions
        )
        docs.append(doc)
        predicted = [
            PredictedAttribution(
                quote=draw(
                    st.sampled_from([a.quote for a in attributions]) | awkward_fragments(text)
                )
                if attributions
                else draw(awkward_fragments(text)),
                speaker=draw(st.none() | awkward_fragments(text, 2)),
                speaker_name=draw(st.none() | st.sampled_from([*ENTITY_NAMES, "he", "", "óscar"])),
            )
            for _ in range(draw(st.integers(0, 6)))
        ]
        if draw(st.integers(0, 5)):
            predictions[doc.id] = Prediction(id=doc.id, attributions=predicted)
    return docs, predictions


@pytest.mark.parametrize("batch_chars", [1, 1 << 20])
@settings(max_examples=150, deadline=None)
@given(awkward_datasets(), st.sampled_from(["e2e", "attribution"]))
def test_counts_and_slices_equal_a_literal_reading_of_the_rules(
    batch_chars: int, dataset, track: str
) -> None:
    docs, predictions = dataset
    with patch.object(scoring, "BATCH_CHARS", batch_chars):
        report = score(
            docs,
            predictions,
            track=track,
            n_resamples=1,
            slice_by=[f"labels.{k}" for k in LABEL_KEYS],
        )
    per_doc, slices = reference_score(docs, predictions, track == "attribution")
    assert report.per_doc == per_doc
    assert report.slices == slices
    assert list(report.slices) == [d for d in slices_order if d in report.slices]
