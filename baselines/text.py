"""Shared text analysis for the rule baselines: tokens, paragraphs, quotations, sentences, cues.

One `Analysis` per article holds everything the rules look up by token index: the tokens, which
paragraph, sentence and quotation each token is in, and which tokens are cue words. Quotations
are found from the quotation marks alone (curly and straight, nested single marks, quotes
continued across paragraphs), before sentences, so that a sentence never ends inside a quote.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from benchmark.data.quotetype import OPENING, opens_with_dash
from benchmark.data.quotetype import QUOTE_MARKS as FORMAT_QUOTE_MARKS

Span = tuple[int, int]

# ---------------------------------------------------------------- lexicons

ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col sgt capt prof jr sr maj adm cmdr rev fr hon no nos vol "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp co vs etc pres supt messrs ft mt "
    # German and French
    "bzw usw vgl ca nr hr hrn frl str mio mrd inkl evtl ggf sog bspw abs mme mlle mm cf env".split()
)
ORDINAL_FOLLOWERS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember "
    "jahrhundert jahrestag".split()
)
"""Words after which "3." is a German ordinal ("am 3. Oktober"), not the end of a sentence."""
PRONOUNS = frozenset("he she they it i we you who which".split())
PERSONAL_PRONOUNS = frozenset("he she i we you they".split())
OBJECT_PRONOUNS = frozenset("him her them me us it you".split())
DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some any every each".split()
)
POSSESSIVE_DETERMINERS = frozenset("his her its their our my your".split())
PREPOSITIONS = frozenset(
    "of in on at for from with by about to into over under after before during since near without "
    "through across against among between within outside inside via per".split()
)
CLAUSE_WORDS = frozenset(
    "that which who whom whose and but or nor because while when where whereas if as than so "
    "although though unless until whether yet".split()
)
RELATIVE_PRONOUNS = frozenset("who which".split())
AUXILIARIES = frozenset(
    "has have had also later again then previously once repeatedly further would will did does do "
    "is was were are be been being already earlier recently publicly privately separately "
    "reportedly himself herself itself themselves still even just has not never often now "
    "frequently first last since long had shall should could can may might must".split()
)
COPULAS = frozenset("is was were are be been being am".split())
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow "
    "morning afternoon evening night week month year weekend earlier later again also recently "
    "previously once publicly privately separately repeatedly".split()
)
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec".split()
)
# capitalised words that start sentences or headlines without naming anyone
NOT_NAMES = (
    frozenset(
        "the a an in on at but and or he she it they we i you this that these those according asked "
        "after before when while if as his her its their our my your there here what why how who "
        "which where mr mrs ms dr speaking some many most few all both no not one two three four five "
        "several more other another last next share advertisement read click sign please oops".split()
    )
    | CALENDAR
)
TITLES = frozenset(
    "president minister senator sen rep representative governor gov mayor general gen judge "
    "justice chancellor king queen prince premier secretary ambassador chairman chairwoman chair "
    "spokesman spokeswoman spokesperson director chief commissioner leader deputy mr mrs ms dr "
    "professor prof lawyer attorney colonel col captain capt sergeant admiral lt lord lady "
    "councillor councilor mp speaker treasurer analyst economist editor executive ceo official "
    "officer candidate challenger incumbent pastor reverend rev father sister".split()
)
ORGANISATION_WORDS = frozenset(
    "ministry party union court commission agency council office association bank institute "
    "group company corp inc ltd government parliament assembly committee department service "
    "authority board federation alliance coalition league movement front foundation centre "
    "center organisation organization kremlin police army navy cabinet administration campaign "
    "network press agency wire news times post journal embassy university tribunal senate house "
    "congress chamber guild operators workers exchange fund".split()
)

# cue verbs: lemma -> inflected forms; "bare" lemmas may take a complement without "that"
_SPEECH_VERBS = {
    "say": "says said saying",
    "tell": "tells told telling",
    "add": "adds added adding",
    "claim": "claims claimed claiming",
    "deny": "denies denied denying",
    "warn": "warns warned warning",
    "announce": "announces announced announcing",
    "insist": "insists insisted insisting",
    "argue": "argues argued arguing",
    "note": "notes noted noting",
    "state": "stated stating",
    "declare": "declares declared declaring",
    "assert": "asserts asserted asserting",
    "explain": "explains explained explaining",
    "stress": "stresses stressed stressing",
    "emphasise": "emphasises emphasised emphasising emphasizes emphasized emphasizing",
    "suggest": "suggests suggested suggesting",
    "acknowledge": "acknowledges acknowledged acknowledging",
    "admit": "admits admitted admitting",
    "confirm": "confirms confirmed confirming",
    "report": "reports reported reporting",
    "reply": "replies replied replying",
    "respond": "responds responded responding",
    "recall": "recalls recalled recalling",
    "concede": "concedes conceded conceding",
    "write": "writes wrote writing",
    "tweet": "tweets tweeted tweeting",
    "testify": "testifies testified testifying",
    "allege": "alleges alleged alleging",
    "maintain": "maintains maintained maintaining",
    "contend": "contends contended contending",
    "complain": "complains complained complaining",
    "predict": "predicts predicted predicting",
    "promise": "promises promised promising",
    "vow": "vows vowed vowing",
    "pledge": "pledges pledged pledging",
    "caution": "cautions cautioned cautioning",
    "observe": "observes observed observing",
    "remark": "remarks remarked remarking",
    "comment": "comments commented commenting",
    "reveal": "reveals revealed revealing",
    "disclose": "discloses disclosed disclosing",
    "indicate": "indicates indicated indicating",
    "estimate": "estimates estimated estimating",
    "agree": "agrees agreed agreeing",
    "conclude": "concludes concluded concluding",
    "continue": "continues continued continuing",
    "boast": "boasts boasted boasting",
    "ask": "asks asked asking",
    "counter": "counters countered countering",
    "retort": "retorts retorted retorting",
    "charge": "charges charged charging",
    "accuse": "accuses accused accusing",
    "signal": "signals signalled signaled signalling signaling",
    "hint": "hints hinted hinting",
    "point": "points pointed pointing",
    "assure": "assures assured assuring",
    "remind": "reminds reminded reminding",
    "inform": "informs informed informing",
    "rule": "rules ruled ruling",
    "find": "finds found finding",
    "show": "shows showed shown showing",
    "demand": "demands demanded demanding",
    "urge": "urges urged urging",
    "propose": "proposes proposed proposing",
    "call": "calls called calling",
}
_COGNITION_VERBS = {
    "believe": "believes believed believing",
    "think": "thinks thought thinking",
    "fear": "fears feared fearing",
    "hope": "hopes hoped hoping",
    "expect": "expects expected expecting",
    "worry": "worries worried worrying",
    "know": "knew",
    "doubt": "doubts doubted doubting",
    "suspect": "suspects suspected suspecting",
    "feel": "feels felt feeling",
    "reckon": "reckons reckoned reckoning",
}
# complements without "that" are common only after these (anything else needs "that")
BARE_COMPLEMENT = frozenset(
    "say tell claim warn insist argue believe think fear hope expect suggest predict estimate "
    "admit acknowledge add write announce report note concede contend maintain feel know "
    "agree doubt suspect worry reckon state declare assert explain confirm".split()
)
# verbs whose first complement is a listener: "told reporters that ..."
TELL_VERBS = frozenset("tell assure remind inform warn promise ask urge".split())
# verbs that only count when followed by "that" (too many other senses otherwise)
THAT_ONLY = frozenset(
    "rule find show point signal hint indicate reveal disclose charge call demand urge propose".split()
)
# verbs that may introduce a direct quote after it ("... ," she asked) but not indirect speech
QUOTE_ONLY = frozenset("ask continue counter retort comment remark boast".split())


def _forms(table: dict[str, str]) -> dict[str, str]:
    forms = {}
    for lemma, inflected in table.items():
        forms[lemma] = lemma
        for form in inflected.split():
            forms[form] = lemma
    return forms


SPEECH_FORMS = _forms(_SPEECH_VERBS)
COGNITION_FORMS = _forms(_COGNITION_VERBS)
CUE_FORMS: dict[str, str] = {**COGNITION_FORMS, **SPEECH_FORMS}
PARTICIPLE_CUES = frozenset(form for form in CUE_FORMS if form.endswith("ing"))
# words that look like cues but are nouns or other senses right after a determiner
QUOTE_MARKS = FORMAT_QUOTE_MARKS
"""English, German and French marks (the format's quote-type rule's own set)."""
DOUBLE_OPEN = "“„«»"
"""Marks that open a double quotation; each closes with its partner in quotetype.OPENING."""
SINGLE_OPEN = "‘‚‹›'"
"""Marks that open a single quotation (outside double ones)."""
_LOOSE_CLOSERS = {"“": '”"', "„": '”"', '"': '"'}
"""Closers accepted besides the partner (English and German typewriter habits)."""

# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"\w+(?:(?:[’'\-]|(?<=\d)[.,](?=\d))\w+)*|\.\.\.|--|[^\w\s]")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each token. Words keep inner apostrophes, hyphens and digit
    separators; a period joins the word before it only in abbreviations (Mr., Gen., U.S., an
    initial), so that every other period can end a sentence."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    glued = [
        i for i in range(1, len(tokens)) if tokens[i][2] == "." and tokens[i - 1][1] == tokens[i][0]
    ]
    if not glued:
        return tokens
    merged: list[tuple[int, int, str]] = []
    previous = 0
    for i in glued:
        merged += tokens[previous:i]
        previous = i + 1
        if _abbreviation(merged, text):
            start = merged[-1][0]
            if (
                len(merged) > 1
                and merged[-2][1] == start
                and merged[-2][2].endswith(".")
                and len(merged[-1][2]) == 1
            ):
                merged.pop()
                start = merged[-1][0]  # U.S.: glue the letters back together
            merged[-1] = (start, tokens[i][1], text[start : tokens[i][1]])
        else:
            merged.append(tokens[i])
    return merged + tokens[previous:]


def _abbreviation(merged: list[tuple[int, int, str]], text: str) -> bool:
    word = merged[-1][2]
    if word.lower() in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # an initial (J.), or a letter of U.S.
        if len(merged) > 1 and merged[-2][1] == merged[-1][0] and merged[-2][2].endswith("."):
            return True
        after = merged[-1][1] + 1
        return (
            after >= len(text)
            or not text[after].isspace()
            or word.isupper()
            and after + 1 < len(text)
            and text[after + 1].isupper()
        )
    return False


# ---------------------------------------------------------------- paragraphs and quotations


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line is a paragraph (news text puts one paragraph on a line), except in
    hard-wrapped text, where a paragraph is a block of lines between blank lines."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        stripped = match.group()
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped.rstrip())
        if trail > lead:
            lines.append((start + lead, start + trail))
    if not _hard_wrapped(text, lines):
        return lines
    blocks = [lines[0]]
    for start, end in lines[1:]:
        if text.count("\n", blocks[-1][1], start) == 1:  # the next line of the same block
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks


WRAP_WIDTH = 80
"""Plain-text books (Project Gutenberg's among them) break their lines at a fixed width of at
most this many characters, with a blank line between paragraphs."""


def _hard_wrapped(text: str, lines: list[Span]) -> bool:
    """Nearly every line fits the wrap width, over enough lines to tell, and blank lines
    separate paragraphs: one short news article of short lines is not enough."""
    if len(lines) < 50 or not re.search(r"\n[ \t]*\n", text):
        return False
    wide = sum(1 for start, end in lines if end - start > WRAP_WIDTH)
    return wide <= 0.02 * len(lines)


@dataclass
class Quotation:
    """Text between quotation marks; `fragments` include the marks, one per paragraph."""

    fragments: list[Span]
    closed: bool
    paragraphs: list[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def scan_quotations(text: str, paras: list[Span]) -> list[Quotation]:
    """Quotations in reading order; single marks count only outside double marks (nesting)."""
    found: list[Quotation] = []
    open_from: Quotation | None = None  # a quotation left open at the end of the previous paragraph
    for index, (start, end) in enumerate(paras):
        spans = _paragraph_quotes(text, start, end)
        if open_from is not None:
            if spans and spans[0][0][0] == start and text[start] in DOUBLE_OPEN + "\"'`":
                first, closed = spans.pop(0)
                open_from.fragments.append(first)
                open_from.paragraphs.append(index)
                open_from.closed = closed
                if closed:
                    open_from = None
            else:
                open_from = None
        for span, closed in spans:
            quotation = Quotation([span], closed, [index])
            found.append(quotation)
            open_from = None if closed else quotation
    return found


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[Span, bool]]:
    """(span, closed) of each top-level quotation in one paragraph. A double mark opens a
    quotation that its partner closes („…“, “…”, «…», »…«); single marks (‘…’, ‚…‘, ‹…›, ›…‹,
    '…') count only outside double ones, and an apostrophe never opens one."""
    quotes: list[tuple[Span, bool]] = []
    opened = -1
    closers = ""
    single = -1
    single_closers = ""
    for match in _MARK.finditer(text, start, end):
        i = match.start()
        char = match.group()
        if char in ("''", "``"):  # typewriter doubles, as in some newspaper archives
            char = "“" if char == "``" else '"'
        if opened >= 0:
            if char in closers:
                quotes.append(((opened, match.end()), True))
                opened = -1
        elif single >= 0 and char in single_closers and _closes_single(text, i, end, char):
            quotes.append(((single, i + 1), True))
            single = -1
        elif char in DOUBLE_OPEN or (char == '"' and _opens_straight(text, i, start, end)):
            opened, single = i, -1
            closers = OPENING[char] + _LOOSE_CLOSERS.get(char, "")
        elif char in SINGLE_OPEN and single < 0 and _opens_single(text, i, start, end, char):
            single = i
            single_closers = OPENING[char] + ("’'" if char in _APOSTROPHES else "")
    if opened >= 0:
        quotes.append(((opened, end), False))
    quotes.sort()
    return quotes


_MARK = re.compile("''|``|[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")


def _opens_straight(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isalnum() or after.isalnum()


_APOSTROPHES = "‘’'"
"""Single marks that may be apostrophes; the others (‚ ‹ ›) are always quotation marks."""


def _opens_single(text: str, i: int, start: int, end: int, char: str) -> bool:
    if char not in _APOSTROPHES:
        return True
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isalnum() and after.isalnum()


def _closes_single(text: str, i: int, end: int, char: str) -> bool:
    if char not in _APOSTROPHES:
        return True
    after = text[i + 1] if i + 1 < end else " "
    return not after.isalnum() and text[i - 1] != " "


# ---------------------------------------------------------------- the analysis of one article


class Analysis:
    """Tokens of one article with their paragraph, sentence and quotation, by token index.

    Tokens are parallel sequences (starts, ends, texts, lowers, is_word, is_cap): the rules look
    them up by index millions of times, and lists (arrays for the offsets) are the fastest
    thing Python has for that."""

    def __init__(self, text: str):
        self.text = text
        tokens = tokenize(text)
        self.n = len(tokens)
        # offsets as machine integers (8 bytes a token, not a 32-byte int object and a pointer:
        # 128 MB of PDNC's 18 novels), and one string object per distinct word (a novel's
        # tokens are mostly a few thousand words); lookups return equal values
        self.starts = array("q", [start for start, _, _ in tokens])
        self.ends = array("q", [end for _, end, _ in tokens])
        self.texts = [sys.intern(t) for _, _, t in tokens]
        self.lowers = [sys.intern(t.lower()) for t in self.texts]
        self.is_word = [t[0].isalnum() for t in self.texts]
        self.is_cap = [t[0].isupper() for t in self.texts]
        self.paragraph_spans = paragraphs(text)
        self.dialogue = [opens_with_dash(text, a, b) for a, b in self.paragraph_spans]
        """Per paragraph: it opens with a dialogue dash (— or –), as dialogue does in fiction."""
        self.quotations = scan_quotations(text, self.paragraph_spans)
        self.paragraph = [0] * self.n
        for p_index, (a, b) in enumerate(self.paragraph_spans):
            first, end = self.first_token_at(a), self.first_token_at(b)
            self.paragraph[first:end] = [p_index] * (end - first)
        self.quotation = [-1] * self.n
        for q_index, quotation in enumerate(self.quotations):
            for a, b in quotation.fragments:
                first, end = self.first_token_at(a), self.first_token_at(b)
                self.quotation[first:end] = [q_index] * (end - first)
        self.sentence_bounds = self._sentences()
        self.sentence = [0] * self.n
        for s_index, (a, b) in enumerate(self.sentence_bounds):
            self.sentence[a:b] = [s_index] * (b - a)

    # token lookups ---------------------------------------------------------
    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that start inside the character span [start, end)."""
        return range(self.first_token_at(start), self.first_token_at(end))

    def first_token_at(self, char: int) -> int:
        """Index of the first token starting at or after `char`."""
        return bisect_left(self.starts, char)

    def span(self, first: int, last: int) -> Span:
        """Character span of tokens first..last inclusive."""
        return (self.starts[first], self.ends[last])

    def words(self, first: int, last: int) -> str:
        return self.text[self.starts[first] : self.ends[last]]

    def lower(self, i: int) -> str:
        return self.lowers[i] if 0 <= i < self.n else ""

    def capitalised_runs(self) -> Iterator[tuple[int, int]]:
        """(first, last) token indices, inclusive, of each run of capitalised words outside
        quotations: the stuff names are made of. A run ends at a paragraph break, and a
        heading holds none, so a chapter heading never joins the name that opens the next
        paragraph."""
        heading = self.headings
        name_like = [
            self.is_cap[i] and self.is_word[i] and self.quotation[i] < 0 and not heading[p]
            for i, p in enumerate(self.paragraph)
        ]
        paragraph = self.paragraph
        i = 0
        while i < self.n:
            if not name_like[i]:
                i += 1
                continue
            j = i
            while j + 1 < self.n and name_like[j + 1] and paragraph[j + 1] == paragraph[i]:
                j += 1
            yield i, j
            i = j + 1

    def in_quote(self, i: int) -> bool:
        return self.quotation[i] >= 0

    def is_mark(self, i: int) -> bool:
        return 0 <= i < self.n and self.texts[i] in QUOTE_MARKS

    @cached_property
    def headline_end(self) -> int:
        """Index of the first token after the headline (the first paragraph)."""
        if not self.paragraph_spans:
            return 0
        return self.first_token_at(self.paragraph_spans[0][1])

    @cached_property
    def headings(self) -> list[bool]:
        """Per paragraph: a heading, with no lower-case letter ("CHAPTER VIII", "VIII")."""
        return [not any(c.islower() for c in self.text[a:b]) for a, b in self.paragraph_spans]

    # sentences --------------------------------------------------------------
    def _sentences(self) -> list[tuple[int, int]]:
        """Token ranges [a, b) of sentences; never split inside a quotation or a paragraph."""
        bounds: list[tuple[int, int]] = []
        start = 0
        paragraph = self.paragraph
        texts = self.texts
        last = self.n - 1
        for i in range(self.n):
            if (
                i == last
                or paragraph[i + 1] != paragraph[i]
                or (texts[i] in _ENDERS and self._ends_sentence(i))
            ):
                bounds.append((start, i + 1))
                start = i + 1
        return bounds

    def _ends_sentence(self, i: int) -> bool:
        """Token i (terminal punctuation or a quotation mark) ends a sentence."""
        texts = self.texts
        text = texts[i]
        if text in QUOTE_MARKS:
            # a closing mark ends a sentence if a terminal punctuation mark precedes it
            if i == 0 or texts[i - 1] not in ".!?…" or self.quotation[i] < 0:
                return False
            quotation = self.quotations[self.quotation[i]]
            if not any(b == self.ends[i] for _, b in quotation.fragments):
                return False
        elif self.quotation[i] >= 0:
            return False
        follower = texts[i + 1]
        if text == "." and follower in QUOTE_MARKS and self.quotation[i + 1] < 0:
            return False
        if text == "." and i > 0 and _ordinal(texts[i - 1], self.lowers[i + 1]):
            return False
        return follower[0].isupper() or follower[0].isdigit() or follower in QUOTE_MARKS

    def sentence_of(self, i: int) -> tuple[int, int]:
        return self.sentence_bounds[self.sentence[i]]


_ENDERS = frozenset(".!?…") | frozenset(QUOTE_MARKS)


def _ordinal(number: str, follower: str) -> bool:
    return number.isdigit() and len(number) <= 2 and follower in ORDINAL_FOLLOWERS
