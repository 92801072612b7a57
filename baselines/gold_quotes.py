"""`gold-quotes+sieve`: a reference line, not a competitor. It takes the gold quotes and gives
each the speaker `sieve` would resolve for it, so that its score next to sieve's shows how much
of sieve's error is attribution rather than extraction.

It needs the gold quotes, so it only runs on the attribution track: `predict` refuses. For the
end-to-end table, `quotebench run` scores its attribution-track predictions as end-to-end ones
(quote precision and recall are then 1 by construction) and marks the entry as using gold quotes.
"""

from __future__ import annotations

from collections.abc import Sequence

from baselines.sieve import Sieve
from benchmark.documents import Article, Prediction
from benchmark.errors import UsageError


class GoldQuotesSieve(Sieve):
    name = "gold-quotes+sieve"
    version = Sieve.version
    needs_gold_quotes = True

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        raise UsageError(
            f"system {self.name!r} needs the gold quotes: use the attribution track (--gold-quotes)"
        )
