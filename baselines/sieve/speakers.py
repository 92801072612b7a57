"""Speakers as the rules find them: the subject of a cue, as token ranges.

"X said", "said X", "X, the minister, said" (apposition skipped), "X, who ..., said" (the
relative pronoun with its antecedent); a participle (", adding that") or "and said" takes the
subject of the clause it hangs on. Names are given to these mentions later (output.py).
"""

from __future__ import annotations

from baselines.sieve.lexicon import is_verb_form
from baselines.sieve.state import Cascade, Found, Range
from baselines.sieve.syntax import apostrophe, auxiliary, clause_start, time_before
from baselines.text import (
    AUXILIARIES,
    CALENDAR,
    CLAUSE_WORDS,
    COPULAS,
    CUE_FORMS,
    PARTICIPLE_CUES,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    Analysis,
)

MAX_SUBJECT = 10  # tokens in a speaker noun phrase
STOP_BEFORE_SUBJECT = frozenset(
    "however meanwhile instead also still yet then now so thus indeed".split()
)


def cue_subject(cascade: Cascade, cue: int) -> list[Range] | None:
    """The speaker of a cue: its subject, or for `, adding that` and `and said` the subject of
    the clause it hangs on."""
    a = cascade.a
    s_start, _ = a.sentence_of(cue)
    j = cue - 1
    while j >= s_start and (auxiliary(a, j) or time_before(a, j)):
        j -= 1
    if j < s_start:
        return None
    word = a.lower(j)
    participle = a.lower(cue) in PARTICIPLE_CUES
    if participle and word not in COPULAS and j == cue - 1:
        return _inherited_subject(cascade, cue, s_start)  # "... tweets early Friday saying that"
    if word in (",", "and", "but") and (participle or word != ","):
        return _inherited_subject(cascade, cue, s_start)
    if word == ",":
        opening = next(
            (k for k in range(j - 1, s_start - 1, -1) if a.texts[k] == "," and not a.in_quote(k)),
            None,
        )
        if opening is None:
            return _inherited_subject(cascade, cue, s_start)
        j = opening - 1
    if j < s_start or a.is_mark(j) or not (a.is_word[j] or a.texts[j] == ")"):
        return None
    if a.lower(j) in RELATIVE_PRONOUNS:
        antecedent = _relative_antecedent(a, j, s_start)
        return [antecedent, (j, j)] if antecedent else [(j, j)]
    np = _np_backward(a, j, s_start)
    return [np] if np else None


def np_forward(a: Analysis, j: int, end: int) -> Range | None:
    """A noun phrase starting at token j (after "according to", or after an inverted cue)."""
    k = j
    while k < end and k - j < MAX_SUBJECT:
        word = a.lowers[k]
        if a.in_quote(k) or not a.is_word[k] or word in CLAUSE_WORDS or word in COPULAS:
            break
        k += 1
    return (j, k - 1) if k > j else None


def subject_after(a: Analysis, j: int) -> list[Range] | None:
    """`said Kremlin spokesman Dmitri Orlov, ...` -> the phrase up to a comma or adjunct."""
    k = j
    while k < a.n and k - j < MAX_SUBJECT:
        word = a.lowers[k]
        if a.in_quote(k) or not a.is_word[k] or word in CLAUSE_WORDS or word in COPULAS:
            break
        if word in PREPOSITIONS and word != "of":
            break
        if k > j and word in CALENDAR:
            break
        k += 1
    return [(j, k - 1)] if k > j else None


def sentence_subject(a: Analysis, s_start: int, limit: int) -> Range | None:
    """The noun phrase opening a sentence, after an introductory phrase ending in a comma."""
    j = clause_start(a, s_start, limit)
    if (
        a.lower(j) in PREPOSITIONS
        or (a.lower(j).endswith("ing") and j + 1 < a.n and not a.is_cap[j + 1])
        or a.lower(j)
        in (
            "asked",
            "after",
            "before",
            "when",
            "while",
            "as",
            "despite",
            "meanwhile",
            "however",
        )
    ):
        comma = next((k for k in range(j, min(limit, j + 15)) if a.texts[k] == ","), None)
        if comma is None:
            return None
        j = comma + 1
    while j < limit and (a.lower(j) in CLAUSE_WORDS or a.is_mark(j)):
        j += 1
    k = j
    while k < limit:
        word = a.lowers[k]
        if (
            not a.is_word[k]
            or word in COPULAS
            or word in AUXILIARIES
            or word in CLAUSE_WORDS
            or word in CUE_FORMS
        ):
            break
        if k > j and ((word.endswith("ed") and not a.is_cap[k]) or word in CALENDAR):
            break
        if k > j and word in PREPOSITIONS and word != "of" and a.lower(k + 1) in CALENDAR:
            break
        k += 1
    return (j, k - 1) if k > j else None


def previous_speaker(cascade: Cascade, token: int) -> Found | None:
    """The last attribution with a speaker before `token`, if in its paragraph or the one before."""
    before = [f for f in cascade.found if f.quote[-1][1] < token and f.speaker]
    found = max(before, key=lambda f: f.quote[-1][1], default=None)
    if (
        found is not None
        and cascade.a.paragraph[token] - cascade.a.paragraph[found.quote[-1][1]] <= 1
    ):
        return found
    return None


def _inherited_subject(cascade: Cascade, cue: int, s_start: int) -> list[Range] | None:
    earlier = [
        f for f in cascade.found if f.cue is not None and s_start <= f.cue < cue and f.speaker
    ]
    if earlier:
        return max(earlier, key=lambda f: f.cue or 0).speaker
    subject = sentence_subject(cascade.a, s_start, cue)
    return [subject] if subject else None


def _relative_antecedent(a: Analysis, j: int, s_start: int) -> Range | None:
    k = j - 1
    if k >= s_start and a.texts[k] == ",":
        k -= 1
    return _np_backward(a, k, s_start) if k >= s_start and a.is_word[k] else None


def _np_backward(a: Analysis, j: int, s_start: int) -> Range | None:
    """The noun phrase ending at token j: words back to a boundary (punctuation, clause word,
    verb), through "of"-phrases and relative clauses without commas."""
    first = j + 1
    k = j
    while k >= s_start and j - k < MAX_SUBJECT + 6:
        word = a.lowers[k]
        if apostrophe(a, k) and k < j:
            first = k
            k -= 1
            continue
        if word == ")":  # "Sen. Marco Rubio (R-Fla.) said"
            opening = next(
                (m for m in range(k - 1, max(s_start, k - 8) - 1, -1) if a.texts[m] == "("),
                None,
            )
            if opening is None:
                break
            first = opening
            k = opening - 1
            continue
        if a.in_quote(k) or not a.is_word[k] or word in COPULAS or word in STOP_BEFORE_SUBJECT:
            break
        if word in RELATIVE_PRONOUNS:  # "officials who spoke on condition of anonymity said"
            k -= 1
            first = k + 1
            j = k
            continue
        if word in CLAUSE_WORDS or (word in CUE_FORMS and is_verb_form(word) and k != j):
            break
        if word in AUXILIARIES and word not in ("once", "first", "last"):
            break
        if word in CALENDAR or word in ("—", "–"):
            break
        first = k
        k -= 1
    if first > j:
        return None
    if a.lower(first) in PREPOSITIONS:  # "In a speech to parliament Volkov": the last name on
        names = [t for t in range(first, j + 1) if a.is_cap[t] and not a.is_cap[t - 1]]
        if not names:
            return None
        first = names[-1]
    return (first, j)
