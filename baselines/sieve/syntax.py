"""Shallow syntax by token index: auxiliaries, adjuncts, listeners, clause and sentence edges.

Everything here reads only the article's `Analysis`, never what the sieves have found.
"""

from __future__ import annotations

from collections.abc import Iterable

from baselines.sieve.lexicon import SUBJECT_PRONOUNS, is_verb_form
from baselines.sieve.state import Range
from baselines.text import (
    AUXILIARIES,
    CALENDAR,
    CUE_FORMS,
    DETERMINERS,
    PARTICIPLE_CUES,
    PREPOSITIONS,
    TIME_WORDS,
    Analysis,
    Span,
)

LISTENERS = frozenset(
    "reporters journalists parliament lawmakers legislators supporters workers delegates investors "
    "viewers listeners voters congress senators members staff employees students crowd crowds".split()
)
OBJECT_PRONOUNS = frozenset("him her them me us you".split())  # not text.OBJECT_PRONOUNS: no "it"
VENUES = frozenset(
    "statement interview speech letter conference briefing post message address broadcast report "
    "television radio podcast tweet email e-mail remarks hearing rally session meeting note filing "
    "op-ed column video documents document testimony appearance call summit debate".split()
)
FINITE = frozenset(
    "is was were are am be been has have had will would could can cannot can't won't must should "
    "might may shall did does do isn't wasn't weren't aren't hasn't haven't hadn't didn't doesn't "
    "don't wouldn't couldn't shouldn't".split()
)
TIME_MODIFIERS = frozenset("on late early last this next".split())  # "late on Friday", "last week"


def token_ranges(a: Analysis, spans: Iterable[Span]) -> list[Range]:
    """Character spans as inclusive token ranges (empty, last < first, if no token starts in one)."""
    return [(a.first_token_at(s), a.first_token_at(e) - 1) for s, e in spans]


def auxiliary(a: Analysis, i: int) -> bool:
    """An auxiliary or an adverb between a subject and its cue ("has also said", "later told")."""
    return not a.is_cap[i] and _is_auxiliary(a.lowers[i])


def trim_auxiliaries(a: Analysis, first: int, last: int) -> Range | None:
    """Tokens first..last without the auxiliaries and adverbs at their end ("X has also")."""
    while last >= first and auxiliary(a, last):
        last -= 1
    return (first, last) if last >= first else None


def time_before(a: Analysis, j: int) -> bool:
    """Part of a time adverbial between a subject and its cue: "X just this month announced"."""
    word = a.lowers[j]
    if word in CALENDAR or (word in TIME_WORDS and not a.is_cap[j]):
        return True
    return word in TIME_MODIFIERS and (a.lower(j + 1) in TIME_WORDS or a.lower(j + 1) in CALENDAR)


def lowercase_or_first(a: Analysis, i: int) -> bool:
    """A capitalised cue word inside a sentence is a name ("the United States")."""
    return not a.is_cap[i] or (
        (i == a.sentence_of(i)[0] or i < a.headline_end) and not a.texts[i].isupper()
    )


def is_noun(a: Analysis, i: int) -> bool:
    """A cue word right after a determiner is a noun ("the claims", "a note", "raising hopes")."""
    before = a.lower(i - 1)
    if a.lower(i).endswith("s") and before.endswith("ing") and a.lower(i - 2) not in DETERMINERS:
        return True
    if i == a.sentence_of(i)[0] and a.lower(i).endswith(("ed", "ing")):
        return True  # "Asked about ...", "Speaking to ..."
    return before in DETERMINERS or before in PREPOSITIONS or before.endswith(("’s", "'s"))


def sentence_body_end(a: Analysis, s_start: int, s_end: int) -> int:
    """End (exclusive) of a sentence without its final punctuation."""
    end = s_end
    while end > s_start and a.texts[end - 1] in ".!?…":
        end -= 1
    return end


def clause_start(a: Analysis, s_start: int, limit: int) -> int:
    """Skip a dateline before a clause that opens a sentence: `KORVIK, Reach (Wire) — ...`."""
    if (
        not (a.texts[s_start].isupper() and len(a.texts[s_start]) > 1)
        and ")" not in a.texts[s_start : s_start + 25]
    ):
        return s_start
    for k in range(s_start, min(limit, s_start + 25)):
        if a.texts[k] in ("—", "–", "--") or (
            a.texts[k] == "-" and k > s_start and a.texts[k - 1] == ")"
        ):
            return k + 1
    return s_start


def apostrophe(a: Analysis, k: int) -> bool:
    """A possessive mark outside any quotation: "the metalworkers’ union"."""
    return a.texts[k] in ("’", "'") and a.quotation[k] < 0


def has_verb(a: Analysis, j: int, end: int) -> bool:
    """Something finite in the first words of a clause: an auxiliary, a copula or an -ed verb."""
    for k in range(j, min(end, j + 12)):
        word = a.lower(k)
        if word in FINITE or (word.endswith("ed") and not a.is_cap[k]):
            return True
    return False


def subject_like(a: Analysis, k: int) -> bool:
    """Token k can open a subject: a pronoun, a determiner, a name or a number."""
    return (
        a.lowers[k] in SUBJECT_PRONOUNS
        or a.lowers[k] in DETERMINERS
        or a.is_cap[k]
        or a.texts[k][0].isdigit()
    )


def skip_adjuncts(a: Analysis, j: int, end: int) -> int:
    """Skip "on Tuesday", "late on Friday", "last week", "in a statement", "at a briefing"."""
    while j < end:
        word = a.lower(j)
        if (
            word in TIME_WORDS
            or word in CALENDAR
            or word in TIME_MODIFIERS
            and (
                a.lower(j + 1) in TIME_WORDS or a.lower(j + 1) in CALENDAR or a.lower(j + 1) == "on"
            )
        ):
            j += 1
        elif (
            word in ("in", "at", "on", "during", "via", "through", "over")
            and (venue := _venue_end(a, j + 1, end)) is not None
        ):
            j = venue + 1
        else:
            break
    return j


def skip_object(a: Analysis, j: int, end: int) -> int | None:
    """Past the listener of "told" (a pronoun, a name, or one or two words) to a subject."""
    if a.lower(j) == "to":
        j += 1
    if j >= end or not a.is_word[j]:
        return None
    if a.lower(j) in OBJECT_PRONOUNS or a.lower(j) in LISTENERS:
        return j + 1
    if a.is_cap[j]:
        while j < end and a.is_word[j] and a.is_cap[j]:
            j += 1
        return j
    k = j + 1 if a.lower(j) in DETERMINERS else j
    for after in (k + 1, k + 2):
        if after < end and subject_like(a, after):
            return after
    return None


def only_adjuncts(a: Analysis, j: int, end: int) -> bool:
    """After the cue only a time, a place or a listener, then the end of the sentence or a
    comma that starts no reported clause (`, adding that` is its own attribution)."""
    k = j
    first = a.lower(j)
    if (
        j < end
        and first != ","
        and not (
            first in PREPOSITIONS
            or first in TIME_WORDS
            or first in CALENDAR
            or first in LISTENERS
            or first in OBJECT_PRONOUNS
            or a.is_cap[j]
        )
    ):
        return False
    while k < end and a.texts[k] != ",":
        word = a.lower(k)
        if k - j >= 16 or a.in_quote(k) or word == "that" or word in FINITE or not a.is_word[k]:
            return False
        if word in CUE_FORMS and is_verb_form(word) and not is_noun(a, k):
            return False
        k += 1
    if k >= end or a.lower(k + 1) in PARTICIPLE_CUES:
        return True
    return not any(
        a.lower(m) == "that" or (a.lower(m) in CUE_FORMS and is_verb_form(a.lower(m)))
        for m in range(k + 1, end)
    )


def _venue_end(a: Analysis, j: int, end: int) -> int | None:
    """ "a statement", "an interview with state radio", "a news conference": its last token."""
    for k in range(j, min(end, j + 4)):
        if a.lower(k) in VENUES:
            while k + 1 < end and a.lower(k + 1) in VENUES:
                k += 1
            while (
                k + 2 < end
                and a.lower(k + 1) in ("with", "on", "to")
                and a.is_word[k + 2]
                and a.lower(k + 2) != "that"
            ):
                k += 2
                while k + 1 < end and a.is_word[k + 1] and a.is_cap[k + 1]:
                    k += 1
            return k
        if not a.is_word[k] or a.lower(k) == "that":
            return None
    return None


def _is_auxiliary(word: str) -> bool:
    return (
        word in AUXILIARIES
        or word == "not"
        or word == "n't"
        or (
            word.endswith("ly")
            and len(word) > 4
            and word not in ("only", "rally", "family", "italy")
        )
    )
