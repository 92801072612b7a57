"""`nearest-name`, the floor: every quoted span, speaker = nearest capitalised name."""

from __future__ import annotations

from baseline_cases import article, read, run

from baselines.nearest_name import NearestName

FLOOR = NearestName()


def test_quoted_text_gets_the_nearest_name():
    text = "They met Volkov. “We will win,” he said, as the crowd cheered and Brandt watched."
    found = run(FLOOR, text)
    assert [(f.quote, f.speaker, f.name) for f in found] == [
        (["“We will win,”"], "Volkov", "Volkov")
    ]


def test_sentence_initial_function_words_are_not_names():
    found = run(FLOOR, "The minister said: “No.” They left.")
    assert found[0].speaker is None


def test_scare_quotes_count_too_and_indirect_speech_does_not():
    found = run(
        FLOOR,
        "Ravelle said the country needs “borrowed eyes” no more. Anker said output would double.",
    )
    assert [f.quote for f in found] == [["“borrowed eyes”"]]


def test_attribute_answers_each_given_quote():
    text = "Tessaly spoke first. Then the plan was read out."
    quote = [(text.index("Then"), len(text))]
    answers = FLOOR.attribute(article(text), [quote])
    assert [(a.quote, r.speaker) for a, r in zip(answers, read(text, answers), strict=True)] == [
        (quote, "Tessaly")
    ]


def test_no_quotes_no_attributions():
    assert run(FLOOR, "Nothing was said today.") == []


def test_a_chapter_heading_is_no_part_of_the_next_name():
    found = run(FLOOR, "CHAPTER VIII\n\nHarriet smiled. “No,” she said.")
    assert [(f.quote, f.name) for f in found] == [(["“No,”"], "Harriet")]
