"""Spans of many articles as token ranges in arrays: the same token sets as the definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from benchmark.scoring.spans import SpanTable, common_tokens, ranks, same_fragments
from benchmark.scoring.tokens import tokenise, tokens

TEXTS = st.text(alphabet=st.sampled_from("ab c,d’é😀\n_"), max_size=30)


def members(text: str, fragments: list[tuple[int, int]]) -> set[int]:
    """The definition: indices of tokens whose midpoint lies in some fragment."""
    return {
        i
        for i, (s, e) in enumerate(tokens(text))
        if any(a <= (s + e) / 2 < b for a, b in fragments)
    }


def expand(table: SpanTable, i: int) -> list[int]:
    """Span i's token indices, counted once per range that holds them."""
    f = slice(table.first[i], table.first[i] + table.count[i])
    return [t for lo, hi in zip(table.lo[f], table.hi[f], strict=True) for t in range(lo, hi)]


@st.composite
def articles_and_spans(draw: st.DrawFn):
    """Texts, and spans of them with fragments in any order, overlapping, reversed or outside
    the text (which `score` accepts even though validation refuses them)."""
    texts = draw(st.lists(TEXTS, min_size=1, max_size=4))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        article = draw(st.integers(0, len(texts) - 1))
        bound = st.integers(-3, len(texts[article]) + 3)
        fragments = draw(st.lists(st.tuples(bound, bound), min_size=1, max_size=3))
        spans.append((article, fragments))
    return texts, spans


@given(articles_and_spans())
def test_token_sets_sizes_extents_and_overlaps_match_the_definition(case) -> None:
    texts, spans = case
    tokenised = tokenise(texts)
    table = SpanTable.of_fragments(
        [f for _, f in spans], np.array([a for a, _ in spans], dtype=np.int64), tokenised
    )
    first_token = np.searchsorted(tokenised.starts, tokenised.offsets)  # of each article
    for i, (article, fragments) in enumerate(spans):
        expected = {first_token[article] + t for t in members(texts[article], fragments)}
        found = expand(table, i)
        assert sorted(found) == sorted(expected)  # the ranges are disjoint: no token twice
        assert table.size[i] == len(expected)
        if expected:
            assert (table.start[i], table.end[i]) == (min(expected), max(expected) + 1)
        else:
            assert table.end[i] <= table.start[i]
        assert table.chars[table.first[i] : table.first[i] + table.count[i]].tolist() == [
            list(f) for f in fragments
        ]
    pairs = [(i, j) for i in range(len(spans)) for j in range(len(spans))]
    ia = np.array([i for i, _ in pairs], dtype=np.int64)
    ib = np.array([j for _, j in pairs], dtype=np.int64)
    common = common_tokens(table, ia, table, ib)
    same = same_fragments(table, ia, table, ib)
    for k, (i, j) in enumerate(pairs):
        assert common[k] == len(set(expand(table, i)) & set(expand(table, j)))
        assert same[k] == (spans[i][1] == spans[j][1])


def test_token_set_form_and_empty_sets() -> None:
    table = SpanTable.of_token_sets([((0, 2), (4, 6)), (), ((5, 9),)])
    assert table.size.tolist() == [4, 0, 4]
    common = common_tokens(table, np.array([0, 0, 1]), table, np.array([2, 1, 1]))
    assert common.tolist() == [1, 0, 0]
    assert table.end[1] <= table.start[1]


def test_ranks() -> None:
    assert ranks(np.array([2, 0, 3])).tolist() == [0, 1, 0, 1, 2]
    assert ranks(np.array([], dtype=np.int64)).tolist() == []
