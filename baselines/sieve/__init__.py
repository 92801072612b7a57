"""`sieve`: a deterministic rule cascade for quotes and their speakers (after Muzny et al. 2017).

The cascade (cascade.py), each sieve only taking what the earlier ones left:
0. speaker lines (lines.py): a paragraph opening with a short name and a colon (headline,
   transcript);
1. direct quotes (direct.py) with a cue right after them (`“...,” she said`, `“...,” said X`)
   or right before them (`X said: “...”`, `X told reporters, “...”`, `according to X, “...”`),
   or a colon introduction without a verb (`Volkov: “...”`);
2. indirect and mixed speech (indirect.py): a cue verb from the lexicon with its complement
   clause (clauses.py: from "that" when present, to the end of the clause), `CLAUSE, X said`,
   `A, X said, B`, `according to X`, and reported questions (`asked whether ...`);
3. quotes with no cue of their own (uncued.py): a quote that opens a sentence continues the
   paragraph's previous attribution (`“A,” he said. “B.”` is one attribution), or gets the
   previous speaker; quoted words inside a sentence with no cue are scare quotes or titles and
   dropped.
Speakers are the subject of the cue (speakers.py): "X said", "said X", "X, the minister, said"
(apposition skipped), "X, who ..., said"; a participle (", adding that") takes its clause's
subject. Each speaker mention is then resolved (mentions.py) to a name: pronouns and nominals
to the most recent compatible named entity (output.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from baselines.sieve import output
from baselines.sieve.cascade import run
from baselines.text import Span
from benchmark.documents import Article, PredictedAttribution, Prediction

__all__ = ["Sieve"]


class Sieve:
    """Deterministic rules; no training, no external resources."""

    name = "sieve"
    version = "1.1"

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        return [
            Prediction(id=a.id, attributions=output.attributions(run(a.text))) for a in articles
        ]

    def attribute(
        self, article: Article, quotes: Sequence[list[Span]]
    ) -> list[PredictedAttribution]:
        return output.attribute(run(article.text), quotes)
