"""Error classes of every gold and predicted attribution, from matchings of the scorer's kind.

Per batch of articles the allowed pairs come from the scorer's own code (token overlap, Dice
criteria, speaker rule). A maximum e2e matching is extended, by augmenting paths, to a maximum
lenient matching that still covers every attribution the e2e matching covers; then

- gold: `correct` (e2e-matched), `wrong_speaker` (lenient-matched only), `missed` (neither);
- predicted: `correct`, `wrong_speaker`, `spurious`;

so the counts are the scorer's: correct = e2e, correct + wrong_speaker = lenient, missed =
n_gold - lenient, spurious = n_pred - lenient. Flags explain each class (docs/report.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmark.data.quotetype import quote_type
from benchmark.documents import Attribution, Document, PredictedAttribution, Prediction
from benchmark.scoring.batch import Batch
from benchmark.scoring.matching import extend_matching, overlapping_pairs, quote_criteria
from benchmark.scoring.mentions import MENTION_KINDS, mention_kinds
from benchmark.scoring.spans import common_tokens
from benchmark.scoring.speakers import (
    entity_names,
    name_matches,
    normalise_name,
    pronouns_only,
    speaker_correct,
)
from benchmark.scoring.tokens import midpoints2, overlap, span_text, token_set

GOLD_CLASSES = ("correct", "wrong_speaker", "missed")
PRED_CLASSES = ("correct", "wrong_speaker", "spurious")
GOLD_SPEAKER_KINDS = (*MENTION_KINDS, "entity-only")
PREDICTED_SPEAKERS = (
    "contested",
    "no_speaker",
    "other_entity",
    "pronoun",
    "other_mention",
    "no_overlap",
    "wrong_name",
)
"""What a wrong-speaker prediction gave, first that applies: the pair's speaker is in fact
right but the one-to-one e2e matching gave the prediction (or the gold) to another partner;
no speaker at all; a mention or a name of another entity; an unresolved pronoun; another
mention of the gold entity that does not name it; a span overlapping no mention of the gold
entity; a name (speaker_name only) that matches nothing."""
BOUNDARIES = ("too_long", "too_short", "shifted")
CONTEXT_CHARS = 80
ARTICLES_PER_BATCH = 64


@dataclass(frozen=True)
class Classified:
    """One attribution's class, its partner (index on the other side of the same article,
    None for missed and spurious) and the flags that explain the class."""

    cls: str
    partner: int | None
    flags: dict[str, Any]


@dataclass(frozen=True)
class ArticleErrors:
    doc: Document
    pred: Sequence[PredictedAttribution]
    gold_errors: list[Classified]
    pred_errors: list[Classified]


@dataclass(frozen=True)
class ErrorAnalysis:
    articles: list[ArticleErrors]

    def counts(self) -> dict[str, dict[str, int]]:
        gold = Counter(c.cls for a in self.articles for c in a.gold_errors)
        pred = Counter(c.cls for a in self.articles for c in a.pred_errors)
        return {
            "gold": {k: gold[k] for k in GOLD_CLASSES},
            "pred": {k: pred[k] for k in PRED_CLASSES},
        }

    def flags(self) -> dict[str, Any]:
        """Totals of the flags, by the class they explain."""
        golds = [c for a in self.articles for c in a.gold_errors]
        matched = [c for c in golds if c.cls != "missed"]
        wrong = [c for c in golds if c.cls == "wrong_speaker"]
        missed = [c for c in golds if c.cls == "missed"]
        spurious = [c for a in self.articles for c in a.pred_errors if c.cls == "spurious"]
        bounds = Counter(c.flags.get("boundary") for c in matched)
        return {
            "matched": {
                "exact": sum(c.flags["match"] == "exact" for c in matched),
                "boundary": sum(c.flags["match"] == "boundary" for c in matched),
                **{b: bounds[b] for b in BOUNDARIES},
            },
            "wrong_speaker": {
                "gold_speaker": _tally(wrong, "gold_speaker", GOLD_SPEAKER_KINDS),
                "predicted": _tally(wrong, "predicted", PREDICTED_SPEAKERS),
            },
            "missed": {
                "split": sum(c.flags["split"] for c in missed),
                "type": dict(sorted(Counter(c.flags["type"] for c in missed).items())),
                "no_cue": sum(c.flags["cue"] is None for c in missed),
            },
            "spurious": {
                "merged": sum(c.flags["merged"] for c in spurious),
                "in_quotes": sum(c.flags["in_quotes"] for c in spurious),
            },
        }

    def by_cue(self) -> dict[str, dict[str, int]]:
        """Gold classes by lowercased cue text, most missed first: the cues a system never finds
        have missed == n_gold."""
        table: dict[str, Counter[str]] = {}
        for article in self.articles:
            for att, c in zip(article.doc.attributions, article.gold_errors, strict=True):
                cue = cue_text(article.doc, att)
                if cue is not None:
                    table.setdefault(cue, Counter())[c.cls] += 1
        rows = {
            cue: {"n_gold": sum(n.values()), **{k: n[k] for k in GOLD_CLASSES}}
            for cue, n in table.items()
        }
        return dict(
            sorted(rows.items(), key=lambda kv: (-kv[1]["missed"], -kv[1]["n_gold"], kv[0]))
        )

    def examples(self, n: int) -> list[dict[str, Any]]:
        """Up to n examples per class, spread evenly over the data (deterministic)."""
        out: list[dict[str, Any]] = []
        for side, classes in (("gold", GOLD_CLASSES), ("pred", PRED_CLASSES)):
            for cls in classes:
                found = [
                    (a, i)
                    for a in self.articles
                    for i, c in enumerate(a.gold_errors if side == "gold" else a.pred_errors)
                    if c.cls == cls
                ]
                picked = sorted({k * len(found) // n for k in range(n)}) if found and n else []
                out += [example(a, side, i) for a, i in (found[k] for k in picked)]
        return out

    def to_json(self, n_examples: int = 3) -> dict[str, Any]:
        return {
            **self.counts(),
            "flags": self.flags(),
            "by_cue": self.by_cue(),
            "examples": self.examples(n_examples),
        }


def analyse(
    gold: Sequence[Document], predictions: Mapping[str, Prediction], *, quiet: bool = True
) -> ErrorAnalysis:
    """Classify every gold and predicted attribution; an article without a prediction predicts
    nothing."""
    from benchmark.progress import track

    starts = range(0, len(gold), ARTICLES_PER_BATCH)
    articles: list[ArticleErrors] = []
    for start in track(starts, "classifying", total=len(starts), quiet=quiet):
        docs = gold[start : start + ARTICLES_PER_BATCH]
        predicted = [_attributions(predictions.get(doc.id)) for doc in docs]
        articles += _classify_batch(Batch.of(docs, predicted))
    return ErrorAnalysis(articles)


def analyse_files(gold: str | Path, pred: str | Path, *, quiet: bool = True) -> ErrorAnalysis:
    """Validate both files (InputError at the first problem), then classify."""
    from benchmark.validation import read_documents, read_predictions

    docs = read_documents(gold)
    return analyse(docs, read_predictions(pred, docs), quiet=quiet)


def cue_text(doc: Document, att: Attribution) -> str | None:
    return None if att.cue is None else span_text(doc.text, att.cue).casefold()


def example(article: ArticleErrors, side: str, index: int) -> dict[str, Any]:
    """One attribution with its partner, the text around them and both annotations."""
    doc = article.doc
    c = (article.gold_errors if side == "gold" else article.pred_errors)[index]
    gold_i, pred_i = (index, c.partner) if side == "gold" else (c.partner, index)
    gold = doc.attributions[gold_i] if gold_i is not None else None
    pred = article.pred[pred_i] if pred_i is not None else None
    spans = [
        f
        for span in (
            gold and gold.quote,
            gold and gold.speaker,
            pred and pred.quote,
            pred and pred.speaker,
        )
        if span
        for f in span
    ]
    lo = max(0, min(a for a, _ in spans) - CONTEXT_CHARS)
    hi = min(len(doc.text), max(b for _, b in spans) + CONTEXT_CHARS)
    return {
        "class": f"{side}.{c.cls}",
        "article": doc.id,
        "context": {"start": lo, "text": doc.text[lo:hi]},
        "gold": None if gold is None else _gold_json(doc, gold),
        "pred": None if pred is None else _pred_json(doc, pred),
        "flags": c.flags,
    }


def _classify_batch(batch: Batch) -> list[ArticleErrors]:
    g, p = overlapping_pairs(batch.gold_quotes, batch.pred_quotes)
    common = common_tokens(batch.gold_quotes, g, batch.pred_quotes, p)
    _, lenient = quote_criteria(batch.gold_quotes, batch.pred_quotes, g, p)
    lg, lp = g[lenient], p[lenient]
    right = speaker_correct(batch, lg, lp)
    e2e = extend_matching(zip(lg[right].tolist(), lp[right].tolist(), strict=True))
    full = extend_matching(zip(lg.tolist(), lp.tolist(), strict=True), e2e)
    e2e_gold = {v: k for k, v in e2e.items()}
    full_gold = {v: k for k, v in full.items()}
    shared = {
        (a, b): c for a, b, c in zip(g.tolist(), p.tolist(), common.tolist(), strict=True) if c
    }
    right_pairs = set(zip(lg[right].tolist(), lp[right].tolist(), strict=True))
    gold_overlaps = np.bincount(g[common > 0], minlength=len(batch.gold))
    pred_overlaps = np.bincount(p[common > 0], minlength=len(batch.pred))
    kinds = _gold_speaker_kinds(batch)
    gold_first = np.cumsum(batch.gold_count) - batch.gold_count
    pred_first = np.cumsum(batch.pred_count) - batch.pred_count
    context = _Context(batch, shared, right_pairs, kinds)

    out = []
    for k, doc in enumerate(batch.docs):
        g0, p0 = int(gold_first[k]), int(pred_first[k])
        golds, preds = [], []
        for gi in range(g0, g0 + int(batch.gold_count[k])):
            if gi in e2e_gold:
                pi = e2e_gold[gi]
                golds.append(Classified("correct", pi - p0, context.match(gi, pi)))
            elif gi in full_gold:
                pi = full_gold[gi]
                golds.append(Classified("wrong_speaker", pi - p0, context.wrong(gi, pi)))
            else:
                golds.append(Classified("missed", None, context.missed(gi, gold_overlaps[gi])))
        for pi in range(p0, p0 + int(batch.pred_count[k])):
            if pi in e2e:
                preds.append(Classified("correct", e2e[pi] - g0, context.match(e2e[pi], pi)))
            elif pi in full:
                preds.append(
                    Classified("wrong_speaker", full[pi] - g0, context.wrong(full[pi], pi))
                )
            else:
                preds.append(Classified("spurious", None, context.spurious(pi, pred_overlaps[pi])))
        out.append(ArticleErrors(doc, batch.pred[p0 : p0 + len(preds)], golds, preds))
    return out


class _Context:
    """What the flags of one batch's attributions are computed from."""

    def __init__(
        self,
        batch: Batch,
        shared: dict[tuple[int, int], int],
        right_pairs: set[tuple[int, int]],
        kinds: list[str],
    ) -> None:
        """`shared`: tokens in common of every overlapping (gold, predicted) pair that shares
        some; `right_pairs`: the lenient pairs whose speaker is correct; `kinds`: each gold
        attribution's speaker kind."""
        self.batch, self.shared, self.right_pairs, self.kinds = batch, shared, right_pairs, kinds
        self._mid2: dict[int, list[int]] = {}

    def match(self, gi: int, pi: int) -> dict[str, Any]:
        """`exact`, or `boundary` with its direction and the token difference |P| - |G|."""
        common = self.shared[gi, pi]
        gs, ps = int(self.batch.gold_quotes.size[gi]), int(self.batch.pred_quotes.size[pi])
        if 2 * common == gs + ps:
            return {"match": "exact"}
        extra, missing = ps - common, gs - common
        direction = "too_long" if not missing else "too_short" if not extra else "shifted"
        return {"match": "boundary", "boundary": direction, "tokens": ps - gs}

    def wrong(self, gi: int, pi: int) -> dict[str, Any]:
        return {
            **self.match(gi, pi),
            "gold_speaker": self.kinds[gi],
            "predicted": self._predicted(gi, pi),
        }

    def missed(self, gi: int, overlaps: int) -> dict[str, Any]:
        article = int(self.batch.gold_article[gi])
        att = self.batch.gold[gi]
        return {
            "split": bool(overlaps >= 2),
            "overlapping": int(overlaps),
            "type": att.type,
            "cue": cue_text(self.batch.docs[article], att),
            "gold_speaker": self.kinds[gi],
        }

    def spurious(self, pi: int, overlaps: int) -> dict[str, Any]:
        text = self.batch.texts[int(self.batch.pred_article[pi])]
        widened = [(max(0, a - 1), min(len(text), b + 1)) for a, b in self.batch.pred[pi].quote]
        return {
            "merged": bool(overlaps >= 2),
            "overlapping": int(overlaps),
            "in_quotes": quote_type(text, widened) != "indirect",
        }

    def _predicted(self, gi: int, pi: int) -> str:
        """One of PREDICTED_SPEAKERS."""
        if (gi, pi) in self.right_pairs:
            return "contested"
        pred, gold = self.batch.pred[pi], self.batch.gold[gi]
        if pred.speaker is None and pred.speaker_name is None:
            return "no_speaker"
        article = int(self.batch.gold_article[gi])
        doc, mid2 = self.batch.docs[article], self._midpoints(article)
        own = [
            token_set(mid2, a.speaker)
            for a in doc.attributions
            if a.speaker is not None
            and (a is gold or (gold.speaker_id is not None and a.speaker_id == gold.speaker_id))
        ]
        others = [
            tokens
            for a in doc.attributions
            if a.speaker is not None
            and (gold.speaker_id is None or a.speaker_id != gold.speaker_id)
            for tokens in [token_set(mid2, a.speaker)]
            if not any(overlap(tokens, mine) for mine in own)
        ]
        span = token_set(mid2, pred.speaker) if pred.speaker is not None else ()
        name = (
            pred.speaker_name
            if pred.speaker_name is not None
            else span_text(doc.text, pred.speaker)
        )
        normalised = " ".join(normalise_name(name))
        other_names = [
            names for entity, names in entity_names(doc).items() if entity != gold.speaker_id
        ]
        if any(overlap(span, tokens) for tokens in others) or any(
            name_matches(normalised, names) for names in other_names
        ):
            return "other_entity"
        if pronouns_only(normalised):
            return "pronoun"
        if pred.speaker is not None:
            return "other_mention" if any(overlap(span, mine) for mine in own) else "no_overlap"
        return "wrong_name"

    def _midpoints(self, article: int) -> list[int]:
        if article not in self._mid2:
            self._mid2[article] = midpoints2(self.batch.texts[article])
        return self._mid2[article]


def _gold_speaker_kinds(batch: Batch) -> list[str]:
    """Each gold attribution's mention kind, or entity-only (no mention, a speaker_id)."""
    has = batch.gold_speaker >= 0
    codes = mention_kinds(batch.gold_speakers, batch.gold_article[has], batch.tokens, batch.texts)
    found = iter(codes.tolist())
    return [
        MENTION_KINDS[next(found)]
        if att.speaker is not None
        else "entity-only"
        if att.speaker_id is not None
        else "none"
        for att in batch.gold
    ]


def _tally(items: Sequence[Classified], flag: str, values: Sequence[str]) -> dict[str, int]:
    counts = Counter(c.flags[flag] for c in items)
    return {v: counts[v] for v in values}


def _gold_json(doc: Document, att: Attribution) -> dict[str, Any]:
    return {
        "id": att.id,
        "quote": span_text(doc.text, att.quote),
        "fragments": att.quote,
        "speaker": None if att.speaker is None else span_text(doc.text, att.speaker),
        "speaker_id": att.speaker_id,
        "type": att.type,
        "cue": cue_text(doc, att),
    }


def _pred_json(doc: Document, att: PredictedAttribution) -> dict[str, Any]:
    return {
        "quote": span_text(doc.text, att.quote),
        "fragments": att.quote,
        "speaker": None if att.speaker is None else span_text(doc.text, att.speaker),
        "speaker_name": att.speaker_name,
    }


def _attributions(prediction: Prediction | None) -> Sequence[PredictedAttribution]:
    return prediction.attributions if prediction is not None else ()
