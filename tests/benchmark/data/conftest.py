"""Fixtures for the data-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from brat_fixtures import ARTICLE, METADATA, article_ann, write_checkout


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """dev: `bridge` annotated by two annotators (bbbb drops E3), `plain` by one; train: one."""
    second = "\n".join(
        line
        for line in article_ann().split("\n")
        if not line.startswith(("T8", "T9", "T10", "T11", "E3"))
    )
    return write_checkout(
        tmp_path / "polnear",
        {
            "dev/text/bridge.txt": ARTICLE,
            "dev/attributions/bridge_bbbb.ann": second,
            "dev/attributions/bridge_aaaa.ann": article_ann(),
            "dev/text/plain.txt": "Nothing was said here.\n",
            "dev/attributions/plain_aaaa.ann": "",
            "train/text/bridge2.txt": ARTICLE,
            "train/attributions/bridge2_cccc.ann": article_ann(),
        },
        METADATA,
    )
