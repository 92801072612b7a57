"""The quote tagger's training budget: a corpus within it trains whole, a larger one on a seeded
sample of whole-paragraph passages that fits the budget, and the tagger still learns from it."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from baselines.learned.features import layout
from baselines.learned.lexicon import learn_lexicon
from baselines.learned.tagger import (
    BEGIN,
    INSIDE,
    TOKEN_BUDGET,
    QuoteTagger,
    budgeted,
    token_labels,
)
from tests.baselines.test_learned import NEW, TRAIN, make_article

LAYOUTS = [layout(doc.text) for doc in TRAIN]
LABELS = [token_labels(lay, doc) for lay, doc in zip(LAYOUTS, TRAIN, strict=True)]
PARAGRAPHS = [lay.paragraph for lay in LAYOUTS]
TOTAL = sum(len(y) for y in LABELS)


def test_a_corpus_within_the_budget_trains_whole():
    assert TOTAL <= TOKEN_BUDGET
    kept = budgeted(PARAGRAPHS, LABELS, seed=0)
    assert kept == [[(0, len(y))] for y in LABELS]
    assert budgeted(PARAGRAPHS, LABELS, seed=0, budget=TOTAL) == kept


@pytest.mark.parametrize("seed", [0, 1])
def test_a_larger_corpus_trains_on_passages_that_fit_the_budget(seed):
    budget, passage = TOTAL // 3, 20
    kept = budgeted(PARAGRAPHS, LABELS, seed=seed, budget=budget, passage=passage)
    assert kept == budgeted(PARAGRAPHS, LABELS, seed=seed, budget=budget, passage=passage)
    sizes = [hi - lo for ranges in kept for lo, hi in ranges]
    assert budget - 3 * passage < sum(sizes) <= budget
    assert sum(1 for ranges in kept if ranges) > len(kept) // 2  # drawn from most articles
    for paragraph, labels, ranges in zip(PARAGRAPHS, LABELS, kept, strict=True):
        for lo, hi in ranges:
            assert 0 <= lo < hi <= len(labels)
            assert lo == 0 or paragraph[lo] != paragraph[lo - 1]  # whole paragraphs
            assert labels[lo] != INSIDE  # no quote fragment is cut
        assert all(a[1] < b[0] for a, b in pairwise(ranges))  # adjacent passages are one range


def test_the_seed_picks_the_passages():
    picks = {
        str(budgeted(PARAGRAPHS, LABELS, seed=seed, budget=TOTAL // 3, passage=20))
        for seed in range(3)
    }
    assert len(picks) == 3


def test_a_tagger_fitted_on_a_sample_still_tags_quotes():
    lexicon = learn_lexicon(TRAIN)
    rates = [lexicon.cue_scores(lay.lower) for lay in LAYOUTS]
    cues = [np.zeros(len(lay)) for lay in LAYOUTS]
    tagger = QuoteTagger(budget=TOTAL // 2).fit(LAYOUTS, rates, cues, LABELS)
    doc = make_article(1, NEW)
    lay = layout(doc.text)
    [(spans, _)] = tagger.tag([lay], [lexicon.cue_scores(lay.lower)], [np.zeros(len(lay))])
    gold = token_labels(lay, doc)
    found = {lo for lo, _ in spans}
    assert len(found & set(np.flatnonzero(gold == BEGIN).tolist())) >= 3
