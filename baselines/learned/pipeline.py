"""The fitted `learned` pipeline: detect cue words, tag quote spans with a CRF conditioned on
them, join fragments of one quote, rank candidate speakers for each quote, keep the quotes the
span judge believes in, and name their speakers.

Training calibrates by two-fold cross-fitting (a corpus too long to train the tagger on whole:
a held-out fifth; see calibration_folds): models trained on half of the articles (even or odd)
process the other half exactly as at prediction time, and what they get right and wrong on
every article trains the fragment joiner and the span judge, tunes the judge's threshold (for
end-to-end F1) and the ranker's "no speaker" threshold. The cue detector, the tagger and the
ranker are then refitted on all articles. The tagger and the ranker always train on cue
probabilities the detector gives articles it did not see, and on lexicon rates counted without
them (two-fold cross-fitting), as at prediction time: a fiction corpus's speaker rates are
mostly its characters' names, which an unseen novel does not share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from baselines.learned.anchors import anchored
from baselines.learned.boosting import one_thread
from baselines.learned.candidates import Mention, find_mentions
from baselines.learned.cues import CueDetector, cue_labels
from baselines.learned.features import Layout, layout
from baselines.learned.lexicon import Lexicon, learn_lexicon
from baselines.learned.ranker import (
    ArticleView,
    Quote,
    Ranked,
    SpeakerRanker,
    best_accuracy_threshold,
)
from baselines.learned.spans import (
    N_GAP_FEATURES,
    N_SPAN_FEATURES,
    FragmentJoiner,
    GoldSpans,
    SpanJudge,
    Tagged,
    as_rows,
    gap_features,
    neighbours,
    same_quote,
    span_features,
)
from baselines.learned.tagger import TOKEN_BUDGET, QuoteTagger, token_labels
from baselines.mentions import Mentions
from benchmark.documents import Document, PredictedAttribution, Span
from benchmark.progress import track

MIN_CALIBRATION_QUOTES = 500
HELD_OUT_EVERY = 5
MIN_HELD_OUT = 6
TokenSpan = tuple[int, int]


@dataclass(frozen=True)
class Candidates:
    """What the tagger and the ranker make of a batch of articles, before the span judge."""

    layouts: list[Layout]
    quotes: list[list[Quote]]
    ranked: list[list[Ranked]]
    features: np.ndarray
    """One span-judge row per quote, articles in order."""


@dataclass
class Pipeline:
    lexicon: Lexicon
    detector: CueDetector
    tagger: QuoteTagger
    joiner: FragmentJoiner
    judge: SpanJudge
    ranker: SpeakerRanker

    def predict(self, texts: Sequence[str]) -> list[list[PredictedAttribution]]:
        """End to end: the attributions found in each text."""
        with one_thread():
            layouts = [layout(text) for text in texts]
            reader = Reader.shared(self.lexicon, self.detector.proba(layouts))
            tagged = _tag(self.tagger, reader, layouts)
            found = candidates(tagged, self.joiner, self.ranker)
            keep = iter(self.judge.keep(found.features))
            out = []
            for lay, quotes, ranked in zip(found.layouts, found.quotes, found.ranked, strict=True):
                kept = [
                    (quote, answer)
                    for quote, answer in zip(quotes, ranked, strict=True)
                    if next(keep)
                ]
                fragments = [[lay.char_span(*span) for span in quote] for quote, _ in kept]
                out.append(self._attributions(lay, fragments, [answer for _, answer in kept]))
            return out

    def attribute(self, text: str, quotes: Sequence[list[Span]]) -> list[PredictedAttribution]:
        """Attribution track: a speaker for each given quote (character fragments)."""
        lay = layout(text)
        token_quotes = [_token_quote(lay, q) for q in quotes]
        with one_thread():
            cue = self.detector.proba([lay])[0]
            view = _view(lay, self.lexicon, cue)
            ranked = iter(self.ranker.rank([view], [[q for q in token_quotes if q]])[0])
        answers = [next(ranked) if q else (None, 0.0) for q in token_quotes]
        return self._attributions(lay, [list(q) for q in quotes], answers)

    def _attributions(
        self, lay: Layout, quotes: list[list[Span]], answers: Sequence[Ranked]
    ) -> list[PredictedAttribution]:
        """Attributions in text order; speakers below the ranker's threshold are left out, the
        others are named by resolving them to the most recent compatible named mention."""
        names = Mentions(lay.analysis)
        out = []
        for fragments, (mention, score) in zip(quotes, answers, strict=True):
            if mention is None or score < self.ranker.threshold:
                out.append(PredictedAttribution(quote=fragments))
                continue
            start, end = lay.char_span(mention.lo, mention.hi)
            first = lay.analysis.first_token_at(start)
            last = max(first, lay.analysis.first_token_at(end) - 1)
            name = names.resolve(first, last) if first < lay.analysis.n else None
            out.append(
                PredictedAttribution(
                    quote=fragments,
                    speaker=[(start, end)],
                    speaker_name=name,
                    score=round(score, 4),
                )
            )
        return out


@dataclass(frozen=True)
class Reader:
    """What every later stage reads besides the text: each layout's lexicon and cue
    probabilities (from a lexicon and a detector that did not train on the layout)."""

    lexicons: list[Lexicon]
    cues: list[np.ndarray]

    @classmethod
    def shared(cls, lexicon: Lexicon, cues: list[np.ndarray]) -> Reader:
        """One lexicon for every layout: at prediction time, or when no layout is unseen."""
        return cls([lexicon] * len(cues), cues)

    def rates(self, layouts: Sequence[Layout]) -> list[np.ndarray]:
        """The lexicon's cue rate of every token (the tagger reads them beside the cues)."""
        return [lex.cue_scores(lay.lower) for lex, lay in zip(self.lexicons, layouts, strict=True)]


def candidates(tagged: list[Tagged], joiner: FragmentJoiner, ranker: SpeakerRanker) -> Candidates:
    """Join the tagged articles' fragments, rank speakers, describe quotes for the judge."""
    quotes = joiner.join(tagged)
    ranked = ranker.rank([t.art for t in tagged], quotes)
    rows = [
        span_features(t, quote, score)
        for t, doc_quotes, doc_ranked in zip(tagged, quotes, ranked, strict=True)
        for quote, (_, score) in zip(doc_quotes, doc_ranked, strict=True)
    ]
    layouts = [t.art.lay for t in tagged]
    return Candidates(layouts, quotes, ranked, as_rows(rows, N_SPAN_FEATURES))


def _tag(tagger: QuoteTagger, reader: Reader, layouts: list[Layout]) -> list[Tagged]:
    """The tagger's spans and probabilities for every layout, TAG_BATCH layouts at a time."""
    out = []
    for lo in range(0, len(layouts), TAG_BATCH):
        batch = layouts[lo : lo + TAG_BATCH]
        part = Reader(reader.lexicons[lo : lo + TAG_BATCH], reader.cues[lo : lo + TAG_BATCH])
        out += [
            Tagged.of(_view(lay, lexicon, cue), spans, log_proba)
            for lay, lexicon, cue, (spans, log_proba) in zip(
                batch,
                part.lexicons,
                part.cues,
                tagger.tag(batch, part.rates(batch), part.cues),
                strict=True,
            )
        ]
    return out


TAG_BATCH = 64
"""Layouts tagged at once: their feature matrix is built whole, and calibration tags hundreds of
held-out articles (prediction gets the harness's batches, smaller than this)."""


def train(docs: Sequence[Document], *, quiet: bool = False, random_state: int = 0) -> Pipeline:
    """Fit every model on `docs`, on one thread (see boosting.one_thread)."""
    with one_thread():
        return _train(docs, quiet, random_state)


def _train(docs: Sequence[Document], quiet: bool, random_state: int) -> Pipeline:
    docs = anchored(docs)
    layouts = [
        layout(d.text)
        for d in track(docs, "learned: reading articles", total=len(docs), quiet=quiet)
    ]
    sampled = sum(len(lay) for lay in layouts) > TOKEN_BUDGET
    folds = calibration_folds([len(d.attributions) for d in docs], sampled=sampled)
    in_sample = folds[0].in_sample
    # in-sample calibration fits its models on every article: they are the final ones
    final = () if in_sample else ("cue detector", "quote tagger", "speaker ranker")
    steps = (
        *(f"calibration models {k + 1}/{len(folds)}" for k in range(len(folds))),
        "calibration",
    )
    stage = iter(
        track((*steps, *final), "learned: training", total=len(steps) + len(final), quiet=quiet)
    )

    held: list[_Held] = []
    for fold in folds:
        next(stage)
        held.append(_calibration_models(fold, layouts, docs, random_state))

    next(stage)
    speaker_threshold = _speaker_threshold(held)
    for part in held:
        part.ranker.threshold = speaker_threshold
    tagged = [_tag(part.tagger, part.reader, part.layouts) for part in held]
    joiner = _fit_joiner(held, tagged, random_state)
    judge = _fit_judge(held, tagged, joiner, random_state)

    if in_sample:
        next(stage, None)  # finishes the progress bar
        (only,) = held
        return Pipeline(only.lexicon, only.detector, only.tagger, joiner, judge, only.ranker)
    next(stage)
    lexicon = learn_lexicon(docs)
    reader = _cross_fitted(layouts, docs, random_state)
    detector = _fit_detector(lexicon, layouts, docs, random_state)
    next(stage)
    tagger = _fit_tagger(reader, layouts, docs, random_state)
    next(stage)
    ranker = _fit_ranker(reader, layouts, docs, random_state)
    ranker.threshold = speaker_threshold
    next(stage, None)  # finishes the progress bar
    return Pipeline(lexicon, detector, tagger, joiner, judge, ranker)


@dataclass(frozen=True)
class Fold:
    """Article indices: the models of `seen` process `held` (the same list: in-sample)."""

    held: list[int]
    seen: list[int]

    @property
    def in_sample(self) -> bool:
        return self.held == self.seen


def calibration_folds(n_quotes: Sequence[int], *, sampled: bool = False) -> list[Fold]:
    """The calibration folds, given each article's number of gold quotes.

    Two folds: even articles held out from models trained on the odd ones, and the other way
    round, so that every article calibrates. Each half both trains a set of models and
    calibrates the other's, so each must hold MIN_CALIBRATION_QUOTES gold quotes (a few dozen
    short articles do not). A corpus the tagger trains on a sample of (`sampled`: more than
    TOKEN_BUDGET tokens, a few long novels) holds out every fifth article instead: one more
    budgeted CRF fit, not two, from models that saw four fifths of it; the fifth must hold
    MIN_HELD_OUT articles or MIN_CALIBRATION_QUOTES quotes. Otherwise calibration is
    in-sample: one fold, every article on both sides."""
    n = len(n_quotes)
    if sampled:
        last = HELD_OUT_EVERY - 1
        fifth = [i for i in range(n) if i % HELD_OUT_EVERY == last]
        if len(fifth) >= MIN_HELD_OUT or sum(n_quotes[i] for i in fifth) >= MIN_CALIBRATION_QUOTES:
            return [Fold(fifth, [i for i in range(n) if i % HELD_OUT_EVERY != last])]
    else:
        halves = [list(range(part, n, 2)) for part in (0, 1)]
        if all(sum(n_quotes[i] for i in half) >= MIN_CALIBRATION_QUOTES for half in halves):
            return [Fold(halves[0], halves[1]), Fold(halves[1], halves[0])]
    return [Fold(list(range(n)), list(range(n)))]


@dataclass(frozen=True)
class _Held:
    """One fold's held-out articles and the models that did not see them (in-sample: did)."""

    docs: list[Document]
    layouts: list[Layout]
    reader: Reader
    lexicon: Lexicon
    detector: CueDetector
    tagger: QuoteTagger
    ranker: SpeakerRanker


def _calibration_models(
    fold: Fold, layouts: Sequence[Layout], docs: Sequence[Document], random_state: int
) -> _Held:
    seen_docs = [docs[i] for i in fold.seen]
    seen_layouts = [layouts[i] for i in fold.seen]
    lexicon = learn_lexicon(seen_docs)
    seen_reader = _cross_fitted(seen_layouts, seen_docs, random_state)
    detector = _fit_detector(lexicon, seen_layouts, seen_docs, random_state)
    tagger = _fit_tagger(seen_reader, seen_layouts, seen_docs, random_state)
    ranker = _fit_ranker(seen_reader, seen_layouts, seen_docs, random_state)
    held_layouts = [layouts[i] for i in fold.held]
    # in-sample calibration (too few articles to hold any out) reads what training read
    reader = seen_reader if fold.in_sample else Reader.shared(lexicon, detector.proba(held_layouts))
    held_docs = [docs[i] for i in fold.held]
    return _Held(held_docs, held_layouts, reader, lexicon, detector, tagger, ranker)


def _fit_detector(
    lexicon: Lexicon, layouts: Sequence[Layout], docs: Sequence[Document], random_state: int
) -> CueDetector:
    labels = [cue_labels(lay, doc) for lay, doc in zip(layouts, docs, strict=True)]
    return CueDetector(lexicon, seed=random_state).fit(layouts, labels)


def _cross_fitted(layouts: Sequence[Layout], docs: Sequence[Document], random_state: int) -> Reader:
    """For every training article, the lexicon and the cue probabilities of a lexicon and a
    detector fitted on the other half (even / odd articles); with a single article, on it."""
    if len(docs) < 2:
        lexicon = learn_lexicon(docs)
        return Reader.shared(
            lexicon, _fit_detector(lexicon, layouts, docs, random_state).proba(layouts)
        )
    lexicons: dict[int, Lexicon] = {}
    cues: dict[int, np.ndarray] = {}
    for part in (0, 1):
        seen = [i for i in range(len(docs)) if i % 2 != part]
        unseen = [i for i in range(len(docs)) if i % 2 == part]
        seen_docs = [docs[i] for i in seen]
        lexicon = learn_lexicon(seen_docs)
        detector = _fit_detector(lexicon, [layouts[i] for i in seen], seen_docs, random_state)
        for i, cue in zip(unseen, detector.proba([layouts[i] for i in unseen]), strict=True):
            lexicons[i], cues[i] = lexicon, cue
    order = range(len(docs))
    return Reader([lexicons[i] for i in order], [cues[i] for i in order])


def _fit_tagger(
    reader: Reader, layouts: Sequence[Layout], docs: Sequence[Document], random_state: int
) -> QuoteTagger:
    labels = [token_labels(lay, doc) for lay, doc in zip(layouts, docs, strict=True)]
    return QuoteTagger(seed=random_state).fit(layouts, reader.rates(layouts), reader.cues, labels)


def _fit_ranker(
    reader: Reader, layouts: Sequence[Layout], docs: Sequence[Document], random_state: int
) -> SpeakerRanker:
    quotes, speakers = zip(
        *(_known(*_gold_quotes(lay, doc)) for lay, doc in zip(layouts, docs, strict=True)),
        strict=True,
    )
    return SpeakerRanker(random_state=random_state).fit(_views(reader, layouts), quotes, speakers)


def _speaker_threshold(held: Sequence[_Held]) -> float:
    """The ranker score below which "no speaker" is the better answer, on held-out gold quotes
    whose speaker is known (a span, or none at all), every fold's ranker on its own articles."""
    pairs = []
    for part in held:
        quotes, speakers = zip(
            *(
                _known(*_gold_quotes(lay, doc))
                for lay, doc in zip(part.layouts, part.docs, strict=True)
            ),
            strict=True,
        )
        ranked = part.ranker.rank(_views(part.reader, part.layouts), quotes)
        pairs += [
            (answer, gold)
            for doc_ranked, doc_speakers in zip(ranked, speakers, strict=True)
            for answer, gold in zip(doc_ranked, doc_speakers, strict=True)
        ]
    scores = np.array([score for (_, score), _ in pairs])
    outcomes = np.array(
        [(_speaks(mention, gold), not gold) for (mention, _), gold in pairs], dtype=bool
    )
    return best_accuracy_threshold(scores, outcomes.reshape(-1, 2))


def _fit_joiner(
    held: Sequence[_Held], tagged: Sequence[list[Tagged]], random_state: int
) -> FragmentJoiner:
    """Train the joiner on held-out neighbouring spans: join when both lie in one gold quote."""
    rows, labels = [], []
    for part, part_tagged in zip(held, tagged, strict=True):
        for t, doc in zip(part_tagged, part.docs, strict=True):
            gold = GoldSpans(_gold_quotes(t.art.lay, doc)[0])
            for k in neighbours(t.spans):
                rows.append(gap_features(t, t.spans[k], t.spans[k + 1]))
                labels.append(same_quote(t.art.lay, gold, t.spans[k], t.spans[k + 1]))
    joiner = FragmentJoiner(random_state=random_state)
    return joiner.fit(as_rows(rows, N_GAP_FEATURES), np.array(labels, dtype=bool))


def _fit_judge(
    held: Sequence[_Held],
    tagged: Sequence[list[Tagged]],
    joiner: FragmentJoiner,
    random_state: int,
) -> SpanJudge:
    """Train the judge on held-out quotes: a quote is right when it matches a gold quote (Dice
    >= 0.5) and the speaker the ranker gives (or withholds) is that quote's; when the gold
    speaker is an entity with no anchored span, matching the quote is enough."""
    features, right = [], []
    for part, part_tagged in zip(held, tagged, strict=True):
        found = candidates(part_tagged, joiner, part.ranker)
        features.append(found.features)
        threshold = part.ranker.threshold
        for lay, doc, quotes, ranked in zip(
            part.layouts, part.docs, found.quotes, found.ranked, strict=True
        ):
            gold, speakers = _gold_quotes(lay, doc)
            index = GoldSpans(gold)
            for quote, (mention, score) in zip(quotes, ranked, strict=True):
                k = index.best_match(lay, quote)
                right.append(
                    k is not None
                    and (
                        speakers[k] is None
                        or _speaks(mention if score >= threshold else None, speakers[k])
                    )
                )
    n_gold = sum(len(doc.attributions) for part in held for doc in part.docs)
    return SpanJudge(random_state=random_state).fit(
        np.concatenate(features), np.array(right, dtype=bool), n_gold
    )


def _gold_quotes(lay: Layout, doc: Document) -> tuple[list[Quote], list[set[int] | None]]:
    """Each gold quote as token ranges, with its speaker's token indices (empty: no speaker;
    None: an entity speaker with no span, see anchors.py, so no mention is known right)."""
    quotes: list[Quote] = []
    speakers: list[set[int] | None] = []
    for att in doc.attributions:
        quote = _token_quote(lay, att.quote)
        if quote:
            quotes.append(quote)
            speakers.append(
                None
                if att.speaker is None and att.speaker_id
                else {t for lo, hi in _token_quote(lay, att.speaker or []) for t in range(lo, hi)}
            )
    return quotes, speakers


def _known(
    quotes: list[Quote], speakers: list[set[int] | None]
) -> tuple[list[Quote], list[set[int]]]:
    """The quotes whose speaker is known: a ranker that learned from the others would learn
    that the speaker of an unanchored quote is none of its candidates."""
    pairs = [(q, s) for q, s in zip(quotes, speakers, strict=True) if s is not None]
    return [q for q, _ in pairs], [s for _, s in pairs]


def _speaks(mention: Mention | None, gold: set[int]) -> bool:
    if mention is None:
        return not gold
    return any(mention.lo <= t < mention.hi for t in gold)


def _views(reader: Reader, layouts: Sequence[Layout]) -> list[ArticleView]:
    return [
        _view(lay, lexicon, cue)
        for lay, lexicon, cue in zip(layouts, reader.lexicons, reader.cues, strict=True)
    ]


def _view(lay: Layout, lexicon: Lexicon, cue: np.ndarray) -> ArticleView:
    return ArticleView.of(lay, find_mentions(lay, lexicon, cue), cue, lexicon)


def _token_quote(lay: Layout, fragments: Sequence[Span]) -> Quote:
    ranges = (lay.token_range(start, end) for start, end in fragments)
    return [(lo, hi) for lo, hi in ranges if lo < hi]
