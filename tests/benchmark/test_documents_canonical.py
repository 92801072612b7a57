"""canonical_bytes (orjson, what the fingerprint hashes) is byte for byte canonical_json."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.data.fingerprint import fingerprint
from benchmark.documents import Document, canonical_bytes, canonical_json
from benchmark.validation import read_documents

ROOT = Path(__file__).resolve().parents[2]

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from('"\\\n\t\x00\x1f\x7f'),
    max_size=40,
)
SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
JSON = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
)
LABEL = st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | TEXT


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(min_size=1, max_size=60))
    n = len(text)

    def fragments() -> list[list[int]]:
        start = draw(st.integers(0, n - 1))
        return [[start, draw(st.integers(start + 1, n))]]

    speakers = [{"id": f"s{i}", "name": draw(TEXT)} for i in range(draw(st.integers(0, 2)))]
    attributions = []
    for i in range(draw(st.integers(0, 3))):
        att: dict = {"id": f"a{i}", "quote": fragments(), "type": "direct"}
        if draw(st.booleans()):
            att["speaker"] = fragments()
        if draw(st.booleans()):
            att["addressee"] = fragments()
        if speakers and draw(st.booleans()):
            att["addressee_ids"] = [speakers[0]["id"]]
        att["labels"] = draw(st.dictionaries(TEXT, LABEL, max_size=2))
        attributions.append(att)
    meta = draw(st.dictionaries(TEXT, JSON, max_size=3))
    return Document.model_validate(
        {
            "id": draw(TEXT),
            "text": text,
            "meta": meta,
            "speakers": speakers,
            "attributions": attributions,
        }
    )


@settings(max_examples=300)
@given(documents())
def test_canonical_bytes_are_canonical_json(doc: Document) -> None:
    assert canonical_bytes(doc) == canonical_json(doc).encode("utf-8")


def test_committed_core_fingerprint_unchanged() -> None:
    """The core test split's fingerprint stored in the committed leaderboard still comes out,
    and every bundled core document encodes the same both ways."""
    board = json.loads((ROOT / "leaderboard" / "core-test.json").read_text(encoding="utf-8"))
    assert fingerprint(read_documents(ROOT / "data/core/test.jsonl")) == board["dataset"]["sha256"]
    for split in ("train", "dev", "test"):
        for doc in read_documents(ROOT / "data" / "core" / f"{split}.jsonl"):
            assert canonical_bytes(doc) == canonical_json(doc).encode("utf-8")
