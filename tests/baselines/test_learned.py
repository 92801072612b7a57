"""The `learned` baseline: it learns quotes and speakers from a few hand-made articles, fits
deterministically, caches its model (and survives a broken cache), and never sees the gold."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import baselines.learned.model as model_module
from baselines.learned import LearnedAttributor
from baselines.learned.cache import CACHE_ENV, cache_path
from baselines.learned.crf import FORBIDDEN, marginals, viterbi
from baselines.learned.features import layout
from baselines.learned.lexicon import HAND_PRIOR, learn_lexicon
from baselines.learned.pipeline import Fold, _cross_fitted, calibration_folds
from baselines.learned.tagger import ALLOWED, BEGIN, INSIDE, MAY_START, OUTSIDE
from benchmark.documents import Article, Attribution, Document, canonical_json
from benchmark.errors import UsageError
from benchmark.scoring import score
from benchmark.systems.protocol import Attributor, Trainable

FIRST = "Anna Tomas Maria Pieter Olga Rafael Jonas Elena Karim Ines Lukas Sofia Ivan Nadia".split()
LAST = (
    "Berg Klein Lopez Smit Ivanova Costa Weber Rossi Haddad Moreau Novak Lind Petrov Farah".split()
)
ROLES = ("the finance minister", "the mayor", "a union leader", "a senior official")
SUBJECTS = (
    "the budget",
    "the strike",
    "interest rates",
    "the new bridge",
    "the harbour",
    "the vote",
    "tax receipts",
    "the reform",
    "the rail line",
    "the wage deal",
)
PREDICATES = (
    "would be settled by next spring",
    "would end before the holidays",
    "were likely to stay high for months",
    "would open to traffic in June",
    "needed another season of work",
    "had been postponed until the autumn",
    "had fallen for a third quarter",
    "would cost far less than critics claimed",
    "was in serious trouble",
    "could be saved with a little patience",
)
OPENINGS = ("We will not", "Nobody here should", "I cannot", "Our members will never", "You do not")
ENDINGS = (
    "back down on this",
    "accept empty promises",
    "wait another winter",
    "forget what happened last year",
    "pay for somebody else's mistakes",
)
VERBS = ("said", "told reporters", "warned", "insisted")


@dataclass(frozen=True)
class Pools:
    """What articles are made of; the unseen article draws on pools the training never saw."""

    first: Sequence[str] = tuple(FIRST)
    last: Sequence[str] = tuple(LAST)
    subjects: Sequence[str] = SUBJECTS
    predicates: Sequence[str] = PREDICATES
    openings: Sequence[str] = OPENINGS
    endings: Sequence[str] = ENDINGS

    def claim(self, k: int) -> str:
        return f"{self.subjects[k % len(self.subjects)]} {self.predicates[(7 * k + 3) % len(self.predicates)]}"

    def saying(self, k: int) -> str:
        return f"{self.openings[k % len(self.openings)]} {self.endings[(3 * k + 1) % len(self.endings)]}"


NEW = Pools(
    first=("Greta", "Milan", "Zora", "Bruno"),
    last=("Achterberg", "Quist", "Yilmaz", "Oduya"),
    subjects=("the ferry service", "the museum", "hospital waiting lists"),
    predicates=(
        "would resume after the storms",
        "had lost half of its visitors",
        "were finally getting shorter",
    ),
    openings=("Every family in the valley", "There is no money left that", "Nobody who lives here"),
    endings=("will feel this", "can pay for another study", "wants a decision this late"),
)


def make_article(k: int, pools: Pools = Pools()) -> Document:
    """An article whose attributions cover direct, indirect, 'according to' and split quotes."""
    first, last = pools.first, pools.last
    names = [f"{first[(k + i) % len(first)]} {last[(3 * k + i) % len(last)]}" for i in range(4)]
    role = ROLES[k % len(ROLES)]
    claims = [pools.claim(3 * k + i) for i in range(3)]
    sayings = [pools.saying(3 * k + i) for i in range(3)]
    verb = VERBS[k % len(VERBS)]
    last0, last3 = names[0].split()[1], names[3].split()[1]
    paragraphs = [
        f"Council weighs plan for the port number {k}",
        f"{names[0]}, {role}, {verb} on Monday that {claims[0]}.",
        f"“{sayings[0]},” {last0} said.",
        "The council met on Tuesday to discuss the plan for the port.",
        f"{names[1]} said {claims[1]}.",
        f"According to {names[2]}, {claims[2]}.",
        f"“{sayings[1]},” said {last3}. “{sayings[2]}.”",
    ]
    text = "\n\n".join(paragraphs)
    spans = [
        ([claims[0]], names[0], "indirect"),
        ([sayings[0]], last0, "direct"),
        ([claims[1]], names[1], "indirect"),
        ([claims[2]], names[2], "indirect"),
        ([sayings[1], sayings[2] + "."], last3, "direct"),
    ]
    attributions = []
    for i, (quotes, speaker, kind) in enumerate(spans):
        quote = [_find(text, q) for q in quotes]
        speaker_span = [_nearest(text, speaker, quote[0][0])]
        attributions.append(Attribution(id=f"a{i}", quote=quote, speaker=speaker_span, type=kind))
    return Document(id=f"test/{k}", text=text, attributions=attributions)


def _find(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def _nearest(text: str, part: str, near: int) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(part), text)]
    start = min(starts, key=lambda s: abs(s - near))
    return (start, start + len(part))


TRAIN = [make_article(k) for k in range(24)]
UNSEEN = make_article(1, NEW)


@pytest.fixture(scope="module")
def cache_root(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def cached(cache_root, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, str(cache_root))
    return cache_root


@pytest.fixture(scope="module")
def fitted(cache_root) -> LearnedAttributor:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(cache_root))
        system = LearnedAttributor()
        system.fit(TRAIN, quiet=True)
    return system


def test_implements_the_protocols():
    system = LearnedAttributor()
    assert isinstance(system, Attributor) and isinstance(system, Trainable)
    assert system.name == "learned"


def test_finds_the_quotes_and_speakers_of_an_unseen_article(fitted):
    prediction = fitted.predict([Article.of(UNSEEN)])[0]
    metrics = score([UNSEEN], {UNSEEN.id: prediction}, n_resamples=1).metrics
    assert metrics["quote_lenient_f1"] >= 0.8
    assert metrics["e2e_f1"] >= 0.8
    found = {UNSEEN.text[a.quote[0][0] : a.quote[-1][1]]: a for a in prediction.attributions}
    second, third = NEW.saying(4), NEW.saying(5)
    split = next(q for q in found if second in q)
    assert third in split  # "X," said Y. "Z" is one quote
    assert len(found[split].quote) == 2


def test_names_the_speaker_of_each_given_quote(fitted):
    quotes = [list(att.quote) for att in UNSEEN.attributions]
    answers = fitted.attribute(Article.of(UNSEEN), quotes)
    assert [a.quote for a in answers] == quotes
    right = sum(
        a.speaker is not None
        and a.speaker[0][0] < g.speaker[0][1]
        and g.speaker[0][0] < a.speaker[0][1]
        for a, g in zip(answers, UNSEEN.attributions, strict=True)
    )
    assert right >= len(quotes) - 1


def test_fits_deterministically(tmp_path, monkeypatch, fitted):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))  # an empty cache: this fit really trains
    again = LearnedAttributor()
    again.fit(TRAIN, quiet=True)
    articles = [Article.of(UNSEEN), *map(Article.of, TRAIN[:3])]
    lines = [canonical_json(p) for p in again.predict(articles)]
    assert lines == [canonical_json(p) for p in fitted.predict(articles)]  # byte-identical
    assert (again.pipeline.tagger.crf.weights != fitted.pipeline.tagger.crf.weights).nnz == 0
    assert fitted.pipeline.detector.model is None  # these articles mark no cues


def test_a_cached_model_is_not_retrained(cached, fitted, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("retrained despite a cached model")

    monkeypatch.setattr(model_module, "train", no_training)
    system = LearnedAttributor()
    system.fit(TRAIN, quiet=True)
    assert system.predict([Article.of(UNSEEN)]) == fitted.predict([Article.of(UNSEEN)])


def test_other_training_data_gets_another_cache_entry(cached, fitted):
    assert cache_path(TRAIN, LearnedAttributor.version) != cache_path(
        TRAIN[:-1], LearnedAttributor.version
    )
    assert cache_path(TRAIN, LearnedAttributor.version).parent == cached / "learned"


def test_a_truncated_cache_file_retrains(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    calls = []
    real_train = model_module.train

    def counting_train(*args, **kwargs):
        calls.append(1)
        return real_train(*args, **kwargs)

    monkeypatch.setattr(model_module, "train", counting_train)
    LearnedAttributor().fit(TRAIN, quiet=True)
    path = cache_path(TRAIN, LearnedAttributor.version)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    system = LearnedAttributor()
    system.fit(TRAIN, quiet=True)
    assert len(calls) == 2
    assert path.stat().st_size == len(whole)  # rewritten whole
    assert system.predict([Article.of(UNSEEN)])[0].attributions


def test_predict_sees_only_articles(fitted):
    """Whatever the gold says, the predictions are the same: predict gets Articles only."""
    without_gold = Document(id=UNSEEN.id, text=UNSEEN.text, meta=UNSEEN.meta)
    other_gold = Document(id=UNSEEN.id, text=UNSEEN.text, attributions=TRAIN[0].attributions[:1])
    predictions = [fitted.predict([Article.of(doc)]) for doc in (UNSEEN, without_gold, other_gold)]
    assert predictions[0] == predictions[1] == predictions[2]
    with pytest.raises(ValueError):
        Article(id="x", text="t", attributions=[])  # an Article cannot carry the gold


def test_attribute_sees_only_the_given_quotes(fitted):
    quotes = [list(att.quote) for att in UNSEEN.attributions]
    stripped = Document(id=UNSEEN.id, text=UNSEEN.text)
    assert fitted.attribute(Article.of(UNSEEN), quotes) == fitted.attribute(
        Article.of(stripped), quotes
    )


def test_default_training_data_falls_back_to_core_train(tmp_path, monkeypatch):
    from benchmark.documents import canonical_json

    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "train.jsonl").write_text(
        "".join(canonical_json(d) + "\n" for d in TRAIN[:2])
    )
    monkeypatch.setattr("benchmark.paths.data_root", lambda: tmp_path)
    monkeypatch.setenv("QUOTEBENCH_POLNEAR", str(tmp_path / "no-polnear"))
    assert LearnedAttributor().default_training_data() == TRAIN[:2]


def test_default_training_data_prefers_polnear_train(tmp_path, monkeypatch):
    text = "Anna Berg said the port would close."
    for split, name in itertools.product(("train", "dev"), ("a1",)):
        (tmp_path / split / "text").mkdir(parents=True)
        (tmp_path / split / "attributions").mkdir(parents=True)
        (tmp_path / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / split / "attributions" / f"{name}_x.ann").write_text(
            "T1\tSource 0 9\tAnna Berg\nT2\tCue 10 14\tsaid\nT3\tContent 15 35\tthe port would close\n"
            "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
            encoding="utf-8",
        )
    monkeypatch.setenv("QUOTEBENCH_POLNEAR", str(tmp_path))
    docs = LearnedAttributor().default_training_data()
    assert [d.id for d in docs] == ["polnear/train/a1"]
    assert [docs[0].text[a:b] for a, b in docs[0].attributions[0].quote] == ["the port would close"]


@pytest.mark.parametrize("docs", [[], [Document(id="x", text="Nothing was said here at all.")]])
def test_fit_rejects_training_data_without_attributions(tmp_path, monkeypatch, docs):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with pytest.raises(UsageError, match="no attributions"):
        LearnedAttributor().fit(docs, quiet=True)


@pytest.mark.parametrize("text", ["", "   ", "...", "“", "Hello.", "a\n\n\n\nb"])
def test_articles_without_quotes_predict_nothing(fitted, text):
    assert fitted.predict([Article(id="x", text=text)])[0].attributions == []


def test_nothing_to_predict_or_attribute(fitted):
    assert fitted.predict([]) == []
    assert fitted.attribute(Article(id="x", text=""), []) == []


def _decode(emissions: np.ndarray, transitions: np.ndarray | None = None) -> list[int]:
    """BIO decoding as the tagger does it: forbidden moves are never taken."""
    transitions = np.zeros((3, 3)) if transitions is None else transitions
    return viterbi(
        [emissions], np.where(ALLOWED, transitions, FORBIDDEN), np.where(MAY_START, 0.0, FORBIDDEN)
    )[0]


@given(
    st.lists(st.tuples(*[st.floats(-20, 0)] * 3), max_size=40),
    st.lists(st.floats(-5, 5), min_size=9, max_size=9),
)
def test_viterbi_decodes_well_formed_tags(rows, transitions):
    tags = _decode(
        np.array(rows, dtype=float).reshape(len(rows), 3), np.reshape(transitions, (3, 3))
    )
    assert len(tags) == len(rows)
    assert all(
        tag != INSIDE
        for tag, before in zip(tags, [OUTSIDE, *tags], strict=False)
        if before == OUTSIDE
    )


@given(st.lists(st.sampled_from([OUTSIDE, BEGIN, INSIDE]), min_size=1, max_size=30))
def test_viterbi_keeps_a_well_formed_best_guess(tags):
    """When the best state of every token already forms valid BIO, Viterbi returns it."""
    well_formed = [
        BEGIN if t == INSIDE and prev == OUTSIDE else t
        for t, prev in zip(tags, [OUTSIDE, *tags], strict=False)
    ]
    scores = np.full((len(tags), 3), -5.0)
    scores[np.arange(len(tags)), well_formed] = -0.1
    assert _decode(scores) == well_formed


@given(
    st.lists(
        st.lists(st.tuples(*[st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.5])] * 3), max_size=7),
        min_size=1,
        max_size=5,
    )
)
def test_viterbi_finds_the_best_allowed_path(sequences):
    """Against brute force over every well-formed tag sequence (transitions included), for a
    batch of sequences of different lengths decoded together (scores in halves, so that sums
    are exact and ties frequent)."""
    transitions = np.array([[0.5, -1.0, 0.0], [0.5, -2.0, 1.0], [-0.5, 0.5, 1.0]])
    allowed = np.where(ALLOWED, transitions, FORBIDDEN)
    start = np.where(MAY_START, 0.0, FORBIDDEN)
    emissions = [np.array(rows, dtype=float).reshape(len(rows), 3) for rows in sequences]

    def total(scores, path):
        value = start[path[0]] + scores[0, path[0]]
        for k in range(1, len(path)):
            value += allowed[path[k - 1], path[k]] + scores[k, path[k]]
        return value

    for scores, path in zip(emissions, viterbi(emissions, allowed, start), strict=True):
        paths = list(itertools.product(range(3), repeat=len(scores))) if len(scores) else []
        best = max((total(scores, p) for p in paths), default=None)
        assert len(path) == len(scores)
        if paths:
            assert total(scores, path) == best


@given(
    st.lists(
        st.lists(st.tuples(*[st.floats(-8, 8)] * 3), max_size=6),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.floats(-4, 4), min_size=9, max_size=9),
)
def test_marginals_are_those_of_every_well_formed_path(sequences, transitions):
    """Forward-backward over a batch of sequences of different lengths against brute force:
    each tag sequence weighs exp(its score), forbidden ones (I after O, I first) nothing."""
    emissions = [np.array(rows, dtype=float).reshape(len(rows), 3) for rows in sequences]
    allowed = np.where(ALLOWED, np.reshape(transitions, (3, 3)), FORBIDDEN)
    start = np.where(MAY_START, 0.0, FORBIDDEN)
    got = marginals(emissions, allowed, start)
    for scores, found in zip(emissions, got, strict=True):
        n = len(scores)
        expected = np.zeros((n, 3))
        paths = list(itertools.product(range(3), repeat=n)) if n else []
        totals = np.array(
            [
                start[p[0]]
                + scores[0, p[0]]
                + sum(allowed[p[k - 1], p[k]] + scores[k, p[k]] for k in range(1, n))
                for p in paths
            ]
        )
        weights = np.exp(totals - totals.max()) if n else totals
        for path, weight in zip(paths, weights, strict=True):
            expected[np.arange(n), path] += weight
        if n:
            expected /= weights.sum()
        assert found.shape == (n, 3)
        np.testing.assert_allclose(found, expected, atol=1e-9)
        assert not found[:1, INSIDE].any()


def _speaking(k: int, speaker: str) -> Document:
    """An article in which `speaker` (a noun phrase) speaks twice."""
    text = f"{speaker} said the pier {k} was late. Later {speaker.lower()} said it was closed."
    claims = [f"the pier {k} was late", "it was closed"]
    whos = [m.start() for m in re.finditer(speaker, text, flags=re.IGNORECASE)]
    attributions = [
        Attribution(
            id=f"a{i}",
            quote=[_find(text, claim)],
            speaker=[(who, who + len(speaker))],
            type="indirect",
        )
        for i, (claim, who) in enumerate(zip(claims, whos, strict=True))
    ]
    return Document(id=f"test/speaking/{k}", text=text, attributions=attributions)


def test_training_reads_lexicon_rates_counted_without_the_article():
    """The ranker trains on the speaker rates an unseen article would get, never on its own
    speakers' counts."""
    docs = [_speaking(0, "The ferryman"), _speaking(1, "The gardener")]
    reader = _cross_fitted([layout(d.text) for d in docs], docs, random_state=0)
    own = ["ferryman", "gardener"]
    assert all(learn_lexicon(docs).speaker_score(word) > 0 for word in own)
    assert [reader.lexicons[i].speaker_score(own[i]) for i in (0, 1)] == [0.0, 0.0]


def test_names_carry_no_speaker_rate():
    """A name's rate says who spoke in the training texts; an unseen novel has its own cast."""
    lexicon = learn_lexicon(TRAIN)
    speakers = {
        d.text[slice(*a.speaker[0])].split()[-1].lower() for d in TRAIN for a in d.attributions
    }
    assert speakers and all(lexicon.speaker_score(name) == 0.0 for name in speakers)
    ferryman = learn_lexicon([_speaking(k, "The ferryman") for k in range(2)])
    assert ferryman.speaker_score("ferryman") > 0 and "ferryman" in ferryman.speaker_heads


@pytest.mark.parametrize(
    ("n_quotes", "sampled", "held"),
    [
        ([10] * 37, False, None),  # core train: 37 short articles, 180 quotes in a half
        ([50] * 9, False, None),  # fr-litbank train: 200 quotes in the smaller half
        ([10] * 100, False, "halves"),  # 500 quotes in each half
        ([10] * 99, False, None),  # 490 in the smaller half
        ([600, 1] * 3, False, None),  # one half holds 1,800 quotes, the other three
        ([1300] * 18, True, [4, 9, 14]),  # PDNC train: a few long novels, thousands of quotes
        ([10] * 30, True, [4, 9, 14, 19, 24, 29]),  # six articles in the fifth
        ([10] * 29, True, None),  # five articles, 50 quotes
    ],
)
def test_calibration_holds_out_enough_articles_or_quotes(n_quotes, sampled, held):
    """Thresholds tuned in-sample are overconfident, but models trained on too few quotes
    calibrate nothing; a few long novels hold enough quotes, a few dozen short articles do
    not. Every article is held out once, from models trained on the other half (even / odd
    articles, as in the cross-fitting), unless the tagger trains on a sample of the corpus:
    then one fifth, which costs one budgeted fit instead of two."""
    folds = calibration_folds(n_quotes, sampled=sampled)
    everything = list(range(len(n_quotes)))
    if held is None:
        assert folds == [Fold(everything, everything)]
    elif held == "halves":
        assert folds == [
            Fold(everything[0::2], everything[1::2]),
            Fold(everything[1::2], everything[0::2]),
        ]
    else:
        assert folds == [Fold(held, sorted(set(everything) - set(held)))]


def test_a_corpus_that_marks_no_cues_keeps_the_hand_list():
    """PDNC marks no cue spans: "said" is never inside one there, which says nothing about it."""

    def with_cues(doc: Document, cues: list[tuple[int, int]] | None) -> Document:
        attributions = [a.model_copy(update={"cue": cues}) for a in doc.attributions]
        return doc.model_copy(update={"attributions": attributions})

    unmarked = [with_cues(d, None) for d in TRAIN]
    assert learn_lexicon(unmarked).cue_score("said") == HAND_PRIOR
    every_said = [
        with_cues(d, [(m.start(), m.end()) for m in re.finditer(r"\bsaid\b", d.text)])
        for d in TRAIN
    ]
    assert learn_lexicon(every_said).cue_score("said") > HAND_PRIOR
