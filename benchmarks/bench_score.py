"""Scorer throughput on 100 copies of PolNeAR dev: attributions/s, peak memory, and the ratio of
scoring time (what `quotebench score` does: read and validate both files, then `score`) to
parsing the same JSONL with `json.loads` (target <= 3). `score` alone is timed as well.

    python benchmarks/bench_score.py [--copies 100] [--repeat 3] [--json OUT.json]

PolNeAR is read from $QUOTEBENCH_POLNEAR or ../shared/corpora/polnear. Predictions are the gold
perturbed with a fixed seed (dropped and extra quotes, moved boundaries, speakers given as
spans, as names, wrong or missing), so every matching and speaker rule is exercised.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmark.data import polnear
from benchmark.documents import Document, canonical_json
from benchmark.paths import polnear_root
from benchmark.scoring import score
from benchmark.scoring.pipeline import gc_paused, score_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument(
        "--repeat", type=int, default=3, help="timings are the best of this many runs"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    dev = polnear_dev()
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp, "gold.jsonl"), Path(tmp, "pred.jsonl")
        n_docs, n_gold = write_inputs(dev, args.copies, gold_path, pred_path)
        times = [  # interleaved, so that a busy moment does not favour one of the two
            {
                "parse_s": timed(lambda: parse_only(gold_path, pred_path)),
                **pipeline(gold_path, pred_path),
            }
            for _ in range(args.repeat)
        ]
        parse_s, score_s, total_s = (
            min(t[k] for t in times) for k in ("parse_s", "score_s", "total_s")
        )
        tracemalloc.start()
        pipeline(gold_path, pred_path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sizes = gold_path.stat().st_size + pred_path.stat().st_size
    numbers = {
        "docs": n_docs,
        "gold_attributions": n_gold,
        "input_mb": round(sizes / 2**20, 1),
        "json_parse_s": round(parse_s, 3),
        "total_s": round(total_s, 3),
        "score_only_s": round(score_s, 3),
        "attributions_per_s": round(n_gold / total_s),
        "attributions_per_s_score_only": round(n_gold / score_s),
        "ratio_total_to_parse": round(total_s / parse_s, 2),
        "ratio_score_only_to_parse": round(score_s / parse_s, 2),
        "peak_traced_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for key, value in numbers.items():
        print(f"{key:32} {value}")
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


def polnear_dev() -> list[Document]:
    src = polnear_root()
    if not src.exists():
        sys.exit(f"PolNeAR not found at {src} (set QUOTEBENCH_POLNEAR)")
    root = polnear.data_dir(src)
    metadata = polnear.read_metadata(root, src).get("dev", {})
    return polnear.read_split(root / "dev", metadata, quiet=True).documents


def write_inputs(
    dev: list[Document], copies: int, gold_path: Path, pred_path: Path
) -> tuple[int, int]:
    rng = random.Random(0)
    records = [doc.model_dump() for doc in dev]
    n_docs = n_gold = 0
    with (
        gold_path.open("w", encoding="utf-8") as gold,
        pred_path.open("w", encoding="utf-8") as pred,
    ):
        for k in range(copies):
            for doc, record in zip(dev, records, strict=True):
                doc_id = f"{doc.id}#{k}"
                gold.write(canonical_json({**record, "id": doc_id}) + "\n")
                prediction = {"id": doc_id, "attributions": list(perturb(doc, rng))}
                pred.write(canonical_json(prediction) + "\n")
                n_docs += 1
                n_gold += len(doc.attributions)
    return n_docs, n_gold


def perturb(doc: Document, rng: random.Random) -> Iterator[dict[str, Any]]:
    """A plausible system output: most quotes found, some trimmed, speakers of every kind."""
    speakers = [a.speaker for a in doc.attributions if a.speaker]
    for att in doc.attributions:
        roll = rng.random()
        if roll < 0.1:
            continue
        quote = [list(f) for f in att.quote]
        if roll < 0.4:
            start, end = quote[0]
            space = doc.text.find(" ", start, end)
            if space > start:
                quote[0] = [space + 1, end]
        speaker: Any = att.speaker
        name = None
        roll = rng.random()
        if roll < 0.2 and att.speaker:
            speaker, name = None, " ".join(doc.text[a:b] for a, b in att.speaker)
        elif roll < 0.35 and speakers:
            speaker = rng.choice(speakers)
        elif roll < 0.5:
            speaker = None
        yield {"quote": quote, "speaker": speaker, "speaker_name": name}
    for _ in range(len(doc.attributions) // 20):
        start = rng.randrange(max(1, len(doc.text) - 200))
        yield {"quote": [[start, min(len(doc.text), start + rng.randrange(20, 200))]]}


def parse_only(gold_path: Path, pred_path: Path) -> None:
    for path in (gold_path, pred_path):
        for line in path.read_text(encoding="utf-8").splitlines():
            json.loads(line)


def pipeline(gold_path: Path, pred_path: Path) -> dict[str, float]:
    """Time `quotebench score`'s path (read, validate, score), then `score` alone on the result."""
    start = time.perf_counter()
    scored = score_files(gold_path, pred_path)
    total_s = time.perf_counter() - start
    with gc_paused():
        start = time.perf_counter()
        score(scored.docs, scored.predictions)
        score_s = time.perf_counter() - start
    return {"total_s": total_s, "score_s": score_s}


def timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
