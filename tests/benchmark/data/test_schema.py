from __future__ import annotations

import json
from pathlib import Path

import pytest
from gold_fixtures import document

from benchmark.data.core import render
from benchmark.documents import Attribution, Document, Speaker
from benchmark.paths import data_root

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "data" / "schema" / "document.schema.json"


@pytest.fixture(scope="module")
def validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def record() -> dict:
    return json.loads(document().model_dump_json())


def test_schema_names_the_model_fields() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(Document.model_fields)
    assert set(schema["$defs"]["attribution"]["properties"]) == set(Attribution.model_fields)
    assert set(schema["$defs"]["speaker"]["properties"]) == set(Speaker.model_fields)


def test_schema_accepts_the_core_corpus(validator) -> None:
    sources = data_root() / "core" / "sources"
    if not any(sources.glob("*/*.yaml")):
        pytest.skip(f"no core sources under {sources} yet")
    _, files = render(sources)
    lines = [
        line
        for name, text in files.items()
        if name.endswith(".jsonl")
        for line in text.splitlines()
    ]
    assert lines
    for line in lines:
        validator.validate(json.loads(line))


def test_schema_accepts_a_minimal_record(validator) -> None:
    validator.validate({"id": "x", "text": "hello"})
    validator.validate(record())


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda r: r.pop("text"),
        lambda r: r.update(extra=1),
        lambda r: r["attributions"][0].update(quote=[]),
        lambda r: r["attributions"][0].update(quote=[[1, 2, 3]]),
        lambda r: r["attributions"][0].update(quote=[[-1, 2]]),
        lambda r: r["attributions"][0].update(quote=[["1", 2]]),
        lambda r: r["attributions"][0].update(type="quoted"),
        lambda r: r["attributions"][0].pop("type"),
        lambda r: r["attributions"][0].update(speaker=[]),
        lambda r: r["attributions"][0].update(speaker_id=3),
        lambda r: r["speakers"][0].pop("name"),
        lambda r: r.update(alternatives=[{"annotator": "a"}]),
        lambda r: r.update(meta="not an object"),
    ],
)
def test_schema_rejects_bad_records(validator, corrupt) -> None:
    import jsonschema

    bad = record()
    corrupt(bad)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)
