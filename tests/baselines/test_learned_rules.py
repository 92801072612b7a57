"""The sieve's speakers as the ranker reads them: token ranges of the learned layout."""

from __future__ import annotations

from baselines.learned.features import layout
from baselines.learned.rules import sieve_speakers


def _tokens(text: str, part: str) -> tuple[int, int]:
    lay = layout(text)
    start = text.index(part)
    return lay.token_range(start, start + len(part))


def test_the_sieve_names_the_speaker_of_each_quote_it_can():
    text = "Nobody came. “We will win,” said Piet Vanterpool. It was a long day."
    lay = layout(text)
    quotes = [[_tokens(text, "We will win")], [_tokens(text, "Nobody came")]]
    picks = sieve_speakers(lay, quotes)
    assert [" ".join(lay.words[lo:hi]) for lo, hi in picks[0]] == ["Piet Vanterpool"]
    assert picks[1] == []


def test_the_cascade_runs_once_per_layout():
    lay = layout("“We will win,” she said.")
    assert lay.sieve is lay.sieve
