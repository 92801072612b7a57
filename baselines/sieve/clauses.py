"""The clause a cue reports: where it starts after the cue and where it ends."""

from __future__ import annotations

from baselines.mentions import NOMINAL_HEADS
from baselines.sieve.lexicon import (
    MAX_OBJECT,
    MIN_QUOTE_WORDS,
    SUBJECT_PRONOUNS,
    is_past,
    is_verb_form,
)
from baselines.sieve.speakers import subject_after
from baselines.sieve.state import Cascade
from baselines.sieve.syntax import (
    apostrophe,
    has_verb,
    is_noun,
    skip_adjuncts,
    skip_object,
    subject_like,
)
from baselines.text import (
    BARE_COMPLEMENT,
    CALENDAR,
    CLAUSE_WORDS,
    COPULAS,
    CUE_FORMS,
    PARTICIPLE_CUES,
    PREPOSITIONS,
    QUOTE_MARKS,
    TELL_VERBS,
    THAT_ONLY,
    TIME_WORDS,
    Analysis,
)

TO_LISTENER = frozenset("say explain write announce complain admit report state declare".split())
OPTIONAL_LISTENER = frozenset("warn promise".split())
STRONG_BARE = frozenset(
    "say tell claim argue insist warn believe think suggest predict contend assert fear hope doubt".split()
)
NUMERIC_PREPOSITIONS = frozenset("at about around over under up".split())


def complement_start(
    cascade: Cascade, cue: int, lemma: str, body_end: int
) -> tuple[int, bool] | None:
    """First token of the reported clause after a cue, and whether it must show a verb."""
    a = cascade.a
    word = a.lowers[cue]
    j = skip_adjuncts(a, cue + 1, body_end)
    if lemma == "point" and a.lower(j) == "out":
        j += 1
    if j >= body_end:
        return None
    if a.lower(j) == "that":
        return (j, False) if j + 1 < body_end else None
    if a.lower(j) == ":" and j + 1 < body_end:
        return None if a.in_quote(j + 1) and a.quotation[j + 1] in cascade.owner else (j + 1, False)
    listener = lemma in TELL_VERBS or (a.lower(j) == "to" and lemma in TO_LISTENER)
    window = MAX_OBJECT if listener else 12
    that = _that_within(a, j, min(body_end, j + window), listener)
    if that is not None:
        return that, False
    if lemma in THAT_ONLY or lemma not in BARE_COMPLEMENT:
        return None
    if listener:
        after_object = skip_object(a, j, body_end)
        if after_object is not None:
            j = skip_adjuncts(a, after_object, body_end)
        elif lemma not in OPTIONAL_LISTENER:
            return None
    if j >= body_end or (a.in_quote(j) and a.quotation[j] in cascade.owner):
        return None
    if _inverted_subject(a, cue, body_end):
        return None
    if not _clause_like(a, j, body_end):
        return None
    return j, (lemma != "say" or listener or j > cue + 1) and not (
        lemma in STRONG_BARE and subject_like(a, j) and not word.endswith("ing")
    )


def clause_end(cascade: Cascade, first: int, end: int) -> int:
    """Last token of a clause starting at `first`: before `, adding`, `, according to`, `;`,
    a direct quote owned by another attribution, or another speaker's cue."""
    a = cascade.a
    k = first + 1
    while k < end:
        word = a.lower(k)
        if word == ";":
            break
        if a.in_quote(k) and a.quotation[k] in cascade.owner:
            break
        if word == "," and (
            a.lower(k + 1) in PARTICIPLE_CUES
            or a.lower(k + 1) == "according"
            or _new_speaker_at(a, k + 1, end)
        ):
            break
        if (
            word in ("and", "but")
            and not a.in_quote(k)
            and (
                a.lower(k + 1) in CUE_FORMS
                and is_past(a.lower(k + 1))
                or _new_predicate(a, first, k)
            )
        ):
            break
        if (
            word in ("and", "but")
            and a.lower(k - 1) == ","
            and a.lower(k + 1) in SUBJECT_PRONOUNS
            and not a.in_quote(k)
        ):
            k -= 1
            break
        k += 1
    last = k - 1
    while last > first and not a.is_word[last] and a.texts[last] not in QUOTE_MARKS:
        last -= 1
    return last


def _that_within(a: Analysis, j: int, end: int, listener: bool) -> int | None:
    """A "that" after a listener or an adjunct: `told workers at the plant that`."""
    first = a.lower(j)
    if (
        not listener
        and first not in PREPOSITIONS
        and first not in TIME_WORDS
        and first not in CALENDAR
    ):
        return None
    for k in range(j, end):
        word = a.lower(k)
        if word == "that":
            return k if k > j else None
        if a.in_quote(k) or word in (";", ":", ".") or (word in CUE_FORMS and is_verb_form(word)):
            return None
        if word == "," and not listener:
            return None
        if word in CLAUSE_WORDS and word not in ("and",):
            return None
    return None


def _inverted_subject(a: Analysis, cue: int, end: int) -> bool:
    """`..., said David Axelrod, a strategist.`: after a comma, the cue's subject follows it."""
    if a.lower(cue - 1) != "," and not (a.is_mark(cue - 1) and a.lower(cue - 2) == ","):
        return False
    subject = subject_after(a, cue + 1)
    if not subject:
        return False
    first, last = subject[-1]
    if last - first >= 6 or not any(
        a.is_cap[k] or a.lowers[k] in NOMINAL_HEADS for k in range(first, last + 1)
    ):
        return False
    return last + 1 >= end or a.texts[last + 1] == ","


def _clause_like(a: Analysis, j: int, end: int) -> bool:
    if end - j < MIN_QUOTE_WORDS:
        return False
    word = a.lower(j)
    if a.is_mark(j):
        return True
    if not a.is_word[j]:
        return False
    if word in PREPOSITIONS:
        return word in NUMERIC_PREPOSITIONS and (
            a.texts[j + 1][0].isdigit() or a.lower(j + 1) in ("least", "most", "a", "an", "half")
        )
    if (
        not a.is_cap[j]
        and word.endswith(("ed", "ing"))
        and (a.lower(j + 1) in PREPOSITIONS or word in CUE_FORMS)
    ):
        return False  # "in a report published on Thursday", "saying ..."
    return word not in CLAUSE_WORDS and word not in (
        "so",
        "yes",
        "goodbye",
        "not",
        "nothing",
        "something",
        "anything",
    )


def _new_predicate(a: Analysis, first: int, k: int) -> bool:
    """`said the denial was “...” and summoned the ambassador`: after a clause that has its
    verb, "and" + a past tense with no subject of its own goes back to the speaker."""
    word = a.lower(k + 1)
    return word.endswith("ed") and not a.is_cap[k + 1] and has_verb(a, first, k)


def _new_speaker_at(a: Analysis, k: int, end: int) -> bool:
    """`, but Brandt said ...` : a conjunction, a short subject and a cue."""
    if a.lower(k) in ("but", "and", "while", "whereas"):
        k += 1
    for m in range(k + 1, min(end, k + 9)):
        word = a.lower(m)
        if word in CUE_FORMS and is_verb_form(word) and not is_noun(a, m):
            return True
        if not (a.is_word[m] or apostrophe(a, m)) or word in CLAUSE_WORDS or word in COPULAS:
            return False
    return False
