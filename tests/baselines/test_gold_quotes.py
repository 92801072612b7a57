"""`gold-quotes+sieve`: sieve's speakers for given quotes; refuses the end-to-end track."""

from __future__ import annotations

import pytest
from baseline_cases import article, read

from baselines.gold_quotes import GoldQuotesSieve
from benchmark.errors import UsageError
from benchmark.systems import needs_gold_quotes

TEXT = "Air defences shot down a drone on Wednesday, the Defence Ministry said. “It was ours,” Ostland replied."


def test_predict_refuses_because_it_needs_the_gold_quotes():
    with pytest.raises(UsageError, match="needs the gold quotes"):
        GoldQuotesSieve().predict([article(TEXT)])
    assert needs_gold_quotes(GoldQuotesSieve())


def test_attribute_gives_sieve_speakers_for_the_given_quotes():
    quotes = [[(0, TEXT.index(","))], [(TEXT.index("“"), TEXT.index("” ") + 1)]]
    answers = GoldQuotesSieve().attribute(article(TEXT), quotes)
    assert [a.quote for a in answers] == quotes
    assert [r.speaker for r in read(TEXT, answers)] == ["the Defence Ministry", "Ostland"]
