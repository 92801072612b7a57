"""Format 1.0 inputs keep exactly the scores they had: fixed gold and prediction files, written
by this test from a seeded generator, scored through `quotebench score`, against pinned numbers.

The generator covers every rule the scorer has: direct, indirect and discontinuous quotes,
quotes without a source, pronoun, nominal and name mentions, speaker entities with aliases,
publishers, and predictions with moved boundaries, speaker spans, names, wrong speakers and
spurious quotes. A change of any count, slice or interval changes the digest.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from cli import quotebench

from benchmark.documents import canonical_json

ENTITIES = [
    ("putin", "Vladimir Putin", ["the Russian President", "Putin"]),
    ("merkel", "Angela Merkel", ["the Chancellor"]),
    ("nato", "NATO", ["the alliance"]),
    ("smith", "John Smith", []),
    ("ministry", "the Defence Ministry", ["the ministry"]),
]
WORDS = (
    "the plan is sound and we will build more roads before winter because taxes must fall "
    "nothing stops us talks were over it was a success critics called it reckless"
).split()


def article(rng: random.Random, number: int) -> dict[str, Any]:
    """One gold article (format 1.0 fields only) built sentence by sentence."""
    entities = rng.sample(ENTITIES, 3)
    text, attributions = "", []

    def add(piece: str) -> tuple[int, int]:
        nonlocal text
        start = len(text)
        text += piece
        return start, len(text)

    def words() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))

    for k in range(rng.randint(2, 8)):
        entity_id, name, aliases = rng.choice(entities)
        mention = rng.choice([name, *aliases, "He", "the spokesman", name.split()[-1]])
        form = rng.randrange(5)
        speaker_id = entity_id if mention != "the spokesman" and rng.random() < 0.7 else None
        if form == 0:
            add("“")
            quote = add(words())
            add(",” ")
            speaker = add(mention)
            add(" said. ")
            fragments, kind = [quote], "direct"
        elif form == 1:
            speaker = add(mention)
            add(" said that ")
            quote = add(words())
            add(". ")
            fragments, kind = [quote], "indirect"
        elif form == 2:
            add("“")
            first = add(words())
            add(",” ")
            speaker = add(mention)
            add(" said, “")
            second = add(words())
            add(".” ")
            fragments, kind = [first, second], "direct"
        elif form == 3:
            speaker = add(mention)
            add(" called it “")
            quote = add(words())
            add("” today. ")
            fragments, kind = [quote], "mixed"
        else:
            add("It was reported that ")
            quote = add(words())
            add(". ")
            fragments, kind, speaker, speaker_id = [quote], "indirect", None, None
        attributions.append(
            {
                "id": f"A{k}",
                "quote": [list(f) for f in fragments],
                "speaker": [list(speaker)] if speaker else None,
                "speaker_id": speaker_id,
                "cue": None,
                "type": kind,
            }
        )
    meta = {"publisher": rng.choice(["ap", "reuters"])} if rng.random() < 0.6 else {}
    return {
        "id": f"pinned/dev/{number:03d}",
        "text": text,
        "meta": meta,
        "speakers": [{"id": i, "name": n, "aliases": a} for i, n, a in entities],
        "attributions": attributions,
        "alternatives": [],
    }


def predicted(rng: random.Random, doc: dict[str, Any]) -> dict[str, Any]:
    """A plausible system output for one article."""
    names = {i: [n, *a] for i, n, a in ENTITIES}
    out = []
    spans = [a["speaker"] for a in doc["attributions"] if a["speaker"]]
    for att in doc["attributions"]:
        if rng.random() < 0.1:
            continue
        quote = [list(f) for f in att["quote"]]
        if rng.random() < 0.3:
            start, end = quote[0]
            space = doc["text"].find(" ", start, end)
            if space > start:
                quote[0] = [space + 1, end]
        record: dict[str, Any] = {"quote": quote}
        roll = rng.random()
        if roll < 0.35:
            record["speaker"] = att["speaker"]
        elif roll < 0.5 and att["speaker_id"]:
            record["speaker_name"] = rng.choice(names[att["speaker_id"]])
        elif roll < 0.6:
            record["speaker_name"] = rng.choice(["he", "Mr. Putin", "Merkel", "the alliance"])
        elif roll < 0.8 and spans:
            record["speaker"] = rng.choice(spans)
        out.append(record)
    for _ in range(rng.randrange(3)):
        start = rng.randrange(max(1, len(doc["text"]) - 30))
        out.append({"quote": [[start, start + rng.randrange(5, 30)]]})
    return {"id": doc["id"], "attributions": out}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    rng = random.Random(20261202)
    docs = [article(rng, n) for n in range(80)]
    folder = tmp_path_factory.mktemp("pinned")
    gold, pred = folder / "dev.jsonl", folder / "pred.jsonl"
    gold.write_text("".join(canonical_json(d) + "\n" for d in docs), encoding="utf-8")
    lines = [canonical_json(predicted(rng, d)) for d in docs[:-3]]  # 3 articles missing
    pred.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return gold, pred


PINNED = {
    "e2e": {
        "metrics": {
            "quote_exact_p": 0.5981735159817352,
            "quote_exact_r": 0.6390243902439025,
            "quote_exact_f1": 0.6179245283018868,
            "quote_lenient_p": 0.8242009132420092,
            "quote_lenient_r": 0.8804878048780488,
            "quote_lenient_f1": 0.8514150943396226,
            "speaker_acc": 0.5318559556786704,
            "e2e_p": 0.4383561643835616,
            "e2e_r": 0.4682926829268293,
            "e2e_f1": 0.4528301886792453,
            "n_gold": 410,
            "n_pred": 438,
        },
        "sha256": "4aa0492fd047d560e1533bd98eed97b04c01717b13b34277ed684352b30292a4",
        "digest": "d3f11b739ce8c9ea3a7963e582be28bd3dace648ecea9d5b3a75914ef8129bc3",
    },
    "attribution": {
        "metrics": {
            "quote_exact_p": 0.5981735159817352,
            "quote_exact_r": 0.6390243902439025,
            "quote_exact_f1": 0.6179245283018868,
            "quote_lenient_p": 0.8242009132420092,
            "quote_lenient_r": 0.8804878048780488,
            "quote_lenient_f1": 0.8514150943396226,
            "speaker_acc": 0.5318559556786704,
            "e2e_p": 0.4383561643835616,
            "e2e_r": 0.4682926829268293,
            "e2e_f1": 0.4528301886792453,
            "attr_acc": 0.32195121951219513,
            "n_gold": 410,
            "n_pred": 438,
        },
        "sha256": "4aa0492fd047d560e1533bd98eed97b04c01717b13b34277ed684352b30292a4",
        "digest": "e4eedb81647b7ced21758745ab934b37182c1ccaf0e64e2bf02fbf3098bfb5d0",
    },
}
"""Scores of the files above before format 1.1 scoring; `digest` is the sha256 of the
metrics, intervals, slices and per-article counts."""


@pytest.mark.parametrize("track", ["e2e", "attribution"])
def test_fixed_files_score_exactly_as_pinned(
    inputs: tuple[Path, Path], tmp_path: Path, track: str
) -> None:
    gold, pred = inputs
    out = tmp_path / "result.json"
    done = quotebench(
        "score", "--gold", gold, "--pred", pred, "--json", out, "--track", track, "--quiet"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    scored = {key: result[key] for key in ("metrics", "ci95", "slices", "per_doc")}
    digest = hashlib.sha256(json.dumps(scored, sort_keys=True).encode()).hexdigest()
    pinned = PINNED[track]
    assert result["metrics"] == pinned["metrics"]
    assert result["dataset"]["sha256"] == pinned["sha256"]
    assert digest == pinned["digest"]
