"""The quote-type rule on English, German and French quotation marks and dialogue dashes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.data.quotetype import OPENING, QUOTE_MARKS, quote_type, strip_quoted

PAIRS = [
    ("“", "”"),  # English
    ("„", "“"),  # German
    ("‚", "‘"),  # German single
    ("«", "»"),  # French
    ("»", "«"),  # German order
    ("›", "‹"),  # German single, guillemets
    ("‹", "›"),  # French single
]


def whole(text: str) -> str:
    return quote_type(text, [(0, len(text))])


@pytest.mark.parametrize(("open_", "close"), PAIRS)
def test_each_pair_of_marks(open_: str, close: str) -> None:
    assert whole(f"{open_}Wir fahren öfter{close}") == "direct"
    assert whole(f"die Preise seien {open_}stabil{close}") == "mixed"
    assert whole(f"{open_}Wir fahren öfter,{close} sagte sie") == "mixed"
    assert whole("dass die Preise stabil blieben") == "indirect"


@pytest.mark.parametrize(("open_", "close"), PAIRS)
def test_an_unclosed_mark_quotes_to_the_end(open_: str, close: str) -> None:
    """A quote continued in the next paragraph has no closing mark in its fragment."""
    assert whole(f"{open_}Wir fahren öfter, und wir fahren länger.") == "direct"
    assert whole(f"Sie sagte: {open_}Wir fahren") == "mixed"


def test_german_marks_nested_in_german_marks() -> None:
    """Nested „…“ inside „…“ (as Wikinews writes it) stays one quoted segment."""
    assert whole("„Wir haben „Small-Business“ gesehen und ‚Sunrise‘ erlebt“") == "direct"
    assert whole("„Nur dann gilt „in dubio pro reo“. “") == "direct"
    assert whole("„Er sagte „nein“ dazu“, hieß es") == "mixed"
    assert whole("„Er sagte ‚nein‘ dazu“") == "direct"
    assert whole("»Das ist ›falsch‹«") == "direct"
    assert whole("« Il a dit ‹ non › hier »") == "direct"


def test_english_quotes_inside_and_apostrophes() -> None:
    assert whole("“We said ‘no’ to them”") == "direct"
    assert whole("that the mayor's plan was “dead”") == "mixed"
    assert whole("that the plan isn't dead") == "indirect"


@pytest.mark.parametrize("dash", ["—", "–"])
def test_dialogue_dash_opens_a_direct_quote(dash: str) -> None:
    assert whole(f"{dash} Je viens demain") == "direct"
    assert whole(f"{dash}Je viens demain") == "direct"
    text = f"Il entra.\n{dash} Je viens demain, dit-il."
    start = text.index("Je")
    assert quote_type(text, [(start, text.index(","))]) == "direct"  # dash before, same line


@pytest.mark.parametrize("dash", ["—", "–"])
def test_a_dash_inside_a_line_is_not_dialogue(dash: str) -> None:
    text = f"Der Plan {dash} so der Minister {dash} sei gescheitert"
    start = text.index("sei")
    assert quote_type(text, [(start, len(text))]) == "indirect"
    assert whole(f"der Plan {dash} so hieß es {dash} sei gescheitert") == "indirect"


def test_several_fragments() -> None:
    text = "„Wir fahren“, sagte sie, „und zwar öfter.“"
    first = (0, text.index(","))
    second = (text.index("„und"), len(text))
    assert quote_type(text, [first, second]) == "direct"
    assert quote_type(text, [first, (text.index("sagte"), text.index(", „"))]) == "mixed"


def test_every_new_mark_is_a_mark() -> None:
    assert set("„“‚‘«»›‹") <= QUOTE_MARKS
    assert {OPENING[o] for o, _ in PAIRS} == {c for _, c in PAIRS}


_WORDS = st.lists(st.sampled_from(["Wir", "fahren", "öfter", "la", "ville", "42"]), min_size=1)


@given(_WORDS, st.sampled_from(PAIRS))
def test_words_wholly_inside_a_pair_are_direct(words: list[str], pair: tuple[str, str]) -> None:
    assert whole(pair[0] + " ".join(words) + pair[1]) == "direct"


@given(_WORDS, _WORDS, st.sampled_from(PAIRS))
def test_words_outside_a_pair_make_it_mixed(
    before: list[str], inside: list[str], pair: tuple[str, str]
) -> None:
    fragment = " ".join(before) + f" {pair[0]}{' '.join(inside)}{pair[1]}"
    assert whole(fragment) == "mixed"
    assert strip_quoted(fragment) == (" ".join(before) + " ", True)


@given(_WORDS)
def test_no_marks_is_indirect(words: list[str]) -> None:
    assert whole(" ".join(words)) == "indirect"


def guideline_rows() -> list[tuple[list[str], str]]:
    """(fragments, type) of each row of the type table in data/GUIDELINES.md, section 7."""
    text = (Path(__file__).resolve().parents[3] / "data" / "GUIDELINES.md").read_text("utf-8")
    section = text.split("## 7. Quote type", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[1] in {"direct", "indirect", "mixed"}:
            head = cells[0].split(" (", 1)[0]
            rows.append((re.findall(r"`([^`]+)`", head), cells[1]))
    return rows


def test_the_guidelines_table_follows_the_rule() -> None:
    rows = guideline_rows()
    assert len(rows) >= 14  # the English rows and one for each German or French mark
    for fragments, expected in rows:
        text = " ".join(fragments)
        spans, start = [], 0
        for fragment in fragments:
            spans.append((start, start + len(fragment)))
            start += len(fragment) + 1
        assert quote_type(text, spans) == expected, fragments
    marks = "".join(f for fragments, _ in rows for f in fragments)
    assert set("„“‚‘«»›—") <= set(marks)


def test_a_dash_turn_goes_on_after_an_inserted_cue() -> None:
    text = "— Oui, dit-il, c'est bien.\nIl dit que c'est fini."
    later = text.index("c'est bien")
    assert quote_type(text, [(0, 6), (later, later + 11)]) == "direct"
    next_line = text.index("que c'est")
    assert quote_type(text, [(0, 6), (next_line, len(text))]) == "mixed"


def test_a_spaced_straight_mark_is_a_mark_in_tokenised_text() -> None:
    text = "' Edith ! ' said she ."
    assert quote_type(text, [(0, 11)]) == "direct"
