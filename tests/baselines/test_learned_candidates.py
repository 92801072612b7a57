"""`learned`'s candidate speaker mentions: names never run across a paragraph break, and a
heading names nobody."""

from __future__ import annotations

import numpy as np

from baselines.learned.candidates import NAME, find_mentions
from baselines.learned.features import layout
from baselines.learned.lexicon import learn_lexicon


def names(text: str) -> list[str]:
    lay = layout(text)
    found = find_mentions(lay, learn_lexicon([]), np.zeros(len(lay)))
    return [" ".join(lay.words[m.lo : m.hi]) for m in found if m.kind == NAME]


def test_a_heading_names_nobody_and_a_name_stops_at_its_paragraph():
    text = "CHAPTER VIII\n\nHarriet Smith smiled at Mr. Elton\nKnightley left."
    assert names(text) == ["Harriet Smith", "Mr . Elton", "Knightley"]
