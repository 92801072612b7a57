"""Speaker mention kinds: name / nominal / pronoun / none."""

from __future__ import annotations

import pytest

from benchmark.scoring.mentions import mention_kind


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        (None, "none"),
        ("he", "pronoun"),
        ("They", "pronoun"),
        ("I", "pronoun"),
        ("you and me", "nominal"),  # "and" is no pronoun, and nothing is capitalised
        ("Putin", "name"),
        ("Vladimir Putin", "name"),
        ("the Defence Ministry", "name"),
        ("The spokesman", "nominal"),  # a leading determiner's capital does not count
        ("That official", "nominal"),
        ("Another critic", "nominal"),
        ("a senior official at the ministry", "nominal"),
        ("a senior official at the Interior Ministry", "name"),
        ("his aides", "nominal"),
        ("—", "nominal"),  # a mention without tokens
    ],
)
def test_mention_kind(mention: str | None, kind: str) -> None:
    assert mention_kind(mention) == kind
