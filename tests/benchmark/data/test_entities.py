from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from benchmark.data.entities import name_entity


def test_first_tier_with_names_wins_and_the_most_frequent_is_the_name() -> None:
    speaker, tier = name_entity("e", [[], ["the man", "Old Tom", "old tom", "Tom"], ["x"]])
    assert tier == 1
    assert (speaker.id, speaker.name, speaker.aliases) == ("e", "Old Tom", ["the man", "Tom"])
    speaker, tier = name_entity("e", [["  "], [], ["Jo"]])
    assert (speaker.name, tier) == ("Jo", 2)


def test_ties_go_to_more_words_then_the_earliest() -> None:
    assert name_entity("e", [["Ann", "Ann Lee", "Bo"]])[0].name == "Ann Lee"
    assert name_entity("e", [["Bo", "Ann"]])[0].name == "Bo"


@given(st.lists(st.sampled_from(["Ann", "ann", "Ann  Lee", "Lee", "the girl"]), min_size=1))
def test_name_and_aliases_are_the_distinct_texts(texts: list[str]) -> None:
    speaker, _ = name_entity("e", [texts])
    names = [speaker.name, *speaker.aliases]
    assert len({n.casefold() for n in names}) == len(names)
    assert {n.casefold() for n in names} == {" ".join(t.split()).casefold() for t in texts}
