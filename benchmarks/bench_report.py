"""Report and leaderboard pages in headless Chromium: page size, load time, and the time to
render an article after a click (the article browser's response), on PolNeAR dev with the
sieve and nearest-name baselines; optionally the screenshots kept in docs/ (of pages on the bundled core data).

    python benchmarks/bench_report.py [--repeat 5] [--screenshots docs] [--json OUT.json]

PolNeAR is read from $QUOTEBENCH_POLNEAR or ../shared/corpora/polnear; without it the bundled
core test set is used (and said so). Needs Debian's `chromium`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from cdp import Browser  # noqa: E402

from benchmark.documents import canonical_json  # noqa: E402
from benchmark.jsonl import write_jsonl  # noqa: E402
from benchmark.paths import polnear_root  # noqa: E402

CLICK = (
    "(function () { var rows = document.querySelectorAll('#article-table tbody tr'), out = [];"
    " for (var i = 0; i < rows.length; i++) { var t = performance.now(); rows[i].click(); document.getElementById('article').offsetHeight;"
    " out.push(performance.now() - t); } return out; })()"
)
FILTER = (
    "(function () { var f = document.getElementById('filter'), t = performance.now();"
    " f.value = 'missed'; f.dispatchEvent(new Event('change')); var d = performance.now() - t;"
    " f.value = ''; f.dispatchEvent(new Event('change')); return d; })()"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshots", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gold, dataset = _gold(work)
        pages = _pages(work, gold)
        browser = Browser.start(width=1400, height=1000)
        if browser is None:
            sys.exit("chromium is not installed (apt-get install chromium)")
        try:
            results = {"dataset": dataset, "pages": {}}
            for name, page in pages.items():
                loads = [browser.open(page) for _ in range(args.repeat)]
                row = {"bytes": page.stat().st_size, "load_s_median": statistics.median(loads)}
                row["dom_load_ms"] = browser.eval(
                    "performance.timing.loadEventEnd - performance.timing.navigationStart"
                )
                if name == "report":
                    clicks = browser.eval(CLICK)
                    row["article_render_ms_median"] = statistics.median(clicks)
                    row["article_render_ms_max"] = max(clicks)
                    row["filter_ms"] = browser.eval(FILTER)
                row["errors"] = browser.errors()
                results["pages"][name] = row
            if args.screenshots is not None:
                # the bundled core data only: no text of an external corpus goes into docs/
                core = work / "core"
                core.mkdir()
                for name, page in _pages(core, ROOT / "data" / "core" / "test.jsonl").items():
                    _screenshot(browser, page, name, args.screenshots)
        finally:
            browser.close()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json is not None:
        args.json.write_text(text + "\n")


def _gold(work: Path) -> tuple[Path, str]:
    src = polnear_root()
    if not src.is_dir():
        print(f"PolNeAR not found at {src}: using core test", file=sys.stderr)
        return ROOT / "data" / "core" / "test.jsonl", "core/test"
    from benchmark.data import polnear

    root = polnear.data_dir(src)
    metadata = polnear.read_metadata(root, src).get("dev", {})
    docs = polnear.read_split(root / "dev", metadata, quiet=True).documents
    path = work / "dev.jsonl"
    write_jsonl(path, (canonical_json(d) for d in docs))
    return path, "polnear/dev"


def _pages(work: Path, gold: Path) -> dict[str, Path]:
    preds = []
    for system in ("sieve", "nearest-name"):
        preds.append(work / f"{system}.jsonl")
        _quotebench("predict", system, "--gold", gold, "--out", preds[-1], "--quiet")
    pages = {name: work / f"{name}.html" for name in ("report", "board", "suite")}
    _quotebench(
        "report",
        "--gold",
        gold,
        "--pred",
        *preds[:1],
        "--pred",
        preds[1],
        "--out",
        pages["report"],
        "--quiet",
    )
    board = ROOT / "leaderboard" / "polnear-dev.json"
    _quotebench("leaderboard", "render", board, "--format", "html", "--out", pages["board"])
    _quotebench(
        "leaderboard", "suite", ROOT / "leaderboard", "--format", "html", "--out", pages["suite"]
    )
    return pages


def _screenshot(browser: Browser, page: Path, name: str, folder: Path) -> None:
    browser.open(page)
    if name == "report":
        browser.click("#article-table tbody tr:nth-child(3)")
        browser.click("#article .seg.gq-wrong_speaker, #article .seg.gq")
        browser.screenshot(folder / f"{name}.png", "h2#articles")
    else:
        browser.screenshot(folder / f"{name}.png")


def _quotebench(*args: object) -> None:
    subprocess.run([sys.executable, "-m", "benchmark", *map(str, args)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
