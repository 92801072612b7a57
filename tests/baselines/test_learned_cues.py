"""`learned` v2 on hand-made articles: the cue detector learns cues that no hand list holds (a
noun cue, a belief verb, German and French speech verbs), and the CRF decodes the quotes they
introduce (indirect speech, a German „…“ quote, a French dash dialogue) on unseen articles."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from baselines.learned.cues import CueDetector, cue_labels
from baselines.learned.features import CUE_THRESHOLD, layout
from baselines.learned.lexicon import learn_lexicon
from baselines.learned.pipeline import train
from baselines.learned.spans import GoldSpans, _mostly_in, same_quote
from benchmark.documents import Attribution, Document
from benchmark.scoring import score

MARKUP = re.compile(r"\[([QSC]):([^\]]*)\]")


def parse(doc_id: str, paragraphs: list[str], lang: str = "en") -> Document:
    """An article from marked-up paragraphs: [Q:quote] [S:speaker] [C:cue]; the marked parts
    of one paragraph are one attribution (several [Q:] are its fragments)."""
    text, attributions = "", []
    for k, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        parts: dict[str, list[tuple[int, int]]] = {"Q": [], "S": [], "C": []}
        last = 0
        for match in MARKUP.finditer(paragraph):
            text += paragraph[last : match.start()]
            start = len(text)
            text += match.group(2)
            parts[match.group(1)].append((start, len(text)))
            last = match.end()
        text += paragraph[last:]
        if parts["Q"]:
            attributions.append(
                Attribution(
                    id=f"a{k}",
                    quote=parts["Q"],
                    speaker=parts["S"] or None,
                    cue=parts["C"] or None,
                    type="direct" if "„" in paragraph or "—" in paragraph else "indirect",
                )
            )
    return Document(id=doc_id, text=text, attributions=attributions, meta={"lang": lang})


FIRST = "Anna Tomas Maria Pieter Olga Rafael Jonas Elena Karim Ines Lukas Sofia".split()
LAST = [
    a + b
    for a in ("Bau", "Kel", "Mor", "Sten", "Wal", "Lin")
    for b in ("mann", "berg", "ner", "hoff", "stein", "er", "ke", "brecht")
]
"""48 surnames: each training article has speakers of its own, as real corpora mostly do."""


def names(k: int, first: list[str], last: list[str]) -> tuple[str, str]:
    return (
        f"{first[k % len(first)]} {last[(2 * k) % len(last)]}",
        f"{first[(k + 5) % len(first)]} {last[(2 * k + 1) % len(last)]}",
    )


CLAIMS = [
    "the budget would be settled by spring",
    "the strike would end before the holidays",
    "rates would stay high for months",
    "the bridge would open in June",
    "the harbour needed another season of work",
    "the vote had been postponed",
    "tax receipts had fallen again",
    "the reform would cost less than expected",
]


def english(k: int, first=FIRST, last=LAST, claims=CLAIMS) -> Document:
    a, b = names(k, first, last)
    c1, c2 = claims[k % len(claims)], claims[(k + 3) % len(claims)]
    return parse(
        f"en/{k}",
        [
            f"Council debates the port plan number {k}",
            f"[S:{a}] made [C:the announcement] that [Q:{c1}].",
            "The council met on Tuesday to discuss the plan.",
            f"[S:{b}] [C:believes] that [Q:{c2}].",
        ],
    )


SAYINGS_DE = [
    "Wir werden das nicht hinnehmen",
    "Die Stadt braucht eine neue Brücke",
    "Niemand hat mit uns gesprochen",
    "Der Hafen muss offen bleiben",
    "Das Geld reicht nicht für alle",
    "Wir warten seit Jahren auf eine Antwort",
]


def german(k: int, first=FIRST, last=LAST, sayings=SAYINGS_DE) -> Document:
    a, b = names(k, first, last)
    s1, s2 = sayings[k % len(sayings)], sayings[(k + 2) % len(sayings)]
    return parse(
        f"de/{k}",
        [
            f"Streit um den Hafen, Folge {k}",
            f"„[Q:{s1}]“, [C:sagte] [S:{a}] am 3. Oktober.",
            "Der Stadtrat traf sich am Dienstag.",
            f"[S:{b}] [C:erklärte]: „[Q:{s2}.]“",
        ],
        "de",
    )


SAYINGS_FR = [
    "Nous ne céderons pas",
    "La ville a besoin d'un nouveau pont",
    "Personne ne nous a parlé",
    "Le port doit rester ouvert",
    "Il n'y a pas assez d'argent",
    "Nous attendons une réponse depuis des années",
]


def french(k: int, first=FIRST, last=LAST, sayings=SAYINGS_FR) -> Document:
    a, b = names(k, first, last)
    s1, s2 = sayings[k % len(sayings)], sayings[(k + 1) % len(sayings)]
    return parse(
        f"fr/{k}",
        [
            f"Chapitre {k}",
            "La pluie tombait sur le port depuis le matin.",
            f"— [Q:{s1}], [C:dit] [S:{a}].",
            f"— [Q:{s2} ?] [C:demanda] [S:{b}].",
        ],
        "fr",
    )


NEW_FIRST = ("Greta", "Milan", "Zora", "Bruno")
NEW_LAST = ("Achterberg", "Quist", "Yilmaz", "Oduya")
CASES = {
    "en": (english, ["the ferry would resume after the storms", "the museum had lost visitors"]),
    "de": (german, ["Die Fähre fährt wieder", "Das Museum hat die Hälfte verloren"]),
    "fr": (french, ["Le musée a perdu la moitié", "Le bac reprendra demain"]),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    make, unseen_words = CASES[request.param]
    docs = [make(k) for k in range(24)]
    unseen = make(1, NEW_FIRST, NEW_LAST, unseen_words)
    return request.param, docs, unseen, train(docs, quiet=True)


def test_the_detector_learns_the_corpus_own_cues(case):
    lang, docs, unseen, pipeline = case
    lay = layout(unseen.text)
    p = pipeline.detector.proba([lay])[0]
    gold = cue_labels(lay, unseen)
    assert gold.any()
    assert (p[gold] >= CUE_THRESHOLD).all(), [lay.words[i] for i in np.flatnonzero(gold)]
    assert (p[~gold] < CUE_THRESHOLD).mean() > 0.95


def test_unseen_article_quotes_and_speakers(case):
    lang, docs, unseen, pipeline = case
    found = pipeline.predict([unseen.text])[0]
    from benchmark.documents import Prediction

    metrics = score([unseen], {unseen.id: Prediction(id=unseen.id, attributions=found)}).metrics
    assert metrics["quote_lenient_f1"] == 1.0, [unseen.text[a:b] for f in found for a, b in f.quote]
    assert metrics["e2e_f1"] == 1.0


def test_english_cues_outside_the_hand_list():
    """ "announcement" and "believes" are no speech verbs of the hand list: only training data
    makes them cues, and a detector with nothing to learn from flags nothing."""
    docs = [english(k) for k in range(12)]
    lexicon = learn_lexicon(docs)
    lay = layout(docs[0].text)
    learned = CueDetector(lexicon).fit(
        [layout(d.text) for d in docs], [cue_labels(layout(d.text), d) for d in docs]
    )
    p = learned.proba([lay])[0]
    at = {w: p[i] for i, w in enumerate(lay.lower)}
    assert at["announcement"] >= CUE_THRESHOLD and at["believes"] >= CUE_THRESHOLD
    blank = CueDetector(learn_lexicon([])).fit([lay], [np.zeros(len(lay), dtype=bool)])
    hand = blank.proba([lay])[0]  # no cue spans to learn from: the hand list's prior
    assert hand[lay.lower.index("announcement")] == 0.0
    german_text = layout("„Wir gehen“, sagte Anna Berg.")
    assert (blank.proba([german_text])[0] == 0.0).all()  # an English list is no help in German


@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), min_size=1, max_size=3),
        max_size=12,
    ),
    st.integers(0, 40),
    st.integers(1, 15),
)
def test_gold_index_finds_what_a_full_scan_finds(raw, lo, width):
    """Every gold quote whose extent overlaps the span, and no other, in gold order."""
    gold = [sorted((a, a + n) for a, n in quote) for quote in raw]
    hi = lo + width
    scan = [k for k, q in enumerate(gold) if max(b for _, b in q) > lo and q[0][0] < hi]
    assert GoldSpans(gold).overlapping(lo, hi) == scan


@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), min_size=1, max_size=3),
        max_size=8,
    ),
    st.tuples(st.integers(0, 30), st.integers(1, 6)),
    st.tuples(st.integers(0, 30), st.integers(1, 6)),
)
def test_same_quote_reads_only_overlapping_quotes(raw, first, second):
    """The indexed check agrees with a scan of every gold quote."""
    lay = layout(" ".join(f"w{i}" for i in range(45)))
    gold = [sorted((a, a + n) for a, n in quote) for quote in raw]
    one, two = (first[0], first[0] + first[1]), (second[0], second[0] + second[1])
    scan = any(_mostly_in(lay, one, q) and _mostly_in(lay, two, q) for q in gold)
    assert same_quote(lay, GoldSpans(gold), one, two) == scan
