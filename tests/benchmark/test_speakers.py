"""Speaker correctness: rule 1 (null gold), rule 2 (shared token), rule 3 (names)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scoring_cases import document, gold, pred, prediction

from benchmark.documents import Speaker
from benchmark.scoring import score
from benchmark.scoring.mentions import PRONOUNS
from benchmark.scoring.speakers import name_matches, normalise_name, normalised

TEXT = (
    "Vladimir Putin arrived on Monday. “We will build more,” Putin said. "
    "He added: “Nothing stops us.” The Kremlin said “talks” were over. "
    "“It was a success,” the two of them said."
)
PUTIN = Speaker(id="putin", name="Vladimir Putin", aliases=["the Russian President"])
MERKEL = Speaker(id="merkel", name="Angela Merkel", aliases=["the Chancellor"])
QUOTE = "We will build more"


def correct(
    gold_speaker, predicted_speaker=None, *, speaker_name=None, speaker_id=None, quote=QUOTE
) -> bool:
    """Score one gold attribution against one prediction of the same quote: is e2e matched?"""
    doc = document(
        TEXT, [gold(TEXT, quote, gold_speaker, speaker_id=speaker_id)], speakers=[PUTIN, MERKEL]
    )
    guess = pred(TEXT, quote, predicted_speaker, speaker_name=speaker_name)
    counts = score([doc], prediction(doc, [guess])).per_doc["d1"]
    assert counts["lenient"] == 1
    return counts["e2e"] == 1


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Vladimir Putin", ("vladimir", "putin")),
        ("The Russian President", ("russian", "president")),
        ("a spokesman", ("spokesman",)),
        ("An official", ("official",)),
        ("the The", ("the",)),  # only one leading article goes
        ("Theresa May", ("theresa", "may")),
        ("STRASSE", ("strasse",)),
        ("Straße", ("strasse",)),  # casefold, not lower
        ("O'Brien-Smith", ("o", "brien", "smith")),
        ("the", ()),
        ("", ()),
    ],
)
def test_normalise_name(name: str, normalised: tuple[str, ...]) -> None:
    assert normalise_name(name) == normalised


class TestRule1NullGoldSpeaker:
    quote = "talks"

    def test_no_speaker_predicted_is_correct(self) -> None:
        assert correct(None, quote=self.quote)

    def test_a_speaker_span_is_wrong(self) -> None:
        assert not correct(None, "The Kremlin", quote=self.quote)

    def test_a_speaker_name_is_wrong(self) -> None:
        assert not correct(None, speaker_name="Kremlin", quote=self.quote)

    def test_an_empty_speaker_name_is_still_a_name(self) -> None:
        assert not correct(None, speaker_name="", quote=self.quote)


class TestRule2SharedToken:
    def test_same_span(self) -> None:
        assert correct(("Putin", 2), ("Putin", 2))

    def test_overlapping_span_sharing_a_token(self) -> None:
        assert correct(("Putin", 2), ("Putin said", 1))

    def test_shared_token_wins_over_a_wrong_speaker_name(self) -> None:
        assert correct(("Putin", 2), ("Putin", 2), speaker_name="Obama")

    def test_touching_span_without_a_shared_token_falls_through(self) -> None:
        # "said" touches "Putin" but shares no token; its text is no name of the speaker
        assert not correct(("Putin", 2), "said")


class TestRule3Names:
    def test_no_span_no_name_is_wrong(self) -> None:
        assert not correct(("Putin", 2))

    def test_speaker_name_equal_to_the_mention(self) -> None:
        assert correct(("Putin", 2), speaker_name="putin")

    def test_another_mention_of_the_same_name(self) -> None:
        assert correct(("Putin", 2), ("Putin", 1))  # "Putin" of "Vladimir Putin": no shared token

    def test_speaker_name_equal_to_an_entity_alias_after_dropping_the_article(self) -> None:
        assert correct(("Putin", 2), speaker_name="Russian President", speaker_id="putin")

    def test_entity_names_count_only_with_a_speaker_id(self) -> None:
        assert not correct(("Putin", 2), speaker_name="the Russian President")

    def test_same_last_token_as_a_multi_token_gold_name(self) -> None:
        # gold mention "He" (pronoun); entity name "Vladimir Putin" ends in "putin"
        assert correct("He", speaker_name="Mr. Putin", speaker_id="putin", quote="Nothing stops us")

    def test_a_one_token_gold_name_needs_equality(self) -> None:
        assert not correct(("Putin", 2), speaker_name="Vladimir Putin")

    def test_a_pronoun_never_matches_by_name(self) -> None:
        assert not correct(("Putin", 2), "He", speaker_id="putin")
        quote = "Nothing stops us"
        assert not correct("He", speaker_name="he", quote=quote)  # not even the mention "He"
        assert not correct("He", speaker_name="he", speaker_id="putin", quote=quote)
        assert correct("He", "He", quote=quote)  # the mention itself: rule 2
        assert correct("He", speaker_name="Putin", speaker_id="putin", quote=quote)

    def test_speaker_name_takes_precedence_over_the_span_text(self) -> None:
        assert correct(("Putin", 2), "He", speaker_name="Putin")

    def test_gold_name_ending_in_a_pronoun_needs_equality(self) -> None:
        quote = "It was a success"
        assert correct("the two of them", speaker_name="two of them", quote=quote)
        assert not correct("the two of them", speaker_name="them", quote=quote)
        assert not correct("the two of them", speaker_name="all of them", quote=quote)

    def test_discontinuous_mention_text_is_joined_by_a_space(self) -> None:
        assert correct(["Vladimir", ("Putin", 2)], speaker_name="Vladimir Putin")


NAME_PIECES = st.sampled_from(
    ["the ", "The", "a ", "An", "an", "Putin", "O'Brien", "—", "“", "  ", "_", "\n", "9", "."]
    + ["İstanbul", "Straße", "ΣΑΣ", "ſhe", "😀", "é"]
)


@given(st.lists(st.lists(NAME_PIECES, max_size=6).map("".join), max_size=8))
def test_names_normalised_together_as_one_by_one(names: list[str]) -> None:
    def definition(name: str) -> str:
        words = [w.casefold() for w in re.findall(r"\w+", name)]
        return " ".join(words[1:] if words and words[0] in ("the", "a", "an") else words)

    assert normalised(names) == [definition(name) for name in names]


def entity_only_correct(predicted_speaker=None, *, speaker_name=None, speaker_id="putin") -> bool:
    """Gold: "We will build more" said by an entity, no mention span (`speaker` null)."""
    return correct(None, predicted_speaker, speaker_name=speaker_name, speaker_id=speaker_id)


class TestEntityOnlyGoldSpeaker:
    """`speaker` null with a `speaker_id`: the predicted name must be one of the entity's."""

    def test_the_entity_name_is_correct(self) -> None:
        assert entity_only_correct(speaker_name="Vladimir Putin")
        assert entity_only_correct(speaker_name="vladimir PUTIN")

    def test_an_alias_is_correct(self) -> None:
        assert entity_only_correct(speaker_name="the Russian President")
        assert entity_only_correct(speaker_name="Russian President")

    def test_the_last_token_of_a_multi_token_name_is_correct(self) -> None:
        assert entity_only_correct(speaker_name="Mr. Putin")

    def test_the_text_of_a_predicted_span_is_the_name(self) -> None:
        assert entity_only_correct(("Putin", 2))  # "Putin" ends like "vladimir putin"
        assert not entity_only_correct("The Kremlin")

    def test_speaker_name_takes_precedence_over_the_span_text(self) -> None:
        assert not entity_only_correct(("Putin", 2), speaker_name="Obama")

    def test_another_entity_is_wrong(self) -> None:
        assert not entity_only_correct(speaker_name="Angela Merkel")
        assert not entity_only_correct(speaker_name="Russian President", speaker_id="merkel")

    def test_a_pronoun_never_matches(self) -> None:
        assert not entity_only_correct(speaker_name="he")
        assert not entity_only_correct("He")  # no gold mention: no shared token to point at

    def test_no_predicted_speaker_is_wrong(self) -> None:
        assert not entity_only_correct()
        assert not entity_only_correct(speaker_name="")

    def test_both_null_still_means_no_source(self) -> None:
        assert correct(None, quote="talks")
        assert not correct(None, speaker_name="Vladimir Putin", quote="talks")


ENTITY_NAMES = st.sampled_from(
    ["Vladimir Putin", "Putin", "the Russian President", "Angela Merkel", "Merkel", "he", "they"]
    + ["the two of them", "Mr. Putin", "Chancellor", "The Kremlin", "Óscar", "", "—"]
)


@given(ENTITY_NAMES, st.lists(ENTITY_NAMES, max_size=3), ENTITY_NAMES)
def test_an_entity_only_speaker_is_matched_as_a_pronoun_mention_of_its_entity(
    name: str, aliases: list[str], predicted: str
) -> None:
    """A pronoun mention adds no gold name (a pronoun never matches by name), so for a
    prediction that gives only a name, the entity-only gold and a gold mention "He" of the same
    entity are correct for exactly the same names: the entity's name and aliases by rule 3."""
    entity = Speaker(id="x", name=name, aliases=aliases)
    quote = "Nothing stops us"
    counts = []
    for mention in (None, "He"):
        doc = document(TEXT, [gold(TEXT, quote, mention, speaker_id="x")], speakers=[entity])
        guess = pred(TEXT, quote, speaker_name=predicted)
        counts.append(score([doc], prediction(doc, [guess]), n_resamples=1).per_doc["d1"]["e2e"])
    assert counts[0] == counts[1]
    normal = normalised([predicted])[0]
    golds = [g for g in normalised([name, *aliases]) if not (g and set(g.split()) <= PRONOUNS)]
    last = normal.rpartition(" ")[2]
    ends = [g.rpartition(" ")[2] for g in golds if " " in g]
    named = normal in golds or bool(normal) and any(e == last and e not in PRONOUNS for e in ends)
    assert counts[0] == int(named)


MENTIONS = st.sampled_from(
    ["Vladimir Putin", "Putin", "the Kremlin", "The Kremlin", "He", "the two of them", "them"]
)


@given(MENTIONS, ENTITY_NAMES)
def test_a_mention_is_matched_by_name_as_name_matches_says(mention: str, predicted: str) -> None:
    """The scorer's rule 3 on arrays of pairs gives `name_matches` on the mention's name."""
    text = f"{mention} said “Nothing stops us” at noon."
    doc = document(text, [gold(text, "Nothing stops us", mention)])
    guess = pred(text, "Nothing stops us", speaker_name=predicted)
    counts = score([doc], prediction(doc, [guess]), n_resamples=1).per_doc["d1"]
    expected = name_matches(normalised([predicted])[0], normalised([mention]))
    assert counts["e2e"] == int(expected)
