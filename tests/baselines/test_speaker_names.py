"""Resolution of speaker mentions to entity names (baselines/mentions.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from baselines.mentions import Mentions
from baselines.text import Analysis


def resolve(text: str, mention: str, occurrence: int = 1) -> str | None:
    a = Analysis(text)
    start = -1
    for _ in range(occurrence):
        start = text.index(mention, start + 1)
    first = a.first_token_at(start)
    last = a.first_token_at(start + len(mention)) - 1
    return Mentions(a).resolve(first, last)


def test_titles_are_dropped_and_surnames_find_the_full_name():
    text = "President Mirela Ravelle spoke. Later Ravelle left."
    assert resolve(text, "President Mirela Ravelle") == "Mirela Ravelle"
    assert resolve(text, "Ravelle", 2) == "Mirela Ravelle"


def test_pronouns_take_the_most_recent_person_of_a_compatible_gender():
    text = "Ms. Ilsa Brandt met Tobias Anker. She said no."
    assert resolve(text, "She") == "Tobias Anker" or resolve(text, "She") == "Ilsa Brandt"
    text = "Mr. Tobias Anker met Ms. Ilsa Brandt. He said no."
    assert resolve(text, "He") == "Tobias Anker"


def test_it_takes_the_most_recent_organisation():
    assert (
        resolve("The Finance Ministry published figures. It said costs were covered.", "It")
        == "Finance Ministry"
    )


def test_nominals_take_the_entity_their_head_describes():
    text = "Defence Minister Karel Dunholm and Senator Ilsa Brandt spoke. The minister said yes."
    assert resolve(text, "The minister") == "Karel Dunholm"


def test_anonymous_sources_resolve_to_nothing():
    assert resolve("Two engineers at the plant said no.", "Two engineers") is None


NAMES = ("Mr. Tobias Anker", "Ms. Ilsa Brandt", "the ministry", "Karel Dunholm", "Anker")


@given(
    st.lists(
        st.tuples(st.sampled_from(NAMES), st.sampled_from(("He", "She", "It", "The minister"))),
        min_size=1,
        max_size=12,
    )
)
def test_walking_back_sees_what_a_full_scan_sees(story):
    """The nearest-first walk gives every speaker and named mention before a token, in the
    order of a full scan sorted by position (speakers first at equal positions)."""
    text = " ".join(f"{name} spoke. {pronoun} said yes." for name, pronoun in story)
    a = Analysis(text)
    mentions = Mentions(a)
    pronouns = [i for i, w in enumerate(a.texts) if w in ("He", "She", "It", "minister")]
    for t in pronouns:
        mentions.resolve(t, t)
    for before in range(a.n + 1):
        walked = [(i, id(e)) for i, e in mentions._before(before)]
        scan = [(i, id(e)) for i, e in zip(mentions.speaker_at, mentions.speakers, strict=True)]
        scan = [c for c in scan if c[0] < before] + [
            (m.first, id(m.entity)) for m in mentions.mentions if m.last < before
        ]
        scan.sort(key=lambda c: c[0], reverse=True)
        assert [i for i, _ in walked] == [i for i, _ in scan]
        assert sorted(walked) == sorted(scan)
