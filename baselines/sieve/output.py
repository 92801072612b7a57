"""What the cascade gives back: its attributions (end-to-end track), or speakers for given
quotes (attribution track), with each speaker mention resolved to a name (mentions.py)."""

from __future__ import annotations

from collections.abc import Sequence

from baselines.sieve.speakers import cue_subject, previous_speaker, sentence_subject, subject_after
from baselines.sieve.state import Cascade, Found, Range
from baselines.sieve.syntax import token_ranges
from baselines.text import CUE_FORMS, Analysis, Span
from benchmark.documents import PredictedAttribution


def attributions(cascade: Cascade) -> list[PredictedAttribution]:
    """Everything the cascade found, in reading order."""
    return [_output(cascade, f) for f in sorted(cascade.found, key=lambda f: f.quote[0][0])]


def attribute(cascade: Cascade, quotes: Sequence[list[Span]]) -> list[PredictedAttribution]:
    """Speakers for given quotes: the attribution that overlaps a quote most, else the
    speaker of the cue nearest to it in its sentence, else the paragraph's previous speaker."""
    a = cascade.a
    outputs = [(f, _token_set(a, f.quote)) for f in cascade.found]
    owner = {t: k for k, (_, tokens) in enumerate(outputs) for t in tokens}  # quotes are disjoint
    answers = []
    for quote in quotes:
        ranges = [(s, e) for s, e in token_ranges(a, quote) if s <= e]
        tokens = _token_set(a, ranges)
        # only the attributions sharing a token can reach Dice 0.5: the first best of those
        sharing = [outputs[k] for k in sorted({owner[t] for t in tokens if t in owner})]
        best = max(sharing, key=lambda o: _dice(tokens, o[1]), default=None)
        if best is not None and _dice(tokens, best[1]) >= 0.5:
            speaker = best[0].speaker
        else:
            speaker = _speaker_near(cascade, ranges) if ranges else None
        answers.append(_answer(cascade, quote, speaker))
    return answers


def _output(cascade: Cascade, found: Found) -> PredictedAttribution:
    a = cascade.a
    quote = [a.span(s, e) for s, e in found.quote]
    speaker = [a.span(s, e) for s, e in found.speaker] if found.speaker else None
    name = _name(cascade, found.speaker) if found.speaker else None
    cue = (
        [a.span(found.cue, found.cue + (1 if a.lower(found.cue) == "according" else 0))]
        if found.cue is not None
        else None
    )
    kind = "direct" if found.direct else "mixed" if found.quotations else "indirect"
    return PredictedAttribution(quote=quote, speaker=speaker, speaker_name=name, cue=cue, type=kind)


def _answer(
    cascade: Cascade, quote: list[Span], speaker: list[Range] | None
) -> PredictedAttribution:
    if not speaker:
        return PredictedAttribution(quote=list(quote))
    a = cascade.a
    return PredictedAttribution(
        quote=list(quote),
        speaker=[a.span(s, e) for s, e in speaker],
        speaker_name=_name(cascade, speaker),
    )


def _name(cascade: Cascade, speaker: list[Range]) -> str | None:
    first, last = speaker[0]
    name = cascade.mentions.resolve(first, last)
    return name if name is not None else cascade.a.words(first, last)


def _token_set(a: Analysis, ranges: list[Range]) -> frozenset[int]:
    return frozenset(t for s, e in ranges for t in range(s, e + 1) if a.is_word[t])


def _speaker_near(cascade: Cascade, ranges: list[Range]) -> list[Range] | None:
    """For a given quote nothing found: the nearest cue in its sentence, else the previous speaker."""
    a = cascade.a
    first, last = ranges[0][0], ranges[-1][1]
    s_start, s_end = a.sentence_of(first)
    _, e_end = a.sentence_of(last)
    candidates = [
        c
        for c in range(s_start, max(s_end, e_end))
        if a.lower(c) in CUE_FORMS and not a.in_quote(c) and not first <= c <= last
    ]
    if candidates:
        cue = min(candidates, key=lambda c: min(abs(c - first), abs(c - last)))
        speaker = (
            subject_after(a, cue + 1)
            if cue == last + 1 or (cue == last + 2 and a.lower(last + 1) == ",")
            else cue_subject(cascade, cue)
        )
        if speaker:
            return speaker
    if first > s_start:  # "Sanders offered some pointed advice": the subject of the sentence
        subject = sentence_subject(a, s_start, first)
        if subject:
            return [subject]
    previous = previous_speaker(cascade, first)
    return previous.speaker if previous else None


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
