"""Sieve 2: indirect and mixed speech, a cue with the clause it reports.

A cue verb from the lexicon with its complement clause (clauses.py), `CLAUSE, X said`,
`CLAUSE, said X`, the report set inside its clause (`A, X said, B`), `according to X` before
or after its clause, and reported questions (`asked whether ...`). Quotation marks inside the
clause make the attribution mixed.
"""

from __future__ import annotations

from baselines.sieve.clauses import clause_end, complement_start
from baselines.sieve.lexicon import MIN_QUOTE_WORDS, SUBJECT_PRONOUNS, is_past, is_verb_form
from baselines.sieve.speakers import cue_subject, np_forward, subject_after
from baselines.sieve.state import Cascade, Found, Range
from baselines.sieve.syntax import (
    auxiliary,
    clause_start,
    has_verb,
    is_noun,
    lowercase_or_first,
    only_adjuncts,
    sentence_body_end,
    skip_adjuncts,
    skip_object,
)
from baselines.text import (
    CLAUSE_WORDS,
    COPULAS,
    CUE_FORMS,
    DETERMINERS,
    PARTICIPLE_CUES,
    PREPOSITIONS,
    QUOTE_ONLY,
    THAT_ONLY,
    Analysis,
)

PRIMARY = frozenset("say tell".split())
ARTICLES = frozenset(("a", "an", "the"))
WH_WORDS = frozenset("whether if how why what when who where which".split())


def indirect_speech(cascade: Cascade) -> None:
    """`according to` first, then every free cue word outside quotations."""
    _according_to(cascade)
    a = cascade.a
    cues = [i for i, word in enumerate(a.lowers) if word in CUE_FORMS]
    # reports of speech first, so that "X said Y knew that ..." is X's attribution, not Y's
    for i in [i for i in cues if CUE_FORMS[a.lowers[i]] in PRIMARY] + [
        i for i in cues if CUE_FORMS[a.lowers[i]] not in PRIMARY
    ]:
        if i not in cascade.used_cues and not a.in_quote(i) and lowercase_or_first(a, i):
            _indirect(cascade, i)


def _according_to(cascade: Cascade) -> None:
    a = cascade.a
    for i in [i for i, word in enumerate(a.lowers) if word == "according"]:
        if a.lower(i + 1) != "to" or a.in_quote(i):
            continue
        s_start, s_end = a.sentence_of(i)
        body_end = sentence_body_end(a, s_start, s_end)
        if i == s_start or (i == s_start + 1 and not a.is_word[s_start]):
            comma = next((k for k in range(i + 2, body_end) if a.texts[k] == ","), None)
            if comma is None:
                continue
            speaker = np_forward(a, i + 2, comma)
            if a.lower(comma + 1) in ARTICLES:  # "According to Orbis Watch, a private firm, ..."
                comma = _apposition_end(a, comma, body_end)
            clause = (comma + 1, body_end - 1)
        else:
            speaker = np_forward(a, i + 2, body_end)
            end = i - 1 if a.texts[i - 1] == "," else i
            clause = (clause_start(a, s_start, i), end - 1)
            after = speaker[1] + 1 if speaker else i + 2
            fragments = _around(cascade, clause, after, body_end)
            if fragments is not None:
                _add_fragments(cascade, fragments, i, [speaker] if speaker else None)
                continue
        if clause[1] - clause[0] + 1 < MIN_QUOTE_WORDS or cascade.overlaps_owned(*clause):
            continue
        _add_fragments(cascade, [clause], i, [speaker] if speaker else None)


def _indirect(cascade: Cascade, cue: int) -> None:
    a = cascade.a
    word = a.lower(cue)
    lemma = CUE_FORMS[word]
    if lemma == "ask":
        _question(cascade, cue)
        return
    if lemma in QUOTE_ONLY or not is_verb_form(word) or is_noun(a, cue) or a.lower(cue - 1) == "to":
        return
    before = cue - 1
    while before > 0 and auxiliary(a, before) and a.lowers[before] not in COPULAS:
        before -= 1
    if a.lower(before) in COPULAS and is_past(word):
        return  # passive: "was told", "is said to", "was widely reported"
    s_start, s_end = a.sentence_of(cue)
    body_end = sentence_body_end(a, s_start, s_end)
    complement = complement_start(cascade, cue, lemma, body_end)
    if complement is not None:
        clause_first, needs_verb = complement
        clause_last = clause_end(cascade, clause_first, body_end)
        if clause_last - clause_first + 1 < MIN_QUOTE_WORDS or cascade.overlaps_owned(
            clause_first, clause_last
        ):
            return
        if needs_verb and not has_verb(a, clause_first, clause_last + 1):
            return
        speaker = cue_subject(cascade, cue)
        _add_fragments(cascade, [(clause_first, clause_last)], cue, speaker)
        return
    # "CLAUSE, X said." / "CLAUSE, said X."
    if lemma in THAT_ONLY or lemma in QUOTE_ONLY:
        return
    before = a.lower(cue - 1)
    inverted = before == "," and cue + 1 < body_end and a.is_word[cue + 1]
    if inverted:
        speaker = subject_after(a, cue + 1)
        comma = cue - 1
    else:
        subject = cue_subject(cascade, cue)
        if not subject:
            return
        comma = subject[0][0] - 1
        speaker = subject
    if comma <= s_start:
        return
    if a.texts[comma] != ",":
        inner = comma
        while inner > s_start and a.is_mark(inner):
            inner -= 1
        if inner == comma or a.texts[inner] != ",":
            return
        comma += 1  # `... ''Prison Break,'' Mr. Madden said`: the quote ends the clause
    clause = (clause_start(a, s_start, comma), comma - 1)
    after = speaker[-1][1] + 1 if speaker and inverted else cue + 1
    fragments = _around(cascade, clause, after, body_end)
    if fragments is not None:
        _add_fragments(cascade, fragments, cue, speaker)
        return
    if not only_adjuncts(a, cue + 1, body_end):
        return
    if clause[1] - clause[0] + 1 < MIN_QUOTE_WORDS or cascade.overlaps_owned(*clause):
        return
    _add_fragments(cascade, [clause], cue, speaker)


def _question(cascade: Cascade, cue: int) -> None:
    """Reported questions: `He asked (them) whether they planned to attend`."""
    a = cascade.a
    if not is_verb_form(a.lower(cue)) or is_noun(a, cue) or a.lower(cue - 1) in COPULAS:
        return
    s_start, s_end = a.sentence_of(cue)
    body_end = sentence_body_end(a, s_start, s_end)
    j = cue + 1
    if a.lower(j) not in WH_WORDS:
        j = skip_object(a, j, body_end) or j
    if a.lower(j) not in WH_WORDS:
        return
    last = clause_end(cascade, j, body_end)
    if last - j + 1 >= MIN_QUOTE_WORDS and not cascade.overlaps_owned(j, last):
        _add_fragments(cascade, [(j, last)], cue, cue_subject(cascade, cue))


def _around(cascade: Cascade, head: Range, after: int, body_end: int) -> list[Range] | None:
    """`Trump, Sexton said, has created ...`: a report set inside the clause it reports,
    when the part before it has no verb of its own; the two parts are one quote."""
    a = cascade.a
    k = skip_adjuncts(a, after, body_end)
    if k >= body_end - 1 or a.texts[k] != "," or has_verb(a, head[0], head[1] + 1):
        return None
    rest = (k + 1, body_end - 1)
    first = a.lower(k + 1)
    if first in PARTICIPLE_CUES or first == "according" or not a.is_word[k + 1] or a.is_cap[k + 1]:
        return None
    if (
        first in DETERMINERS
        or first in PREPOSITIONS
        or first in SUBJECT_PRONOUNS
        or first in CLAUSE_WORDS
    ):
        return None
    if any(
        a.lowers[m] == "that" or (a.lowers[m] in CUE_FORMS and is_verb_form(a.lowers[m]))
        for m in range(rest[0], min(rest[1], rest[0] + 3))
    ):
        return None
    last = clause_end(cascade, rest[0], body_end)
    return [head, (rest[0], last)]


def _add_fragments(
    cascade: Cascade, fragments: list[Range], cue: int, speaker: list[Range] | None
) -> None:
    if any(cascade.overlaps_owned(first, last) for first, last in fragments):
        return
    inside = sorted(
        {
            cascade.a.quotation[t]
            for start, end in fragments
            for t in range(start, end + 1)
            if cascade.a.quotation[t] >= 0
        }
    )
    cascade.add(Found(fragments, cue, speaker, inside, direct=False))


def _apposition_end(a: Analysis, comma: int, end: int) -> int:
    """The comma closing a short verbless apposition that opens at `comma`, else `comma`."""
    second = next((k for k in range(comma + 1, min(end, comma + 10)) if a.texts[k] == ","), None)
    return second if second is not None and not has_verb(a, comma + 1, second) else comma
