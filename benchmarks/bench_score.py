"""The whole `quotebench score` path (read and validate both files, score, fingerprint the gold)
against streaming the same lines through `json.loads`: CPU time ratio (target <= 3) and peak RSS
over the input size (target <= 4).

    python benchmarks/bench_score.py [--copies 40] [--split dev] [--repeat 3] [--json OUT.json]
    python benchmarks/bench_score.py --dataset pdnc --copies 1   # long documents: novels

PolNeAR is read from $QUOTEBENCH_POLNEAR or ../shared/corpora/polnear. Predictions are the gold
perturbed with a fixed seed as an entity-level system would write them: most give a
`speaker_name` (the mention as written, its last word, recased, or a wrong name), some a speaker
span, some both or neither; quotes are dropped, trimmed or made up, so every matching and
speaker rule is exercised. Each measurement runs in a fresh process, so that its peak RSS is its
own; times are CPU seconds of that process after its imports, the best of --repeat runs. The
gold's fingerprint (sha256 of every article's canonical JSON, the result's dataset.sha256) is
part of the path and is also timed alone.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--split", default="dev")
    parser.add_argument(
        "--dataset",
        help="a fetched dataset or a folder of SPLIT.jsonl instead of the PolNeAR checkout",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "GOLD", "PRED"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        kind, gold, pred = args.child
        print(json.dumps(measure(kind, Path(gold), Path(pred))))
        return

    docs = dataset_split(args.dataset, args.split) if args.dataset else polnear_split(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp, "gold.jsonl"), Path(tmp, "pred.jsonl")
        n_docs, n_gold, n_named = write_inputs(docs, args.copies, gold_path, pred_path)
        runs: dict[str, list[dict[str, float]]] = {"parse": [], "score": [], "fingerprint": []}
        for _ in range(args.repeat):  # interleaved, so that a busy moment favours neither
            for kind, found in runs.items():
                found.append(child(kind, gold_path, pred_path))
        size = gold_path.stat().st_size + pred_path.stat().st_size
    best = {kind: {k: min(r[k] for r in found) for k in found[0]} for kind, found in runs.items()}
    parse, scored, fingerprint = best["parse"], best["score"], best["fingerprint"]
    mb = 2**20
    numbers = {
        "docs": n_docs,
        "gold_attributions": n_gold,
        "predictions_with_speaker_name": n_named,
        "input_mb": round(size / mb, 1),
        "json_loads_cpu_s": round(parse["cpu_s"], 3),
        "score_path_cpu_s": round(scored["cpu_s"], 3),
        "score_path_wall_s": round(scored["wall_s"], 3),
        "attributions_per_s": round(n_gold / scored["cpu_s"]),
        "ratio_time_to_json_loads": round(scored["cpu_s"] / parse["cpu_s"], 2),
        "of_which_fingerprint_cpu_s": round(fingerprint["cpu_s"], 3),
        "ratio_without_fingerprint": round(
            (scored["cpu_s"] - fingerprint["cpu_s"]) / parse["cpu_s"], 2
        ),
        "peak_rss_mb": round(scored["peak_rss"] / mb, 1),
        "rss_after_imports_mb": round(scored["base_rss"] / mb, 1),
        "json_loads_peak_rss_mb": round(parse["peak_rss"] / mb, 1),
        "ratio_peak_rss_to_input": round(scored["peak_rss"] / size, 2),
        "ratio_rss_growth_to_input": round((scored["peak_rss"] - scored["base_rss"]) / size, 2),
    }
    for key, value in numbers.items():
        print(f"{key:32} {value}")
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


def dataset_split(name: str, split: str) -> list[Any]:
    from benchmark.data.loading import load_documents

    return load_documents(name, split).docs


def polnear_split(split: str) -> list[Any]:
    from benchmark.data import polnear
    from benchmark.paths import polnear_root

    src = polnear_root()
    if not src.exists():
        sys.exit(f"PolNeAR not found at {src} (set QUOTEBENCH_POLNEAR)")
    root = polnear.data_dir(src)
    metadata = polnear.read_metadata(root, src).get(split, {})
    return polnear.read_split(root / split, metadata, quiet=True).documents


def write_inputs(docs: list[Any], copies: int, gold_path: Path, pred_path: Path) -> tuple[int, ...]:
    from benchmark.documents import canonical_json

    rng = random.Random(0)
    records = [doc.model_dump() for doc in docs]
    n_docs = n_gold = n_named = 0
    with (
        gold_path.open("w", encoding="utf-8") as gold,
        pred_path.open("w", encoding="utf-8") as pred,
    ):
        for k in range(copies):
            for doc, record in zip(docs, records, strict=True):
                doc_id = f"{doc.id}#{k}"
                gold.write(canonical_json({**record, "id": doc_id}) + "\n")
                attributions = list(perturb(doc, rng))
                pred.write(canonical_json({"id": doc_id, "attributions": attributions}) + "\n")
                n_docs += 1
                n_gold += len(doc.attributions)
                n_named += sum(a.get("speaker_name") is not None for a in attributions)
    return n_docs, n_gold, n_named


def perturb(doc: Any, rng: random.Random) -> Iterator[dict[str, Any]]:
    """An entity-level system's output: most quotes found, some trimmed, speakers mostly named."""
    mentions = [
        " ".join(doc.text[a:b] for a, b in att.speaker) for att in doc.attributions if att.speaker
    ]
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
        mention = " ".join(doc.text[a:b] for a, b in att.speaker) if att.speaker else None
        speaker, name = None, None
        roll = rng.random()
        if mention is not None and roll < 0.45:
            name = rng.choice([mention, mention.split()[-1], mention.upper(), f"the {mention}"])
        elif roll < 0.6 and mentions:
            name = rng.choice(mentions)  # another speaker of the article
        elif roll < 0.75:
            speaker = att.speaker
            if speaker is not None and rng.random() < 0.5:
                name = mention
        elif roll < 0.85:
            name = rng.choice(["he", "officials", "a spokesman", "Clinton", "Trump"])
        yield {"quote": quote, "speaker": speaker, "speaker_name": name}
    for _ in range(len(doc.attributions) // 20):
        start = rng.randrange(max(1, len(doc.text) - 200))
        yield {"quote": [[start, min(len(doc.text), start + rng.randrange(20, 200))]]}


def child(kind: str, gold: Path, pred: Path) -> dict[str, float]:
    """One measurement in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(gold), str(pred)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench child failed:\n{done.stderr}")
    return json.loads(done.stdout)


def measure(kind: str, gold: Path, pred: Path) -> dict[str, float]:
    """CPU and wall seconds of one run of `kind` after its imports (and, for the fingerprint
    alone, after reading the gold), and the peak RSS."""
    if kind == "fingerprint":  # the canonical JSON hashed for the result's dataset.sha256
        from benchmark.data.fingerprint import Fingerprint
        from benchmark.validation import read_documents

        docs = read_documents(gold)

        def run() -> None:
            seen = Fingerprint()
            for doc in docs:
                seen.add(doc)
    elif kind == "score":
        from benchmark.scoring.pipeline import score_files

        def run() -> None:
            score_files(gold, pred)
    else:

        def run() -> None:
            for path in (gold, pred):
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        json.loads(line)

    base = max_rss()
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"cpu_s": cpu, "wall_s": wall, "peak_rss": max_rss(), "base_rss": base}


def max_rss() -> int:
    """Peak resident set size of this process so far, in bytes. On Linux, VmHWM: getrusage's
    ru_maxrss would include the parent's peak, which a child inherits across fork and exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


if __name__ == "__main__":
    main()
