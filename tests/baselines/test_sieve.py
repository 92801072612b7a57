"""`sieve` on hand-made articles, one per phenomenon of the annotation guidelines
(data/GUIDELINES.md): what counts, span boundaries, and which speaker mention is marked."""

from __future__ import annotations

import pytest
from baseline_cases import article, read, run
from hypothesis import given, settings
from hypothesis import strategies as st

from baselines.sieve import Sieve, output
from baselines.sieve.cascade import run as run_cascade
from baselines.sieve.syntax import token_ranges

SIEVE = Sieve()


def only(text: str):
    found = run(SIEVE, text)
    assert len(found) == 1, found
    return found[0]


# -------------------------------------------------------------- direct quotes and speakers


def test_speaker_after_a_direct_quote():
    a = only("“We will win,” she said.")
    assert a.quote == ["“We will win,”"]
    assert (a.speaker, a.cue, a.type) == ("she", "said", "direct")


def test_inverted_cue_takes_the_phrase_after_it_without_the_apposition():
    a = only(
        "“Sanctions on paper are easy,” said Piet Vanterpool, a maritime analyst at Coldharbour Risk."
    )
    assert a.speaker == "Piet Vanterpool"


def test_speaker_before_with_a_colon():
    a = only("Asked about the criticism, the president told reporters: “Let them come and see.”")
    assert a.quote == ["“Let them come and see.”"]
    assert (a.speaker, a.cue) == ("the president", "told")


def test_speaker_inside_an_interrupted_quote_is_one_attribution_with_two_fragments():
    a = only("“We will win,” he said, “whatever it takes.”")
    assert a.quote == ["“We will win,”", "“whatever it takes.”"]
    assert a.speaker == "he"


def test_a_second_quote_without_a_cue_in_the_paragraph_continues_the_attribution():
    a = only(
        "“Two years ago this hall was half empty,” she said, standing by the line. “Today it is full.”"
    )
    assert a.quote == ["“Two years ago this hall was half empty,”", "“Today it is full.”"]


def test_a_quote_continued_into_the_next_paragraph_gets_one_fragment_per_paragraph():
    text = "“We did not walk out for fun,” he said. “We walked out because of pay.\n\n“And we will stay out.”"
    a = only(text)
    assert a.quote == [
        "“We did not walk out for fun,”",
        "“We walked out because of pay.",
        "“And we will stay out.”",
    ]


def test_a_new_quote_with_its_own_cue_is_a_new_attribution():
    found = run(SIEVE, "“Sanctions are easy,” Vanterpool said.\n\n“Enforcement is hard,” he added.")
    assert [f.quote for f in found] == [["“Sanctions are easy,”"], ["“Enforcement is hard,”"]]
    assert [f.cue for f in found] == ["said", "added"]


def test_nested_quotes_are_part_of_the_outer_attribution_only():
    a = only(
        "“When I took this job, a general told me, ‘We have shells for a week,’” the minister said."
    )
    assert a.quote == ["“When I took this job, a general told me, ‘We have shells for a week,’”"]
    assert a.speaker == "the minister"


def test_straight_quotation_marks():
    a = only(
        '"We are ready to talk tonight," said spokeswoman Mila Orsat, "but not about a four-day week."'
    )
    assert a.quote == ['"We are ready to talk tonight,"', '"but not about a four-day week."']
    assert a.speaker == "spokeswoman Mila Orsat"


def test_apposition_is_not_part_of_the_speaker():
    a = only(
        "“It went nowhere,” General Aron Belsky, the chief of the general staff, told a news conference."
    )
    assert a.speaker == "General Aron Belsky"


# -------------------------------------------------------------- indirect and mixed speech


def test_indirect_quote_starts_at_that_and_stops_before_the_final_period():
    a = only(
        "President Ilse Tessaly told workers on Tuesday that the factory would move to round-the-clock shifts."
    )
    assert a.quote == ["that the factory would move to round-the-clock shifts"]
    assert (a.speaker, a.cue, a.type) == ("President Ilse Tessaly", "told", "indirect")


def test_indirect_quote_without_that_starts_after_the_cue():
    a = only(
        "Plant director Oren Vasko said output had tripled since 2024 and that the company was hiring."
    )
    assert a.quote == ["output had tripled since 2024 and that the company was hiring"]
    assert a.speaker == "Plant director Oren Vasko"


def test_mixed_quote_is_the_clause_with_its_quoted_words():
    a = only(
        "The Finance Ministry said in a statement that the costs were “fully covered” by the levy."
    )
    assert a.quote == ["that the costs were “fully covered” by the levy"]
    assert (a.speaker, a.type) == ("The Finance Ministry", "mixed")


def test_clause_before_the_cue():
    a = only("Air defences shot down a drone early on Wednesday, the Defence Ministry said.")
    assert a.quote == ["Air defences shot down a drone early on Wednesday"]
    assert a.speaker == "the Defence Ministry"


def test_according_to_after_the_clause():
    a = only(
        "The plant now employs almost 2,100 people, according to figures released by the Defence Ministry."
    )
    assert a.quote == ["The plant now employs almost 2,100 people"]
    assert a.cue == "according to"
    assert "Defence Ministry" in a.speaker


def test_according_to_before_the_clause():
    a = only("According to the customs agency, the vessels made more than 140 calls at the port.")
    assert a.quote == ["the vessels made more than 140 calls at the port"]
    assert a.speaker == "the customs agency"


def test_participle_cue_takes_the_subject_of_its_clause():
    found = run(
        SIEVE, "The minister dismissed the threat, saying the country had “nothing to fear”."
    )
    assert [(f.quote, f.speaker, f.cue) for f in found] == [
        (["the country had “nothing to fear”"], "The minister", "saying")
    ]


def test_adding_that_is_a_second_attribution_of_the_same_speaker():
    found = run(SIEVE, "Brandt said the vote was rigged, adding that she would appeal.")
    assert [f.quote for f in found] == [["the vote was rigged"], ["that she would appeal"]]
    assert [f.speaker for f in found] == ["Brandt", "Brandt"]


def test_two_speakers_in_one_paragraph():
    found = run(
        SIEVE,
        "Steel union leader Marco Bellandi said any deal must protect jobs, while the minister told state television he was hopeful.",
    )
    assert [(f.speaker, f.quote) for f in found] == [
        ("Steel union leader Marco Bellandi", ["any deal must protect jobs"]),
        ("the minister", ["he was hopeful"]),
    ]


def test_relative_clause_between_subject_and_cue_is_skipped():
    a = only(
        "Ravelle, who toured the halls in a white hard hat, said the country could no longer wait."
    )
    assert a.speaker == "Ravelle"


def test_anonymous_source():
    a = only(
        "A senior official at the ministry, speaking on condition of anonymity, said the plan had stalled."
    )
    assert a.speaker == "A senior official at the ministry"
    assert a.name == "A senior official at the ministry"


def test_organisation_speaker():
    a = only(
        "The opposition Civic Renewal party said in a statement that the visit was an election stunt."
    )
    assert a.speaker == "The opposition Civic Renewal party"


# -------------------------------------------------------------- headlines, colons, junk


def test_headline_with_a_colon_and_no_verb():
    text = "Volkov: “We will not slow down”\n\nPresident Arkady Volkov visited the plant on Friday."
    a = only(text)
    assert (a.quote, a.speaker, a.cue) == (["“We will not slow down”"], "Volkov", None)


def test_headline_with_a_trailing_cue():
    a = only(
        "Quendra to sanction tanker fleet, foreign minister says\n\nThe package is the fourth this year."
    )
    assert a.quote == ["Quendra to sanction tanker fleet"]
    assert a.speaker == "foreign minister"


def test_scare_quotes_and_titles_are_not_attributions():
    text = (
        "The visit came a week after the government launched its “Steel Year” drive.\n\n"
        "Vanterpool, who tracks the so-called “shadow fleet”, said the ships switch off their transponders."
    )
    found = run(SIEVE, text)
    assert [f.quote for f in found] == [["the ships switch off their transponders"]]


def test_page_junk_is_not_an_attribution():
    text = "Oops!\nSomething went wrong.\nClick “Accept” to continue\n\nShare this article"
    assert run(SIEVE, text) == []


def test_passive_report_without_a_source_is_not_given_a_speaker():
    assert run(SIEVE, "It was reported that the talks had collapsed.") == []


# -------------------------------------------------------------- speaker names


def test_pronoun_resolves_to_the_most_recent_named_person():
    text = "Senator Ilsa Brandt criticised the plan.\n\n“Nobody has shown us the bill,” she said."
    a = only(text)
    assert (a.speaker, a.name) == ("she", "Ilsa Brandt")


def test_surname_resolves_to_the_full_name():
    text = "Kastor chief executive Tobias Anker toured the plant.\n\n“We are hiring,” Anker said."
    assert only(text).name == "Tobias Anker"


def test_nominal_resolves_to_the_entity_it_describes():
    text = (
        "Defence Minister Karel Dunholm travelled with the president.\n\n"
        "“That is no longer true,” the minister said."
    )
    assert only(text).name == "Karel Dunholm"


# -------------------------------------------------------------- the attribution track and properties


def test_attribute_answers_every_given_quote_in_order():
    text = "“We will win,” she said. It was a long day. The talks, a spokesman said, would resume."
    quotes = [[(text.index("It was"), text.index("It was") + 15)], [(0, 14)]]
    answers = SIEVE.attribute(article(text), quotes)
    assert [a.quote for a in answers] == quotes
    assert read(text, answers)[1].speaker == "she"


def test_attribute_uses_the_nearest_cue_when_the_quote_was_not_found():
    text = "Sanders offered some pointed advice to Clinton on Friday."
    start = text.index("some")
    answer = read(text, SIEVE.attribute(article(text), [[(start, start + 20)]]))[0]
    assert answer.speaker == "Sanders"


def test_predict_is_deterministic_and_keeps_order():
    texts = ["“A b c,” she said.", "Nothing here.", "He said the plan would fail."]
    articles = [article(t, id=f"t/{i}") for i, t in enumerate(texts)]
    first, second = SIEVE.predict(articles), SIEVE.predict(articles)
    assert first == second
    assert [p.id for p in first] == ["t/0", "t/1", "t/2"]


PIECES = [
    *"abcXY “”\"'‘’,.:;!?\n-—()",
    *["said ", "told ", "that ", "according to ", "He ", "Mr. ", "\n\n", "Volkov ", "who "],
    *["adding ", "saying ", "asked whether ", "(R-Fla.) ", "this month ", "in a statement ", "''"],
    *["Speaking ", "reporters ", "MATTHEWS: "],
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_any_text_gives_valid_spans(text):
    (prediction,) = SIEVE.predict([article(text)])
    for att in prediction.attributions:
        for name in ("quote", "speaker", "cue"):
            for start, end in getattr(att, name) or []:
                assert 0 <= start < end <= len(text)
        assert [s for s, _ in att.quote] == sorted(s for s, _ in att.quote)


ARTICLE = (
    "“We will win,” she said. It was a long day. The talks, a spokesman said, would resume.\n\n"
    "“Nobody here should wait,” said Piet Vanterpool. “Not one more winter.” He left."
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(0, len(ARTICLE) - 1), st.integers(1, 40)), min_size=1, max_size=3
        ),
        max_size=6,
    )
)
def test_attribute_matches_every_found_attribution_by_dice(raw):
    """Given quotes are matched to the found attributions through a token index; the answer is
    the one comparing the quote with every attribution would give."""
    quotes = [
        sorted({(start, min(start + width, len(ARTICLE))) for start, width in q}) for q in raw
    ]
    cascade = run_cascade(ARTICLE)
    outputs = [(f, output._token_set(cascade.a, f.quote)) for f in cascade.found]
    expected = []
    for quote in quotes:
        ranges = [(s, e) for s, e in token_ranges(cascade.a, quote) if s <= e]
        tokens = output._token_set(cascade.a, ranges)
        best = max(outputs, key=lambda o: output._dice(tokens, o[1]), default=None)
        if best is not None and output._dice(tokens, best[1]) >= 0.5:
            speaker = best[0].speaker
        else:
            speaker = output._speaker_near(cascade, ranges) if ranges else None
        expected.append(output._answer(cascade, quote, speaker))
    assert output.attribute(cascade, quotes) == expected


@pytest.mark.parametrize("text", ["", "\n\n", "“", "said", "“said,” said"])
def test_degenerate_articles(text):
    SIEVE.predict([article(text)])


# -------------------------------------------------------------- newspaper styles (tuned on PolNeAR train)


def test_report_inside_its_clause_gives_two_fragments():
    a = only("The bigger risk, he said, is a clash caused by paramilitary ships.")
    assert a.quote == ["The bigger risk", "is a clash caused by paramilitary ships"]
    assert a.speaker == "he"


def test_inverted_cue_after_the_clause():
    a = only(
        "Mrs. Clinton should build bridges to Mr. Sanders, said David Axelrod, a former strategist."
    )
    assert (a.quote, a.speaker) == (
        ["Mrs. Clinton should build bridges to Mr. Sanders"],
        "David Axelrod",
    )


def test_party_labels_and_possessives_stay_in_the_speaker():
    a = only("Sen. Marco Rubio (R-Fla.) said Trump is unelectable now.")
    assert a.speaker == "Sen. Marco Rubio (R-Fla.)"
    a = only("“We are on pace,” Jeff Weaver, Sanders’ campaign manager, said.")
    assert a.speaker == "Jeff Weaver"


def test_a_short_report_after_a_quote_that_ends_its_sentence():
    a = only(
        "“The great state of Alabama is proud to cast its votes!” US Senator Jeff Sessions said as he began."
    )
    assert a.speaker == "US Senator Jeff Sessions"


def test_reported_question():
    a = only("A reporter asked whether he had been preparing for the presidency.")
    assert (a.quote, a.speaker, a.cue) == (
        ["whether he had been preparing for the presidency"],
        "A reporter",
        "asked",
    )


def test_typewriter_quotes_and_a_time_adverbial_before_the_cue():
    a = only("''We're in a bubble,'' Mr. Trump said.")
    assert (a.quote, a.speaker) == (["''We're in a bubble,''"], "Mr. Trump")
    a = only("Wells Fargo just this month announced it would get rid of these incentives.")
    assert (a.quote, a.speaker) == (["it would get rid of these incentives"], "Wells Fargo")


def test_transcript_speaker_lines():
    found = run(
        SIEVE,
        "MATTHEWS: Speculation is bad for everybody.\n\nLOPEZ: Nobody thinks their savings are speculation.",
    )
    assert [(f.speaker, f.quote) for f in found] == [
        ("MATTHEWS", ["Speculation is bad for everybody"]),
        ("LOPEZ", ["Nobody thinks their savings are speculation"]),
    ]
