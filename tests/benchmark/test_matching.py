"""Dice on token sets, allowed pairs, and maximum one-to-one matchings."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching
from scoring_cases import document, gold, pred, prediction

from benchmark.scoring import score
from benchmark.scoring.matching import (
    dice,
    matching_sizes,
    maximum_matching,
    overlapping,
    overlapping_pairs,
    quote_pairs,
)
from benchmark.scoring.spans import SpanTable


def r(lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """A token set of one range."""
    return ((lo, hi),)


def test_dice() -> None:
    assert dice(r(0, 4), r(0, 4)) == 1.0
    assert dice(r(0, 4), r(2, 6)) == 0.5
    assert dice(r(0, 2), r(2, 4)) == 0.0
    assert dice(((0, 2), (4, 6)), r(0, 6)) == 0.8  # 2 * 4 / (4 + 6)
    assert dice((), ()) == 0.0


def test_lenient_threshold_is_inclusive_and_exact_needs_identical_tokens() -> None:
    gold_quotes = [r(0, 4)]
    assert quote_pairs(gold_quotes, [r(2, 6)]).lenient == [(0, 0)]  # Dice = 0.5 exactly
    assert quote_pairs(gold_quotes, [r(0, 1)]).lenient == []  # Dice = 0.4
    pairs = quote_pairs(gold_quotes, [r(0, 4), r(0, 3)])
    assert pairs.exact == [(0, 0)]
    assert sorted(pairs.lenient) == [(0, 0), (0, 1)]


def test_exact_ignores_punctuation_outside_tokens() -> None:
    text = "He said “we will win” today."
    doc = document(text, [gold(text, "“we will win”", "He")])
    report = score([doc], prediction(doc, [pred(text, "we will win", "He")]))
    assert report.per_doc["d1"]["exact"] == 1


def test_tie_counts_the_maximum_matching_whatever_the_order() -> None:
    # G1 = tokens 0-9, G2 = 10-19. P1 (5-14) ties between them (Dice 0.5 with both);
    # P2 (0-7) fits only G1. Taking P1-G1 first leaves P2 unmatched: 1 match; the maximum is 2.
    gold_quotes = [r(0, 10), r(10, 20)]
    p1, p2 = r(5, 15), r(0, 8)
    for preds in ([p1, p2], [p2, p1]):
        assert maximum_matching(quote_pairs(gold_quotes, preds).lenient) == 2


def test_one_prediction_matches_at_most_one_gold_quote() -> None:
    text = "A: “Yes.” B: “Yes.”"
    doc = document(text, [gold(text, ("Yes", 1), "A"), gold(text, ("Yes", 2), "B")])
    spanning = pred(text, "Yes.” B: “Yes")  # Dice 0.5 with each gold quote
    report = score([doc], prediction(doc, [spanning]))
    assert report.per_doc["d1"]["lenient"] == 1


def test_discontinuous_gold_quote_matched_by_its_larger_fragment() -> None:
    text = "“We will win,” he said, “whatever it takes, and it will take long.”"
    doc = document(
        text, [gold(text, ["“We will win,”", "“whatever it takes, and it will take long.”"], "he")]
    )
    # gold: 3 + 8 tokens; the second fragment alone: Dice = 2 * 8 / 19 >= 0.5
    second = pred(text, "whatever it takes, and it will take long", "he")
    first = pred(text, "We will win", "he")  # Dice = 2 * 3 / 14 < 0.5
    assert score([doc], prediction(doc, [second])).per_doc["d1"]["lenient"] == 1
    assert score([doc], prediction(doc, [first])).per_doc["d1"]["lenient"] == 0
    both = pred(text, ["We will win", "whatever it takes, and it will take long"], "he")
    assert score([doc], prediction(doc, [both])).per_doc["d1"]["exact"] == 1


def test_empty_pair_lists() -> None:
    assert maximum_matching([]) == 0
    assert quote_pairs([], [r(0, 2)]).lenient == []
    assert quote_pairs([r(0, 2)], [()]).lenient == []


def test_augmenting_paths_reassign_earlier_matches() -> None:
    # left 0 -> {0, 1}, left 1 -> {0}, left 2 -> {1, 2}, left 3 -> {2}
    assert maximum_matching([(0, 0), (0, 1), (1, 0), (2, 1), (2, 2), (3, 2)]) == 3
    assert maximum_matching([(0, 0), (0, 1), (1, 0), (2, 1), (2, 2), (3, 2), (3, 3)]) == 4


graphs = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30)


@given(graphs)
def test_matching_size_equals_scipy(pairs: list[tuple[int, int]]) -> None:
    unique = sorted(set(pairs))
    rows = [g for g, _ in unique]
    cols = [p for _, p in unique]
    graph = csr_matrix((np.ones(len(unique)), (rows, cols)), shape=(8, 8))
    expected = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    assert maximum_matching(pairs) == expected


@given(graphs, st.integers(0, 7))
def test_removing_a_prediction_never_raises_the_count(pairs, removed: int) -> None:
    kept = [(g, p) for g, p in pairs if p != removed]
    assert maximum_matching(kept) <= maximum_matching(pairs)


@given(graphs, st.randoms())
def test_count_does_not_depend_on_pair_order(pairs, rnd) -> None:
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    assert maximum_matching(shuffled) == maximum_matching(pairs)


ranges = st.tuples(st.integers(0, 30), st.integers(1, 10)).map(lambda t: ((t[0], t[0] + t[1]),))
token_sets = st.lists(st.one_of(ranges, st.just(())), max_size=8)


@given(token_sets, token_sets)
def test_overlapping_finds_exactly_the_pairs_that_share_an_extent(gold_sets, pred_sets) -> None:
    expected = {
        (g, p)
        for g, a in enumerate(gold_sets)
        for p, b in enumerate(pred_sets)
        if a and b and a[0][0] < b[-1][1] and b[0][0] < a[-1][1]
    }
    found = list(overlapping(gold_sets, pred_sets))
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))


@given(token_sets, token_sets, st.integers(1, 4))
def test_overlapping_pairs_in_small_blocks_find_the_same_pairs(
    gold_sets, pred_sets, budget
) -> None:
    gold, pred = SpanTable.of_token_sets(gold_sets), SpanTable.of_token_sets(pred_sets)
    g, p = overlapping_pairs(gold, pred, budget=budget)
    found = list(zip(g.tolist(), p.tolist(), strict=True))
    assert sorted(found) == sorted(overlapping(gold_sets, pred_sets))
    assert len(found) == len(set(found))


@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 5), st.integers(0, 5)), max_size=40),
    st.lists(st.integers(0, 2), min_size=18, max_size=18),
)
def test_matching_sizes_per_article_and_group_equal_matchings_one_by_one(edges, groups) -> None:
    # gold quote 6a + i and predicted quote 6a + j belong to article a
    pairs = sorted({(6 * a + i, 6 * a + j) for a, i, j in edges})
    g = np.array([x for x, _ in pairs], dtype=np.int64)
    p = np.array([y for _, y in pairs], dtype=np.int64)
    codes = np.array(groups, dtype=np.int64)
    sizes, (by_group,) = matching_sizes(g, p, g // 6, 3, [(codes, 3)])
    for article in range(3):
        mine = [(x, y) for x, y in pairs if x // 6 == article]
        assert sizes[article] == maximum_matching(mine)
    for group in range(3):
        members = [(x, y) for x, y in pairs if codes[x] == group]
        expected = sum(
            maximum_matching([(x, y) for x, y in members if x // 6 == a]) for a in range(3)
        )
        assert by_group[group] == expected
