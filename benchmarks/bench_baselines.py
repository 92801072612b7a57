"""Speed and memory of every built-in baseline on PolNeAR dev, `learned`'s fit time on PolNeAR
train (and on PDNC train when that dataset is imported), and the targets for them; exits 1 when
a target is missed.

    python benchmarks/bench_baselines.py [--systems sieve,learned] [--repeat 3] [--json OUT.json]
        [--pdnc DATASET]

Each system runs in a fresh process on one thread (OMP/BLAS limited to 1), so its peak memory
(ru_maxrss: data, models and all) is its own and nothing runs in parallel. Articles/s is the
best of --repeat passes over PolNeAR dev through the harness (`run_system`), after the system is
fitted and warmed up, per second of the process's CPU time: one core's throughput, which other
work on a shared machine does not distort (the wall-clock rate is shown beside it). `learned` is
fitted on PolNeAR train with an empty model cache, so the fit (CPU time) is really timed; with
--pdnc DIR (a directory holding PDNC's train.jsonl, or a registered dataset name) it is also
fitted on PDNC train, in a process of its own.
Reference systems that need the gold quotes run on the attribution track.
Targets: sieve >= 200 articles/s, learned >= 50 articles/s, learned fit <= 300 s on PolNeAR
train and <= 600 s on PDNC train, peak memory <= 2 GiB for every system; on PolNeAR dev learned's
e2e F1 >= 0.68 and quote lenient F1 >= 0.76, sieve above nearest-name and learned above sieve
(e2e F1).

PolNeAR is read from $QUOTEBENCH_POLNEAR or ../shared/corpora/polnear; without it the benchmark
says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MIN_ARTICLES_PER_S = {"sieve": 200.0, "learned": 50.0}
MAX_FIT_S = {"learned": 300.0}
MAX_PDNC_FIT_S = 600.0
MAX_PEAK_MB = 2048.0
MIN_E2E_F1 = {"learned": 0.68}
MIN_LENIENT_F1 = {"learned": 0.76}
ABOVE = (("sieve", "nearest-name"), ("learned", "sieve"))
"""(better, worse): e2e F1 on PolNeAR dev."""
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", help="comma-separated built-in names (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="prediction speed: best of this many passes"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--pdnc", help="also time learned's fit on this dataset's train split")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-fit", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return
    if args.child_fit:
        print(json.dumps(measure_fit(args.child_fit)))
        return

    from benchmark.paths import polnear_root
    from benchmark.systems import BUILTINS

    if not polnear_root().is_dir():
        print(f"skipped: PolNeAR not found at {polnear_root()} (set QUOTEBENCH_POLNEAR)")
        return
    names = args.systems.split(",") if args.systems else list(BUILTINS)
    unknown = [n for n in names if n not in BUILTINS]
    if unknown:
        sys.exit(f"unknown built-in system(s): {', '.join(unknown)}; known: {', '.join(BUILTINS)}")
    rows = [run_child(name, args.repeat) for name in names]
    if args.pdnc and "learned" in names:
        fitted = run_child_fit(args.pdnc)
        learned = next(row for row in rows if row["system"] == "learned")
        learned["pdnc_fit_s"] = fitted["fit_s"]
        learned["peak_mb"] = max(learned["peak_mb"], fitted["peak_mb"])
    failures = check(rows)
    print_table(rows)
    for failure in failures:
        print(f"MISSED: {failure}")
    if args.json:
        args.json.write_text(
            json.dumps({"systems": rows, "missed": failures}, indent=2) + "\n", encoding="utf-8"
        )
    sys.exit(1 if failures else 0)


def run_child(name: str, repeat: int) -> dict[str, Any]:
    """Measure one system in a fresh single-threaded process with an empty model cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, **ONE_THREAD, "QUOTEBENCH_CACHE_DIR": cache}
        command = [sys.executable, __file__, "--child", name, "--repeat", str(repeat)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{name}: benchmark process failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child_fit(dataset: str) -> dict[str, Any]:
    """learned's fit on DATASET's train split, in its own process with an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, **ONE_THREAD, "QUOTEBENCH_CACHE_DIR": cache}
        command = [sys.executable, __file__, "--child-fit", dataset]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"fit on {dataset}: benchmark process failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_fit(dataset: str) -> dict[str, Any]:
    from benchmark.data.loading import load_documents
    from benchmark.systems import resolve_system

    train = load_documents(dataset, "train").docs
    start = time.process_time()
    resolve_system("learned").fit(train, quiet=True)
    return {
        "fit_s": round(time.process_time() - start, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure(name: str, repeat: int) -> dict[str, Any]:
    from benchmark.scoring import score
    from benchmark.systems import gold_quotes_of, needs_gold_quotes, resolve_system, run_system
    from benchmark.systems.protocol import Trainable

    dev = read_split("dev")
    system = resolve_system(name)
    fit_s = None
    if isinstance(system, Trainable):
        train = read_split("train")
        start = time.process_time()
        system.fit(train, quiet=True)
        fit_s = time.process_time() - start
    track = "attribution" if needs_gold_quotes(system) else "e2e"
    quotes = [gold_quotes_of(doc) for doc in dev] if track == "attribution" else None
    run_system(system, dev[:2], track, quotes[:2] if quotes else None, quiet=True)  # warm-up
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        predictions = run_system(system, dev, track, quotes, quiet=True)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    metrics = score(dev, {p.id: p for p in predictions}, track=track, n_resamples=1).metrics
    return {
        "system": name,
        "track": track,
        "articles": len(dev),
        "articles_per_s": round(len(dev) / best_cpu, 1),
        "articles_per_wall_s": round(len(dev) / best_wall, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "fit_s": None if fit_s is None else round(fit_s, 1),
        "e2e_f1": round(metrics["e2e_f1"], 4),
        "quote_lenient_f1": round(metrics["quote_lenient_f1"], 4),
    }


def read_split(split: str) -> list[Any]:
    from benchmark.data import polnear
    from benchmark.paths import polnear_root

    src = polnear_root()
    root = polnear.data_dir(src)
    metadata = polnear.read_metadata(root, src).get(split, {})
    return polnear.read_split(root / split, metadata, quiet=True).documents


def check(rows: list[dict[str, Any]]) -> list[str]:
    """The targets the measured rows miss, in words."""
    missed = []
    by_name = {row["system"]: row for row in rows}
    for row in rows:
        name = row["system"]
        if name in MIN_ARTICLES_PER_S and row["articles_per_s"] < MIN_ARTICLES_PER_S[name]:
            missed.append(
                f"{name}: {row['articles_per_s']} articles/s < {MIN_ARTICLES_PER_S[name]:g}"
            )
        if name in MAX_FIT_S and row["fit_s"] is not None and row["fit_s"] > MAX_FIT_S[name]:
            missed.append(f"{name}: fit {row['fit_s']} s > {MAX_FIT_S[name]:g} s")
        if row["peak_mb"] > MAX_PEAK_MB:
            missed.append(f"{name}: peak memory {row['peak_mb']} MB > {MAX_PEAK_MB:g} MB")
        if name in MIN_E2E_F1 and row["e2e_f1"] < MIN_E2E_F1[name]:
            missed.append(f"{name}: e2e F1 {row['e2e_f1']} on PolNeAR dev < {MIN_E2E_F1[name]}")
        if name in MIN_LENIENT_F1 and row["quote_lenient_f1"] < MIN_LENIENT_F1[name]:
            missed.append(
                f"{name}: quote lenient F1 {row['quote_lenient_f1']} on PolNeAR dev"
                f" < {MIN_LENIENT_F1[name]}"
            )
        pdnc = row.get("pdnc_fit_s")
        if pdnc is not None and pdnc > MAX_PDNC_FIT_S:
            missed.append(f"{name}: fit on PDNC train {pdnc} s > {MAX_PDNC_FIT_S:g} s")
    for better, worse in ABOVE:
        if (
            better in by_name
            and worse in by_name
            and by_name[better]["e2e_f1"] <= by_name[worse]["e2e_f1"]
        ):
            missed.append(
                f"{better} e2e F1 {by_name[better]['e2e_f1']} is not above {worse}'s {by_name[worse]['e2e_f1']}"
            )
    return missed


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        "system",
        "track",
        "articles/s",
        "(wall)",
        "peak MB",
        "fit s",
        "PDNC fit s",
        "e2e F1",
        "lenient F1",
    )
    keys = (
        "system",
        "track",
        "articles_per_s",
        "articles_per_wall_s",
        "peak_mb",
        "fit_s",
        "pdnc_fit_s",
        "e2e_f1",
        "quote_lenient_f1",
    )
    cells = [header] + [
        tuple("-" if row.get(k) is None else str(row[k]) for k in keys) for row in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    for line in cells:
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
