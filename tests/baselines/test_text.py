"""The shared text analysis: tokens, paragraphs, quotations (curly, straight, nested,
continued), sentences that never end inside a quote, and the cue lexicon."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from baselines.text import (
    CUE_FORMS,
    PARTICIPLE_CUES,
    Analysis,
    paragraphs,
    scan_quotations,
    tokenize,
)


def quotes(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in q.fragments] for q in scan_quotations(text, paragraphs(text))]


def sentences(text: str) -> list[str]:
    a = Analysis(text)
    return [a.words(s, e - 1) for s, e in a.sentence_bounds]


def test_tokens_keep_abbreviations_and_inner_punctuation():
    words = [
        t
        for _, _, t in tokenize("Mr. Smith of the U.S. said 2,100 won’t go. Donald J. Trump left.")
    ]
    assert words == [
        "Mr.",
        "Smith",
        "of",
        "the",
        "U.S.",
        "said",
        "2,100",
        "won’t",
        "go",
        ".",
        "Donald",
        "J.",
        "Trump",
        "left",
        ".",
    ]


@given(st.text(max_size=300))
def test_tokens_are_in_order_and_inside_the_text(text):
    previous = 0
    for start, end, word in tokenize(text):
        assert previous <= start < end <= len(text)
        assert text[start:end] == word
        previous = end


def test_paragraphs_are_non_blank_lines():
    assert paragraphs("Headline\n\n  First para. \nSecond\n\n\n") == [(0, 8), (12, 23), (25, 31)]


def wrapped_novel(blocks: int = 20) -> str:
    """A hard-wrapped book: paragraphs of three lines of at most 80 characters, blank lines
    between them, and a quotation wrapped across the lines of one paragraph."""
    paragraph = "“We shall see,” said Emma, looking\nat the window, “whether he comes\nat all.”"
    return "CHAPTER I\n\n" + "\n\n".join([paragraph] * blocks) + "\n"


def test_hard_wrapped_text_takes_blocks_between_blank_lines_as_paragraphs():
    text = wrapped_novel()
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans[:2]] == ["CHAPTER I", text.split("\n\n")[1]]
    assert len(spans) == 21
    assert quotes(text)[:2] == [["“We shall see,”"], ["“whether he comes\nat all.”"]]
    assert Analysis(text).headings[:2] == [True, False]


def test_short_or_wide_lines_stay_one_paragraph_each():
    few = wrapped_novel(blocks=3)  # 10 lines: too few to tell a wrapped book
    assert len(paragraphs(few)) == 10
    wide = wrapped_novel().replace("looking\nat", "looking at" + " far" * 20 + "\nat")
    assert len(paragraphs(wide)) == sum(1 for line in wide.splitlines() if line)  # 61


def test_capitalised_runs_stop_at_paragraphs_and_skip_headings():
    a = Analysis("CHAPTER VIII\n\nHarriet Smith came.\nMr Knightley\nWeston left.")
    runs = [a.words(i, j) for i, j in a.capitalised_runs()]
    assert runs == ["Harriet Smith", "Mr Knightley", "Weston"]


def test_curly_and_straight_quotes():
    assert quotes('“One,” he said. "Two," she said.') == [["“One,”"], ['"Two,"']]


def test_nested_single_marks_stay_inside_the_outer_quote():
    assert quotes("“He told me ‘never again’,” she said.") == [["“He told me ‘never again’,”"]]
    assert quotes("\"He told me 'never again',\" she said.") == [["\"He told me 'never again',\""]]


def test_single_marks_alone_are_quotes_but_apostrophes_are_not():
    assert quotes("Sanders: Clinton must 'get away from personality' now") == [
        ["'get away from personality'"]
    ]
    assert quotes("The Clintons' house and Trump's plan won't change.") == []


def test_typewriter_double_marks():
    assert quotes("''It is over,'' he said.") == [["''It is over,''"]]


def test_a_quote_continued_across_paragraphs_is_one_quotation():
    text = "“First part.\n\n“Second part.\n\n“Third,” she said."
    assert quotes(text) == [["“First part.", "“Second part.", "“Third,”"]]


def test_an_unclosed_quote_without_a_continuation_ends_with_its_paragraph():
    assert quotes("“Never closed\n\nNext paragraph.") == [["“Never closed"]]


def test_sentences_never_end_inside_a_quote():
    text = "“We are not building these. We are building them,” she said. Then she left."
    assert sentences(text) == [
        "“We are not building these. We are building them,” she said.",
        "Then she left.",
    ]


def test_a_closing_mark_after_a_period_ends_a_sentence():
    assert sentences("“It is over.” He left. Mr. Smith stayed.") == [
        "“It is over.”",
        "He left.",
        "Mr. Smith stayed.",
    ]


def test_sentences_never_cross_paragraphs():
    assert sentences("No period here\nNext line") == ["No period here", "Next line"]


def test_cue_lexicon_has_inflections_and_participles():
    for form in (
        "said",
        "says",
        "told",
        "added",
        "warned",
        "denied",
        "insisted",
        "believes",
        "according",
        "noted",
        "argued",
    ):
        assert form in CUE_FORMS or form == "according"
    assert {"saying", "adding", "telling"} <= PARTICIPLE_CUES
    assert CUE_FORMS["told"] == "tell" and CUE_FORMS["thought"] == "think"


def test_german_quotation_marks():
    assert quotes("Sie sagte: „Wir gehen.“ Dann ging sie.") == [["„Wir gehen.“"]]
    assert quotes("Er rief: »Komm her!« und lief.") == [["»Komm her!«"]]
    assert quotes("„Das ‚Wunder‘ ist vorbei“, sagte er.") == [["„Das ‚Wunder‘ ist vorbei“"]]
    assert quotes("Das sogenannte ‚Wunder‘ blieb aus.") == [["‚Wunder‘"]]


def test_french_quotation_marks():
    assert quotes("Il a dit : « Nous ne céderons pas. » Puis il partit.") == [
        ["« Nous ne céderons pas. »"]
    ]
    assert quotes("Le mot ‹ jamais › revenait.") == [["‹ jamais ›"]]


def test_a_german_quote_continued_across_paragraphs():
    text = "Sie sagte: „Erstens gehen wir.\n„Zweitens bleiben wir.“"
    assert quotes(text) == [["„Erstens gehen wir.", "„Zweitens bleiben wir.“"]]


def test_german_and_french_sentences():
    assert sentences("Der Minister sagte am 3. Oktober: „Wir schaffen das.“ Dann ging er.") == [
        "Der Minister sagte am 3. Oktober: „Wir schaffen das.“",
        "Dann ging er.",
    ]
    assert sentences("Dr. Müller bzw. Prof. Schmidt sahen z.B. Steuern. Danach nichts.") == [
        "Dr. Müller bzw. Prof. Schmidt sahen z.B. Steuern.",
        "Danach nichts.",
    ]
    assert sentences("M. Dupont a dit : « Je viens. » Mme Durand est partie.") == [
        "M. Dupont a dit : « Je viens. »",
        "Mme Durand est partie.",
    ]


def test_dialogue_dash_paragraphs():
    text = "Il pleuvait.\n— Bonjour, dit-il. Comment allez-vous ?\n– Très bien, répondit Marie."
    analysis = Analysis(text)
    assert analysis.dialogue == [False, True, True]
    assert sentences(text) == [
        "Il pleuvait.",
        "— Bonjour, dit-il.",
        "Comment allez-vous ?",
        "– Très bien, répondit Marie.",
    ]
