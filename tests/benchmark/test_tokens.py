"""Tokens are \\w+ matches; a token is in a span when its midpoint is inside a fragment."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from benchmark.scoring.tokens import (
    midpoints2,
    overlap,
    size,
    span_text,
    token_set,
    tokenise,
    tokens,
)


def members(text: str, fragments: list[tuple[int, int]]) -> set[int]:
    """The definition, literally: indices of tokens whose midpoint lies in some fragment."""
    return {
        i
        for i, (s, e) in enumerate(tokens(text))
        if any(a <= (s + e) / 2 < b for a, b in fragments)
    }


def expand(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {i for lo, hi in ranges for i in range(lo, hi)}


def test_tokens_are_word_runs_including_digits_underscores_and_non_ascii_letters() -> None:
    text = "Putin's “plan_B”, 2024 — ñandú!"
    assert [text[s:e] for s, e in tokens(text)] == ["Putin", "s", "plan_B", "2024", "ñandú"]


def test_midpoint_decides_membership_of_a_cut_token() -> None:
    text = "abcdef ghi"  # abcdef: [0, 6), midpoint 3; ghi: [7, 10), midpoint 8.5
    mid2 = midpoints2(text)
    assert token_set(mid2, [(0, 3)]) == ()  # midpoint 3 is not inside [0, 3)
    assert token_set(mid2, [(0, 4)]) == ((0, 1),)
    assert token_set(mid2, [(3, 9)]) == ((0, 2),)  # both midpoints (3, 8.5) inside
    assert token_set(mid2, [(4, 8)]) == ()  # neither midpoint inside


def test_punctuation_only_span_has_no_tokens() -> None:
    text = "He said: “—”."
    assert token_set(midpoints2(text), [(8, 12)]) == ()


def test_discontinuous_fragments_give_the_union_of_their_tokens() -> None:
    text = "“We will win,” he said, “whatever it takes.”"
    quote = [(0, 14), (24, 44)]
    mid2 = midpoints2(text)
    assert token_set(mid2, quote) == ((0, 3), (5, 8))
    assert span_text(text, quote) == "“We will win,” “whatever it takes.”"


def test_fragments_in_any_order_are_sorted_and_merged() -> None:
    text = "one two three four five"
    mid2 = midpoints2(text)
    assert token_set(mid2, [(14, 23), (0, 7), (8, 13)]) == ((0, 5),)


def test_astral_and_surrogate_characters() -> None:
    text = "a😀b 𝟘x \ud800y"
    assert midpoints2(text) == [s + e for s, e in tokens(text)]


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" ,.'’_-\n"), max_size=80))
def test_vectorised_tokens_equal_the_regex(text: str) -> None:
    assert midpoints2(text) == [m.start() + m.end() for m in re.finditer(r"\w+", text)]


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab c,d", min_size=1, max_size=40))

    def span() -> list[tuple[int, int]]:
        cuts = sorted(
            draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=6, unique=True))
        )
        pairs = list(zip(cuts[0::2], cuts[1::2], strict=False))
        return pairs or [(0, len(text))]

    return text, span(), span()


@given(text_and_spans())
def test_token_sets_sizes_and_overlaps_match_the_definition(case) -> None:
    text, a, b = case
    mid2 = midpoints2(text)
    set_a, set_b = token_set(mid2, a), token_set(mid2, b)
    assert expand(set_a) == members(text, a)
    assert size(set_a) == len(members(text, a))
    assert overlap(set_a, set_b) == len(members(text, a) & members(text, b))


@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" ,\n’"), max_size=30),
        max_size=5,
    )
)
def test_texts_tokenised_together_keep_their_own_tokens(texts: list[str]) -> None:
    tokenised = tokenise(texts)
    found = list(zip(tokenised.starts.tolist(), tokenised.ends.tolist(), strict=True))
    expected = [
        (start + offset, end + offset)
        for text, offset in zip(texts, tokenised.offsets.tolist(), strict=True)
        for start, end in tokens(text)
    ]
    assert found == expected
    assert tokenised.lengths.tolist() == [len(text) for text in texts]
