"""`sieve`: a deterministic rule cascade for quotes and their speakers (after Muzny et al. 2017).

The cascade, each sieve only taking what the earlier ones left:
0. speaker lines: a paragraph opening with a short name and a colon (headline, transcript);
1. direct quotes with a cue right after them (`“...,” she said`, `“...,” said X`) or right
   before them (`X said: “...”`, `X told reporters, “...”`, `according to X, “...”`), or a
   colon introduction without a verb (`Volkov: “...”`);
2. indirect and mixed speech: a cue verb from the lexicon with its complement clause (from
   "that" when present, to the end of the clause), `CLAUSE, X said`, `A, X said, B`,
   `according to X`, and reported questions (`asked whether ...`);
3. quotes with no cue of their own: a quote that opens a sentence continues the paragraph's
   previous attribution (`“A,” he said. “B.”` is one attribution), or gets the previous
   speaker; quoted words inside a sentence with no cue are scare quotes or titles and dropped.
Speakers are the subject of the cue: "X said", "said X", "X, the minister, said" (apposition
skipped), "X, who ..., said"; a participle (", adding that") takes its clause's subject. Each
speaker mention is then resolved (mentions.py) to a name: pronouns and nominals to the most
recent compatible named entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from baselines.mentions import Mentions
from baselines.text import (
    AUXILIARIES,
    BARE_COMPLEMENT,
    CALENDAR,
    CLAUSE_WORDS,
    COPULAS,
    CUE_FORMS,
    DETERMINERS,
    NOT_NAMES,
    ORGANISATION_WORDS,
    PARTICIPLE_CUES,
    PREPOSITIONS,
    QUOTE_MARKS,
    QUOTE_ONLY,
    RELATIVE_PRONOUNS,
    TELL_VERBS,
    THAT_ONLY,
    TIME_WORDS,
    TITLES,
    Analysis,
    Span,
)
from benchmark.documents import Article, PredictedAttribution, Prediction

TO_LISTENER = frozenset("say explain write announce complain admit report state declare".split())
OPTIONAL_LISTENER = frozenset("warn promise".split())
LISTENERS = frozenset(
    "reporters journalists parliament lawmakers legislators supporters workers delegates investors "
    "viewers listeners voters congress senators members staff employees students crowd crowds".split()
)
SUBJECT_PRONOUNS = frozenset("he she it they we i you there".split())
OBJECT_PRONOUNS = frozenset("him her them me us you".split())
NUMERIC_PREPOSITIONS = frozenset("at about around over under up".split())
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
PRIMARY = frozenset("say tell".split())
ARTICLES = frozenset(("a", "an", "the"))
WH_WORDS = frozenset("whether if how why what when who where which".split())
TITLE_WORDS = TITLES | ORGANISATION_WORDS
STRONG_BARE = frozenset(
    "say tell claim argue insist warn believe think suggest predict contend assert fear hope doubt".split()
)
LABELS = frozenset(
    "correction update updated editor note watch read related photo video source sources huffpollster".split()
)
MAX_SUBJECT = 10  # tokens in a speaker noun phrase
MAX_TRAILER_SUBJECT = 8
MAX_OBJECT = 25  # tokens between "told" and its "that"
MIN_QUOTE_WORDS = 3  # shorter quotes without a cue are scare quotes or titles
STOP_BEFORE_SUBJECT = frozenset(
    "however meanwhile instead also still yet then now so thus indeed".split()
)
ANONYMOUS_OK = frozenset("one two three four several some many most officials".split())


@dataclass
class Found:
    """One attribution as the rules build it: spans by token index, speaker by tokens."""

    quote: list[tuple[int, int]]  # token ranges, inclusive
    cue: int | None
    speaker: list[tuple[int, int]] | None  # token ranges, inclusive
    quotations: list[int]  # indices of the quotations it owns
    direct: bool


class Sieve:
    """Deterministic rules; no training, no external resources."""

    name = "sieve"
    version = "1.0"

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        return [
            Prediction(id=a.id, attributions=SieveArticle(a.text).attributions()) for a in articles
        ]

    def attribute(
        self, article: Article, quotes: Sequence[list[Span]]
    ) -> list[PredictedAttribution]:
        return SieveArticle(article.text).attribute(quotes)


class SieveArticle:
    """The cascade run on one article."""

    def __init__(self, text: str):
        self.a = Analysis(text)
        self.found: list[Found] = []
        self.owner: dict[int, Found] = {}  # quotation index -> its attribution
        self.used_cues: set[int] = set()
        self._run()

    @cached_property
    def mentions(self) -> Mentions:
        return Mentions(self.a)

    # ------------------------------------------------------------------ output
    def attributions(self) -> list[PredictedAttribution]:
        return [self._output(f) for f in sorted(self.found, key=lambda f: f.quote[0][0])]

    def attribute(self, quotes: Sequence[list[Span]]) -> list[PredictedAttribution]:
        """Speakers for given quotes: the attribution that overlaps a quote most, else the
        speaker of the cue nearest to it in its sentence, else the paragraph's previous speaker."""
        a = self.a
        outputs = [(f, self._token_set(f.quote)) for f in self.found]
        answers = []
        for quote in quotes:
            ranges = [(a.first_token_at(s), a.first_token_at(e) - 1) for s, e in quote]
            ranges = [(s, e) for s, e in ranges if s <= e]
            tokens = self._token_set(ranges)
            best = max(outputs, key=lambda o: _dice(tokens, o[1]), default=None)
            if best is not None and _dice(tokens, best[1]) >= 0.5:
                speaker = best[0].speaker
            else:
                speaker = self._speaker_near(ranges) if ranges else None
            answers.append(self._answer(quote, speaker))
        return answers

    def _output(self, found: Found) -> PredictedAttribution:
        a = self.a
        quote = [a.span(s, e) for s, e in found.quote]
        speaker = [a.span(s, e) for s, e in found.speaker] if found.speaker else None
        name = self._name(found.speaker) if found.speaker else None
        cue = (
            [a.span(found.cue, found.cue + (1 if a.lower(found.cue) == "according" else 0))]
            if found.cue is not None
            else None
        )
        kind = "direct" if found.direct else "mixed" if found.quotations else "indirect"
        return PredictedAttribution(
            quote=quote, speaker=speaker, speaker_name=name, cue=cue, type=kind
        )

    def _answer(
        self, quote: list[Span], speaker: list[tuple[int, int]] | None
    ) -> PredictedAttribution:
        if not speaker:
            return PredictedAttribution(quote=list(quote))
        a = self.a
        return PredictedAttribution(
            quote=list(quote),
            speaker=[a.span(s, e) for s, e in speaker],
            speaker_name=self._name(speaker),
        )

    def _name(self, speaker: list[tuple[int, int]]) -> str | None:
        first, last = speaker[0]
        name = self.mentions.resolve(first, last)
        return name if name is not None else self.a.words(first, last)

    def _token_set(self, ranges: list[tuple[int, int]]) -> frozenset[int]:
        return frozenset(t for s, e in ranges for t in range(s, e + 1) if self.a.is_word[t])

    # ------------------------------------------------------------------ the cascade
    def _run(self) -> None:
        self._speaker_lines()
        for q_index in range(len(self.a.quotations)):
            if q_index not in self.owner:
                self._direct(q_index)
        self._according_to()
        cues = [i for i, word in enumerate(self.a.lowers) if word in CUE_FORMS]
        # reports of speech first, so that "X said Y knew that ..." is X's attribution, not Y's
        for i in [i for i in cues if CUE_FORMS[self.a.lowers[i]] in PRIMARY] + [
            i for i in cues if CUE_FORMS[self.a.lowers[i]] not in PRIMARY
        ]:
            if i not in self.used_cues and not self.a.in_quote(i) and self._lowercase_or_first(i):
                self._indirect(i)
        self._uncued_quotes()
        self._drop_overlaps()

    def _add(self, found: Found) -> None:
        self.found.append(found)
        for q in found.quotations:
            self.owner[q] = found
        if found.cue is not None:
            self.used_cues.add(found.cue)

    # 0. "Name: words" opening a paragraph (a headline, a transcript) ----------------
    def _speaker_lines(self) -> None:
        a = self.a
        for p_start, p_end in a.paragraph_spans:
            start, end = a.first_token_at(p_start), a.first_token_at(p_end)
            colon = next((i for i in range(start, min(end, start + 5)) if a.texts[i] == ":"), None)
            if colon is None or colon == start or colon + 1 >= end or a.in_quote(colon + 1):
                continue
            if (
                not all(a.is_cap[i] and a.is_word[i] for i in range(start, colon))
                or a.lowers[start] in NOT_NAMES
            ):
                continue
            if colon - start > 3 or a.lowers[start] in LABELS:
                continue
            last = end - 1
            while last > colon and not a.is_word[last] and not a.is_mark(last):
                last -= 1
            if last - colon >= MIN_QUOTE_WORDS:
                self._add(Found([(colon + 1, last)], None, [(start, colon - 1)], [], direct=False))

    # 1. direct quotes ---------------------------------------------------------
    def _direct(self, q_index: int) -> None:
        a = self.a
        quotation = a.quotations[q_index]
        first = a.first_token_at(quotation.start)
        last = a.first_token_at(quotation.end) - 1
        if last < first:
            return
        cued = (self._trailer(first, last) if quotation.closed else None) or self._leader(
            first, last
        )
        if cued is None:
            return
        cue, speaker = cued
        fragments = [(a.first_token_at(s), a.first_token_at(e) - 1) for s, e in quotation.fragments]
        self._add(Found(fragments, cue, speaker, [q_index], direct=True))

    def _trailer(self, first: int, last: int) -> tuple[int, list[tuple[int, int]] | None] | None:
        """`“...,” he said` / `“...,” said X` / `“...,” X told reporters`."""
        a = self.a
        if not self._opens_clause(first):
            return None
        j = last + 1
        if j < a.n and a.texts[j] == "," and a.paragraph[j] == a.paragraph[last]:
            j += 1
        if j >= a.n or a.paragraph[j] != a.paragraph[last] or a.in_quote(j):
            return None
        sentence = a.sentence[j]
        if sentence != a.sentence[last] and not self._short_report(j):
            return None  # `“...!” Trump said.` is still a trailer; anything longer is not
        if a.lower(j) in CUE_FORMS and _is_verb_form(a.lower(j)):
            return j, self._subject_after(j + 1)
        if a.lower(j) in PREPOSITIONS:
            return None  # `“...” for criminal behavior, she said`: the quote goes on, mixed
        k = j
        subject_end = None  # last token of the subject before an apposition
        while k < a.n and k - j <= MAX_TRAILER_SUBJECT + 25 and a.sentence[k] == sentence:
            word = a.lower(k)
            if word in CUE_FORMS and k > j and _is_verb_form(word) and not a.in_quote(k):
                subject = self._trim_auxiliaries(
                    j, subject_end if subject_end is not None else k - 1
                )
                return (k, [subject]) if subject else None
            if word == "," and k > j and subject_end is None:
                subject_end = k - 1  # "General Aron Belsky, the chief of the general staff, told"
            elif word == "," and subject_end is not None and a.lower(k + 1) in CUE_FORMS:
                pass
            elif subject_end is not None:  # in the apposition: anything but a new sentence or quote
                if (a.is_mark(k) and not self._apostrophe(k)) or word in (".", ";", "!", "?"):
                    return None
            elif word in ("(", ")") or self._apostrophe(k):
                pass  # "Sen. Marco Rubio (R-Fla.) said", "Sanders’ manager said"
            elif (
                (
                    not a.is_word[k]
                    or word in COPULAS
                    or (word in CLAUSE_WORDS and not self._joins_names(k))
                )
                or subject_end is None
                and k - j > MAX_TRAILER_SUBJECT
            ):
                return None
            k += 1
        return None

    def _short_report(self, j: int) -> bool:
        """A sentence that is only `SUBJECT CUE [adjunct]`, as in `“...!” US Senator X said.`"""
        a = self.a
        _, s_end = a.sentence_of(j)
        body_end = self._body_end(j, s_end)
        for k in range(j, min(body_end, j + MAX_TRAILER_SUBJECT)):
            word = a.lowers[k]
            if word in CUE_FORMS and _is_verb_form(word) and k > j:
                return self._only_adjuncts(k + 1, body_end) or a.lower(k + 1) in (
                    "as",
                    "when",
                    "while",
                )
            if not a.is_word[k]:
                return False
        return False

    def _opens_clause(self, first: int) -> bool:
        """A quote that can carry its own cue opens its sentence or follows `,` `:` or a dash."""
        a = self.a
        s_start, _ = a.sentence_of(first)
        return first == s_start or a.texts[first - 1] in (",", ":", "—", "–", "-", "(", ";")

    def _joins_names(self, k: int) -> bool:
        """ "the Liberty and Work leader": a conjunction between capitalised words."""
        a = self.a
        return a.lower(k) in ("and", "of") and a.is_cap[k - 1] and k + 1 < a.n and a.is_cap[k + 1]

    def _leader(
        self, first: int, last: int
    ) -> tuple[int | None, list[tuple[int, int]] | None] | None:
        """`X said: “...”`, `X told reporters, “...”`, `according to X, “...”`, `Volkov: “...”`."""
        a = self.a
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
                    subject = self._np_forward(c + 2, p)
                    return c, [subject] if subject else None
                if (
                    word in CUE_FORMS
                    and _is_verb_form(word)
                    and c not in self.used_cues
                    and not self._is_noun(c)
                ):
                    return c, self._subject(c)
            if mark == ":":
                subject = self._sentence_subject(s_start, p)
                return None, [subject] if subject else None
            return None
        opens_sentence = first + 1 <= last and a.is_cap[first + 1]  # not `believe "that ..."`
        if a.lower(p) in CUE_FORMS and opens_sentence and self._ends_sentence_after(last):
            return p, self._subject(p)
        return None

    # 2. "according to" and indirect speech ------------------------------------
    def _according_to(self) -> None:
        a = self.a
        for i in [i for i, word in enumerate(a.lowers) if word == "according"]:
            if a.lower(i + 1) != "to" or a.in_quote(i):
                continue
            s_start, s_end = a.sentence_of(i)
            body_end = self._body_end(s_start, s_end)
            if i == s_start or (i == s_start + 1 and not a.is_word[s_start]):
                comma = next((k for k in range(i + 2, body_end) if a.texts[k] == ","), None)
                if comma is None:
                    continue
                speaker = self._np_forward(i + 2, comma)
                if (
                    a.lower(comma + 1) in ARTICLES
                ):  # "According to Orbis Watch, a private firm, ..."
                    comma = self._apposition_end(comma, body_end)
                clause = (comma + 1, body_end - 1)
            else:
                speaker = self._np_forward(i + 2, body_end)
                end = i - 1 if a.texts[i - 1] == "," else i
                clause = (self._clause_start(s_start, i), end - 1)
                after = speaker[1] + 1 if speaker else i + 2
                fragments = self._around(clause, after, body_end)
                if fragments is not None:
                    self._add_fragments(fragments, i, [speaker] if speaker else None)
                    continue
            if clause[1] - clause[0] + 1 < MIN_QUOTE_WORDS or self._overlaps_owned(*clause):
                continue
            self._add_indirect(clause, i, [speaker] if speaker else None)

    def _question(self, cue: int) -> None:
        """Reported questions: `He asked (them) whether they planned to attend`."""
        a = self.a
        if not _is_verb_form(a.lower(cue)) or self._is_noun(cue) or a.lower(cue - 1) in COPULAS:
            return
        s_start, s_end = a.sentence_of(cue)
        body_end = self._body_end(s_start, s_end)
        j = cue + 1
        if a.lower(j) not in WH_WORDS:
            j = self._skip_object(j, body_end) or j
        if a.lower(j) not in WH_WORDS:
            return
        last = self._clause_end(j, body_end)
        if last - j + 1 >= MIN_QUOTE_WORDS and not self._overlaps_owned(j, last):
            self._add_indirect((j, last), cue, self._subject(cue))

    def _apposition_end(self, comma: int, end: int) -> int:
        """The comma closing a short verbless apposition that opens at `comma`, else `comma`."""
        a = self.a
        second = next(
            (k for k in range(comma + 1, min(end, comma + 10)) if a.texts[k] == ","), None
        )
        return second if second is not None and not self._has_verb(comma + 1, second) else comma

    def _indirect(self, cue: int) -> None:
        a = self.a
        word = a.lower(cue)
        lemma = CUE_FORMS[word]
        if lemma == "ask":
            self._question(cue)
            return
        if (
            lemma in QUOTE_ONLY
            or not _is_verb_form(word)
            or self._is_noun(cue)
            or a.lower(cue - 1) == "to"
        ):
            return
        before = cue - 1
        while before > 0 and self._auxiliary(before) and a.lowers[before] not in COPULAS:
            before -= 1
        if a.lower(before) in COPULAS and _is_past(word):
            return  # passive: "was told", "is said to", "was widely reported"
        s_start, s_end = a.sentence_of(cue)
        body_end = self._body_end(s_start, s_end)
        complement = self._complement(cue, lemma, body_end)
        if complement is not None:
            clause_first, needs_verb = complement
            clause_last = self._clause_end(clause_first, body_end)
            if clause_last - clause_first + 1 < MIN_QUOTE_WORDS or self._overlaps_owned(
                clause_first, clause_last
            ):
                return
            if needs_verb and not self._has_verb(clause_first, clause_last + 1):
                return
            speaker = self._subject(cue)
            self._add_indirect((clause_first, clause_last), cue, speaker)
            return
        # "CLAUSE, X said." / "CLAUSE, said X."
        if lemma in THAT_ONLY or lemma in QUOTE_ONLY:
            return
        before = a.lower(cue - 1)
        inverted = before == "," and cue + 1 < body_end and a.is_word[cue + 1]
        if inverted:
            speaker = self._subject_after(cue + 1)
            comma = cue - 1
        else:
            subject = self._subject(cue)
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
        clause = (self._clause_start(s_start, comma), comma - 1)
        after = speaker[-1][1] + 1 if speaker and inverted else cue + 1
        fragments = self._around(clause, after, body_end)
        if fragments is not None:
            self._add_fragments(fragments, cue, speaker)
            return
        if not self._only_adjuncts(cue + 1, body_end):
            return
        if clause[1] - clause[0] + 1 < MIN_QUOTE_WORDS or self._overlaps_owned(*clause):
            return
        self._add_indirect(clause, cue, speaker)

    def _around(
        self, head: tuple[int, int], after: int, body_end: int
    ) -> list[tuple[int, int]] | None:
        """`Trump, Sexton said, has created ...`: a report set inside the clause it reports,
        when the part before it has no verb of its own; the two parts are one quote."""
        a = self.a
        k = self._skip_adjuncts(after, body_end)
        if k >= body_end - 1 or a.texts[k] != "," or self._has_verb(head[0], head[1] + 1):
            return None
        rest = (k + 1, body_end - 1)
        first = a.lower(k + 1)
        if (
            first in PARTICIPLE_CUES
            or first == "according"
            or not a.is_word[k + 1]
            or a.is_cap[k + 1]
        ):
            return None
        if (
            first in DETERMINERS
            or first in PREPOSITIONS
            or first in SUBJECT_PRONOUNS
            or first in CLAUSE_WORDS
        ):
            return None
        if any(
            a.lowers[m] == "that" or (a.lowers[m] in CUE_FORMS and _is_verb_form(a.lowers[m]))
            for m in range(rest[0], min(rest[1], rest[0] + 3))
        ):
            return None
        last = self._clause_end(rest[0], body_end)
        return [head, (rest[0], last)]

    def _add_fragments(
        self, fragments: list[tuple[int, int]], cue: int, speaker: list[tuple[int, int]] | None
    ) -> None:
        if any(self._overlaps_owned(first, last) for first, last in fragments):
            return
        inside = sorted(
            {
                self.a.quotation[t]
                for start, end in fragments
                for t in range(start, end + 1)
                if self.a.quotation[t] >= 0
            }
        )
        self._add(Found(fragments, cue, speaker, inside, direct=False))

    def _add_indirect(
        self, clause: tuple[int, int], cue: int, speaker: list[tuple[int, int]] | None
    ) -> None:
        self._add_fragments([clause], cue, speaker)

    def _complement(self, cue: int, lemma: str, body_end: int) -> tuple[int, bool] | None:
        """First token of the reported clause after a cue, and whether it must show a verb."""
        a = self.a
        word = a.lowers[cue]
        j = self._skip_adjuncts(cue + 1, body_end)
        if lemma == "point" and a.lower(j) == "out":
            j += 1
        if j >= body_end:
            return None
        if a.lower(j) == "that":
            return (j, False) if j + 1 < body_end else None
        if a.lower(j) == ":" and j + 1 < body_end:
            return (
                None if a.in_quote(j + 1) and a.quotation[j + 1] in self.owner else (j + 1, False)
            )
        listener = lemma in TELL_VERBS or (a.lower(j) == "to" and lemma in TO_LISTENER)
        window = MAX_OBJECT if listener else 12
        that = self._that_within(j, min(body_end, j + window), listener)
        if that is not None:
            return that, False
        if lemma in THAT_ONLY or lemma not in BARE_COMPLEMENT:
            return None
        if listener:
            after_object = self._skip_object(j, body_end)
            if after_object is not None:
                j = self._skip_adjuncts(after_object, body_end)
            elif lemma not in OPTIONAL_LISTENER:
                return None
        if j >= body_end or (a.in_quote(j) and a.quotation[j] in self.owner):
            return None
        if self._inverted_subject(cue, body_end):
            return None
        if not self._clause_like(j, body_end):
            return None
        return j, (lemma != "say" or listener or j > cue + 1) and not (
            lemma in STRONG_BARE and self._subject_like(j) and not word.endswith("ing")
        )

    def _that_within(self, j: int, end: int, listener: bool) -> int | None:
        """A "that" after a listener or an adjunct: `told workers at the plant that`."""
        a = self.a
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
            if (
                a.in_quote(k)
                or word in (";", ":", ".")
                or (word in CUE_FORMS and _is_verb_form(word))
            ):
                return None
            if word == "," and not listener:
                return None
            if word in CLAUSE_WORDS and word not in ("and",):
                return None
        return None

    def _skip_adjuncts(self, j: int, end: int) -> int:
        """Skip "on Tuesday", "late on Friday", "last week", "in a statement", "at a briefing"."""
        a = self.a
        while j < end:
            word = a.lower(j)
            if (
                word in TIME_WORDS
                or word in CALENDAR
                or word in ("on", "late", "early", "last", "this", "next")
                and (
                    a.lower(j + 1) in TIME_WORDS
                    or a.lower(j + 1) in CALENDAR
                    or a.lower(j + 1) == "on"
                )
            ):
                j += 1
            elif (
                word in ("in", "at", "on", "during", "via", "through", "over")
                and (venue := self._venue_end(j + 1, end)) is not None
            ):
                j = venue + 1
            else:
                break
        return j

    def _venue_end(self, j: int, end: int) -> int | None:
        """ "a statement", "an interview with state radio", "a news conference": its last token."""
        a = self.a
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

    def _has_verb(self, j: int, end: int) -> bool:
        """Something finite in the first words of a clause: an auxiliary, a copula or an -ed verb."""
        a = self.a
        for k in range(j, min(end, j + 12)):
            word = a.lower(k)
            if word in FINITE or (word.endswith("ed") and not a.is_cap[k]):
                return True
        return False

    def _inverted_subject(self, cue: int, end: int) -> bool:
        """`..., said David Axelrod, a strategist.`: after a comma, the cue's subject follows it."""
        a = self.a
        if a.lower(cue - 1) != "," and not (a.is_mark(cue - 1) and a.lower(cue - 2) == ","):
            return False
        subject = self._subject_after(cue + 1)
        if not subject:
            return False
        first, last = subject[-1]
        if last - first >= 6 or not any(
            a.is_cap[k] or a.lowers[k] in TITLE_WORDS for k in range(first, last + 1)
        ):
            return False
        return last + 1 >= end or a.texts[last + 1] == ","

    def _skip_object(self, j: int, end: int) -> int | None:
        """Past the listener of "told" (a pronoun, a name, or one or two words) to a subject."""
        a = self.a
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
            if after < end and self._subject_like(after):
                return after
        return None

    def _subject_like(self, k: int) -> bool:
        a = self.a
        return (
            a.lowers[k] in SUBJECT_PRONOUNS
            or a.lowers[k] in DETERMINERS
            or a.is_cap[k]
            or a.texts[k][0].isdigit()
        )

    def _clause_like(self, j: int, end: int) -> bool:
        a = self.a
        if end - j < MIN_QUOTE_WORDS:
            return False
        word = a.lower(j)
        if a.is_mark(j):
            return True
        if not a.is_word[j]:
            return False
        if word in PREPOSITIONS:
            return word in NUMERIC_PREPOSITIONS and (
                a.texts[j + 1][0].isdigit()
                or a.lower(j + 1) in ("least", "most", "a", "an", "half")
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

    def _clause_end(self, first: int, end: int) -> int:
        """Last token of a clause starting at `first`: before `, adding`, `, according to`, `;`,
        a direct quote owned by another attribution, or another speaker's cue."""
        a = self.a
        k = first + 1
        while k < end:
            word = a.lower(k)
            if word == ";":
                break
            if a.in_quote(k) and a.quotation[k] in self.owner:
                break
            if word == "," and (
                a.lower(k + 1) in PARTICIPLE_CUES
                or a.lower(k + 1) == "according"
                or self._new_speaker_at(k + 1, end)
            ):
                break
            if (
                word in ("and", "but")
                and not a.in_quote(k)
                and (
                    a.lower(k + 1) in CUE_FORMS
                    and _is_past(a.lower(k + 1))
                    or self._new_predicate(first, k)
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

    def _new_predicate(self, first: int, k: int) -> bool:
        """`said the denial was “...” and summoned the ambassador`: after a clause that has its
        verb, "and" + a past tense with no subject of its own goes back to the speaker."""
        a = self.a
        word = a.lower(k + 1)
        return word.endswith("ed") and not a.is_cap[k + 1] and self._has_verb(first, k)

    def _new_speaker_at(self, k: int, end: int) -> bool:
        """`, but Brandt said ...` : a conjunction, a short subject and a cue."""
        a = self.a
        if a.lower(k) in ("but", "and", "while", "whereas"):
            k += 1
        for m in range(k + 1, min(end, k + 9)):
            word = a.lower(m)
            if word in CUE_FORMS and _is_verb_form(word) and not self._is_noun(m):
                return True
            if not (a.is_word[m] or self._apostrophe(m)) or word in CLAUSE_WORDS or word in COPULAS:
                return False
        return False

    def _apostrophe(self, k: int) -> bool:
        """A possessive mark outside any quotation: "the metalworkers’ union"."""
        return self.a.texts[k] in ("’", "'") and self.a.quotation[k] < 0

    # 3. quotes without a cue of their own --------------------------------------
    def _uncued_quotes(self) -> None:
        a = self.a
        for q_index, quotation in enumerate(a.quotations):
            if q_index in self.owner:
                continue
            first = a.first_token_at(quotation.start)
            last = a.first_token_at(quotation.end) - 1
            if last < first or sum(a.is_word[t] for t in range(first, last + 1)) < MIN_QUOTE_WORDS:
                continue
            s_start, _ = a.sentence_of(first)
            previous = self._previous_in_paragraph(first)
            if first != s_start and not self._resumes(previous, first):
                continue  # quoted words inside a sentence without a cue: scare quotes, titles
            fragments = [
                (a.first_token_at(s), a.first_token_at(e) - 1) for s, e in quotation.fragments
            ]
            if previous is not None and previous.direct:
                previous.quote.extend(fragments)
                previous.quotations.append(q_index)
                self.owner[q_index] = previous
            else:
                source = previous or self._previous_speaker(first)
                if source is not None and source.speaker:
                    self._add(Found(fragments, None, source.speaker, [q_index], direct=True))

    def _resumes(self, previous: Found | None, first: int) -> bool:
        """`“A,” he said, “B.”`: a quote right after the cue that interrupted the previous one."""
        a = self.a
        if (
            previous is None
            or not previous.direct
            or previous.cue is None
            or a.texts[first - 1] != ","
        ):
            return False
        return (
            previous.quote[-1][1] < previous.cue < first
            and a.sentence[previous.cue] == a.sentence[first]
        )

    def _previous_in_paragraph(self, token: int) -> Found | None:
        para = self.a.paragraph[token]
        before = [
            f
            for f in self.found
            if f.quote[0][0] < token and self.a.paragraph[f.quote[-1][1]] == para
        ]
        return max(before, key=lambda f: f.quote[-1][1], default=None)

    def _previous_speaker(self, token: int) -> Found | None:
        before = [f for f in self.found if f.quote[-1][1] < token and f.speaker]
        found = max(before, key=lambda f: f.quote[-1][1], default=None)
        if (
            found is not None
            and self.a.paragraph[token] - self.a.paragraph[found.quote[-1][1]] <= 1
        ):
            return found
        return None

    def _drop_overlaps(self) -> None:
        """Keep the earlier-found (more reliable) of two attributions that share tokens."""
        kept: list[Found] = []
        taken: set[int] = set()
        for found in self.found:
            tokens = {t for s, e in found.quote for t in range(s, e + 1)}
            if tokens & taken:
                continue
            kept.append(found)
            taken |= tokens
        self.found = kept

    # ------------------------------------------------------------------ speakers
    def _subject(self, cue: int) -> list[tuple[int, int]] | None:
        """The speaker of a cue: its subject, or for `, adding that` and `and said` the subject of
        the clause it hangs on."""
        a = self.a
        s_start, _ = a.sentence_of(cue)
        j = cue - 1
        while j >= s_start and (self._auxiliary(j) or self._time_before(j)):
            j -= 1
        if j < s_start:
            return None
        word = a.lower(j)
        participle = a.lower(cue) in PARTICIPLE_CUES
        if participle and word not in COPULAS and j == cue - 1:
            return self._inherited_subject(cue, s_start)  # "... tweets early Friday saying that"
        if word in (",", "and", "but") and (participle or word != ","):
            return self._inherited_subject(cue, s_start)
        if word == ",":
            opening = next(
                (
                    k
                    for k in range(j - 1, s_start - 1, -1)
                    if a.texts[k] == "," and not a.in_quote(k)
                ),
                None,
            )
            if opening is None:
                return self._inherited_subject(cue, s_start)
            j = opening - 1
        if j < s_start or a.is_mark(j) or not (a.is_word[j] or a.texts[j] == ")"):
            return None
        if a.lower(j) in RELATIVE_PRONOUNS:
            antecedent = self._relative_antecedent(j, s_start)
            return [antecedent, (j, j)] if antecedent else [(j, j)]
        np = self._np_backward(j, s_start)
        return [np] if np else None

    def _inherited_subject(self, cue: int, s_start: int) -> list[tuple[int, int]] | None:
        earlier = [
            f for f in self.found if f.cue is not None and s_start <= f.cue < cue and f.speaker
        ]
        if earlier:
            return max(earlier, key=lambda f: f.cue or 0).speaker
        subject = self._sentence_subject(s_start, cue)
        return [subject] if subject else None

    def _relative_antecedent(self, j: int, s_start: int) -> tuple[int, int] | None:
        a = self.a
        k = j - 1
        if k >= s_start and a.texts[k] == ",":
            k -= 1
        return self._np_backward(k, s_start) if k >= s_start and a.is_word[k] else None

    def _np_backward(self, j: int, s_start: int) -> tuple[int, int] | None:
        """The noun phrase ending at token j: words back to a boundary (punctuation, clause word,
        verb), through "of"-phrases and relative clauses without commas."""
        a = self.a
        first = j + 1
        k = j
        while k >= s_start and j - k < MAX_SUBJECT + 6:
            word = a.lowers[k]
            if self._apostrophe(k) and k < j:
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
            if word in CLAUSE_WORDS or (word in CUE_FORMS and _is_verb_form(word) and k != j):
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

    def _np_forward(self, j: int, end: int) -> tuple[int, int] | None:
        """A noun phrase starting at token j (after "according to", or after an inverted cue)."""
        a = self.a
        k = j
        while k < end and k - j < MAX_SUBJECT:
            word = a.lowers[k]
            if a.in_quote(k) or not a.is_word[k] or word in CLAUSE_WORDS or word in COPULAS:
                break
            k += 1
        return (j, k - 1) if k > j else None

    def _subject_after(self, j: int) -> list[tuple[int, int]] | None:
        """`said Kremlin spokesman Dmitri Orlov, ...` -> the phrase up to a comma or adjunct."""
        a = self.a
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

    def _sentence_subject(self, s_start: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase opening a sentence, after an introductory phrase ending in a comma."""
        a = self.a
        j = self._clause_start(s_start, limit)
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

    def _speaker_near(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        """For a given quote nothing found: the nearest cue in its sentence, else the previous speaker."""
        a = self.a
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
                self._subject_after(cue + 1)
                if cue == last + 1 or (cue == last + 2 and a.lower(last + 1) == ",")
                else self._subject(cue)
            )
            if speaker:
                return speaker
        if first > s_start:  # "Sanders offered some pointed advice": the subject of the sentence
            subject = self._sentence_subject(s_start, first)
            if subject:
                return [subject]
        previous = self._previous_speaker(first)
        return previous.speaker if previous else None

    # ------------------------------------------------------------------ small predicates
    def _trim_auxiliaries(self, first: int, last: int) -> tuple[int, int] | None:
        while last >= first and self._auxiliary(last):
            last -= 1
        return (first, last) if last >= first else None

    def _auxiliary(self, i: int) -> bool:
        """An auxiliary or an adverb between a subject and its cue ("has also said", "later told")."""
        return not self.a.is_cap[i] and _is_auxiliary(self.a.lowers[i])

    def _time_before(self, j: int) -> bool:
        """Part of a time adverbial between a subject and its cue: "X just this month announced"."""
        a = self.a
        word = a.lowers[j]
        if word in CALENDAR or (word in TIME_WORDS and not a.is_cap[j]):
            return True
        return word in ("this", "last", "next", "on", "early", "late") and (
            a.lower(j + 1) in TIME_WORDS or a.lower(j + 1) in CALENDAR
        )

    def _lowercase_or_first(self, i: int) -> bool:
        """A capitalised cue word inside a sentence is a name ("the United States")."""
        a = self.a
        return not a.is_cap[i] or (
            (i == a.sentence_of(i)[0] or i < a.headline_end) and not a.texts[i].isupper()
        )

    def _is_noun(self, i: int) -> bool:
        """A cue word right after a determiner is a noun ("the claims", "a note", "raising hopes")."""
        before = self.a.lower(i - 1)
        if (
            self.a.lower(i).endswith("s")
            and before.endswith("ing")
            and self.a.lower(i - 2) not in DETERMINERS
        ):
            return True
        if i == self.a.sentence_of(i)[0] and self.a.lower(i).endswith(("ed", "ing")):
            return True  # "Asked about ...", "Speaking to ..."
        return before in DETERMINERS or before in PREPOSITIONS or before.endswith(("’s", "'s"))

    def _body_end(self, s_start: int, s_end: int) -> int:
        """End (exclusive) of a sentence without its final punctuation."""
        a = self.a
        end = s_end
        while end > s_start and a.texts[end - 1] in ".!?…":
            end -= 1
        return end

    def _clause_start(self, s_start: int, limit: int) -> int:
        """Skip a dateline before a clause that opens a sentence: `KORVIK, Reach (Wire) — ...`."""
        a = self.a
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

    def _only_adjuncts(self, j: int, end: int) -> bool:
        """After the cue only a time, a place or a listener, then the end of the sentence or a
        comma that starts no reported clause (`, adding that` is its own attribution)."""
        a = self.a
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
            if word in CUE_FORMS and _is_verb_form(word) and not self._is_noun(k):
                return False
            k += 1
        if k >= end or a.lower(k + 1) in PARTICIPLE_CUES:
            return True
        return not any(
            a.lower(m) == "that" or (a.lower(m) in CUE_FORMS and _is_verb_form(a.lower(m)))
            for m in range(k + 1, end)
        )

    def _ends_sentence_after(self, last: int) -> bool:
        a = self.a
        k = last + 1
        while k < a.n and a.sentence[k] == a.sentence[last] and not a.is_word[k]:
            k += 1
        return k >= a.n or a.sentence[k] != a.sentence[last]

    def _overlaps_owned(self, first: int, last: int) -> bool:
        a = self.a
        if any(
            a.quotation[t] >= 0 and a.quotation[t] in self.owner for t in range(first, last + 1)
        ):
            return True
        return any(s <= last and first <= e for f in self.found for s, e in f.quote)


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


def _is_verb_form(word: str) -> bool:
    """Finite or participle forms: bare lemmas like "claim" or "note" are nouns too often."""
    return word != CUE_FORMS[word] or word in (
        "say",
        "tell",
        "believe",
        "think",
        "fear",
        "insist",
        "argue",
        "warn",
        "add",
        "know",
        "feel",
        "expect",
        "hope",
        "deny",
        "agree",
    )


def _is_past(word: str) -> bool:
    return word.endswith("ed") or word in (
        "said",
        "told",
        "wrote",
        "thought",
        "knew",
        "felt",
        "found",
        "showed",
        "shown",
    )


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
