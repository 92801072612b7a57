"""Speaker mention kinds (name / nominal / pronoun / none), shared by slices and `data stats`.

- none: the attribution has no speaker mention;
- pronoun: the mention has tokens and every one is a pronoun of `PRONOUNS` ("he", "They");
- name: some token, after skipping one leading determiner, starts with an uppercase letter
  ("Putin", "the Defence Ministry");
- nominal: anything else ("the spokesman", "a senior official").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from benchmark.scoring.tokens import WORD

MentionKind = Literal["name", "nominal", "pronoun", "none"]
MENTION_KINDS: tuple[MentionKind, ...] = ("name", "nominal", "pronoun", "none")

PRONOUNS = frozenset(
    {"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them"}
    | {"his", "hers", "their", "its", "our", "my"}
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "another"})


@lru_cache(maxsize=1 << 14)  # mentions repeat: "he", "Trump", "the spokesman"
def mention_kind(text: str | None) -> MentionKind:
    if text is None:
        return "none"
    words = WORD.findall(text)
    if words and all(w.casefold() in PRONOUNS for w in words):
        return "pronoun"
    if words and words[0].casefold() in DETERMINERS:
        words = words[1:]
    if any(w[0].isupper() for w in words):
        return "name"
    return "nominal"
