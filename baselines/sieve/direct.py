"""Sieve 1: direct quotes with a cue right after them or right before them.

After: `“...,” she said`, `“...,” said X`, `“...,” X, the minister, told reporters`. Before:
`X said: “...”`, `X told reporters, “...”`, `according to X, “...”`, or a colon with no verb
(`Volkov: “...”`), which gives the sentence's subject and no cue.
"""

from __future__ import annotations

from baselines.sieve.lexicon import MAX_OBJECT, is_verb_form
from baselines.sieve.speakers import cue_subject, np_forward, sentence_subject, subject_after
from baselines.sieve.state import Cascade, Found, Range
from baselines.sieve.syntax import (
    apostrophe,
    is_noun,
    only_adjuncts,
    sentence_body_end,
    token_ranges,
    trim_auxiliaries,
)
from baselines.text import CLAUSE_WORDS, COPULAS, CUE_FORMS, PREPOSITIONS, Analysis

MAX_TRAILER_SUBJECT = 8  # tokens in the subject of a cue after a quote, before an apposition


def direct_quotes(cascade: Cascade) -> None:
    """Give each quotation no earlier sieve took the cue next to it, if it has one."""
    for q_index in range(len(cascade.a.quotations)):
        if q_index not in cascade.owner:
            _direct(cascade, q_index)


def _direct(cascade: Cascade, q_index: int) -> None:
    a = cascade.a
    quotation = a.quotations[q_index]
    first = a.first_token_at(quotation.start)
    last = a.first_token_at(quotation.end) - 1
    if last < first:
        return
    cued = (_trailer(a, first, last) if quotation.closed else None) or _leader(cascade, first, last)
    if cued is None:
        return
    cue, speaker = cued
    fragments = token_ranges(a, quotation.fragments)
    cascade.add(Found(fragments, cue, speaker, [q_index], direct=True))


def _trailer(a: Analysis, first: int, last: int) -> tuple[int, list[Range] | None] | None:
    """`“...,” he said` / `“...,” said X` / `“...,” X told reporters`."""
    if not _opens_clause(a, first):
        return None
    j = last + 1
    if j < a.n and a.texts[j] == "," and a.paragraph[j] == a.paragraph[last]:
        j += 1
    if j >= a.n or a.paragraph[j] != a.paragraph[last] or a.in_quote(j):
        return None
    sentence = a.sentence[j]
    if sentence != a.sentence[last] and not _short_report(a, j):
        return None  # `“...!” Trump said.` is still a trailer; anything longer is not
    if a.lower(j) in CUE_FORMS and is_verb_form(a.lower(j)):
        return j, subject_after(a, j + 1)
    if a.lower(j) in PREPOSITIONS:
        return None  # `“...” for criminal behavior, she said`: the quote goes on, mixed
    k = j
    subject_end = None  # last token of the subject before an apposition
    while k < a.n and k - j <= MAX_TRAILER_SUBJECT + 25 and a.sentence[k] == sentence:
        word = a.lower(k)
        if word in CUE_FORMS and k > j and is_verb_form(word) and not a.in_quote(k):
            subject = trim_auxiliaries(a, j, subject_end if subject_end is not None else k - 1)
            return (k, [subject]) if subject else None
        if word == "," and k > j and subject_end is None:
            subject_end = k - 1  # "General Aron Belsky, the chief of the general staff, told"
        elif word == "," and subject_end is not None and a.lower(k + 1) in CUE_FORMS:
            pass
        elif subject_end is not None:  # in the apposition: anything but a new sentence or quote
            if (a.is_mark(k) and not apostrophe(a, k)) or word in (".", ";", "!", "?"):
                return None
        elif word in ("(", ")") or apostrophe(a, k):
            pass  # "Sen. Marco Rubio (R-Fla.) said", "Sanders’ manager said"
        elif (
            (
                not a.is_word[k]
                or word in COPULAS
                or (word in CLAUSE_WORDS and not _joins_names(a, k))
            )
            or subject_end is None
            and k - j > MAX_TRAILER_SUBJECT
        ):
            return None
        k += 1
    return None


def _short_report(a: Analysis, j: int) -> bool:
    """A sentence that is only `SUBJECT CUE [adjunct]`, as in `“...!” US Senator X said.`"""
    _, s_end = a.sentence_of(j)
    body_end = sentence_body_end(a, j, s_end)
    for k in range(j, min(body_end, j + MAX_TRAILER_SUBJECT)):
        word = a.lowers[k]
        if word in CUE_FORMS and is_verb_form(word) and k > j:
            return only_adjuncts(a, k + 1, body_end) or a.lower(k + 1) in (
                "as",
                "when",
                "while",
            )
        if not a.is_word[k]:
            return False
    return False


def _opens_clause(a: Analysis, first: int) -> bool:
    """A quote that can carry its own cue opens its sentence or follows `,` `:` or a dash."""
    s_start, _ = a.sentence_of(first)
    return first == s_start or a.texts[first - 1] in (",", ":", "—", "–", "-", "(", ";")


def _joins_names(a: Analysis, k: int) -> bool:
    """ "the Liberty and Work leader": a conjunction between capitalised words."""
    return a.lower(k) in ("and", "of") and a.is_cap[k - 1] and k + 1 < a.n and a.is_cap[k + 1]


def _leader(
    cascade: Cascade, first: int, last: int
) -> tuple[int | None, list[Range] | None] | None:
    """`X said: “...”`, `X told reporters, “...”`, `according to X, “...”`, `Volkov: “...”`."""
    a = cascade.a
    p = first - 1
    s_start, _ = a.sentence_of(first)
    if p < s_start:
        return None
    mark = a.texts[p]
    if mark in (":", ","):
        for c in range(p - 1, max(s_start, p - MAX_OBJECT) - 1, -1):
            word = a.lower(c)
            if a.in_quote(c):
                break
            if word == "according" and a.lower(c + 1) == "to":
                subject = np_forward(a, c + 2, p)
                return c, [subject] if subject else None
            if (
                word in CUE_FORMS
                and is_verb_form(word)
                and c not in cascade.used_cues
                and not is_noun(a, c)
            ):
                return c, cue_subject(cascade, c)
        if mark == ":":
            subject = sentence_subject(a, s_start, p)
            return None, [subject] if subject else None
        return None
    opens_sentence = first + 1 <= last and a.is_cap[first + 1]  # not `believe "that ..."`
    if a.lower(p) in CUE_FORMS and opens_sentence and _ends_sentence_after(a, last):
        return p, cue_subject(cascade, p)
    return None


def _ends_sentence_after(a: Analysis, last: int) -> bool:
    k = last + 1
    while k < a.n and a.sentence[k] == a.sentence[last] and not a.is_word[k]:
        k += 1
    return k >= a.n or a.sentence[k] != a.sentence[last]
