"""Words and limits the sieves share (the cue lexicon itself is in baselines/text.py)."""

from __future__ import annotations

from baselines.text import CUE_FORMS

SUBJECT_PRONOUNS = frozenset("he she it they we i you there".split())
MAX_OBJECT = 25  # tokens between "told" and its "that"
MIN_QUOTE_WORDS = 3  # shorter quotes without a cue are scare quotes or titles


def is_verb_form(word: str) -> bool:
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


def is_past(word: str) -> bool:
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
