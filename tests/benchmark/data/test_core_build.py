from __future__ import annotations

import pytest

from benchmark.data.core import render, stale
from benchmark.paths import data_root

CORE = data_root() / "core"


@pytest.mark.skipif(
    not any((CORE / "sources" / "test").glob("*.yaml")),
    reason="data/core/sources/test has no articles yet",
)
def test_committed_core_files_equal_a_fresh_build() -> None:
    result, files = render(CORE / "sources")
    assert all(result.splits.values())
    assert stale(CORE, files) == [], "run `quotebench data build` and commit data/core"
