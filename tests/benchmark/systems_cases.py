"""Shared fixtures for the systems tests: a gold file full of things systems must never see, a
spy attributor (importable module + dist-info, so it is also an installed entry point), and
small `cmd:` programs, good and bad."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from cli import quotebench  # noqa: F401 - re-exported for the systems tests

from benchmark.documents import Attribution, Document, Speaker, canonical_json

ROOT = Path(__file__).resolve().parents[2]
SPY_LOG = "QB_SPY_LOG"

TEXTS = [
    "“We will win,” Volkov said. The talks, a spokesman said, would resume.",
    "Brandt said the budget was “not negotiable”.",
    "Nothing was said here.",
]


def gold_documents() -> list[Document]:
    """Gold with every kind of annotation a system must not see: speakers, ids, cues, types."""
    first, second, third = TEXTS
    return [
        Document(
            id="g/0",
            text=first,
            meta={"publisher": "Meridian Wire"},
            speakers=[Speaker(id="volkov", name="Arkady Volkov", aliases=["Volkov"])],
            attributions=[
                Attribution(
                    id="A1",
                    quote=[(0, 14)],
                    speaker=[(15, 21)],
                    speaker_id="volkov",
                    cue=[(22, 26)],
                    type="direct",
                ),
                Attribution(
                    id="A2",
                    quote=[(28, 37), (57, 69)],
                    speaker=[(39, 50)],
                    cue=[(51, 55)],
                    type="indirect",
                ),
            ],
        ),
        Document(
            id="g/1",
            text=second,
            attributions=[
                Attribution(
                    id="A1", quote=[(12, 43)], speaker=[(0, 6)], cue=[(7, 11)], type="mixed"
                )
            ],
        ),
        Document(id="g/2", text=third),
    ]


def write_gold(path: Path) -> Path:
    path.write_text("".join(canonical_json(d) + "\n" for d in gold_documents()), encoding="utf-8")
    return path


SPY_MODULE = '''
"""A spy attributor: records exactly what the harness hands it, answers minimally."""
import json, os


def _log(record):
    with open(os.environ["QB_SPY_LOG"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\\n")


class Spy:
    name = "spy"
    version = "0.1"

    def predict(self, articles):
        from benchmark.documents import PredictedAttribution, Prediction
        out = []
        for article in articles:
            _log({"call": "predict", "type": type(article).__name__, "fields": sorted(type(article).model_fields),
                  "data": article.model_dump()})
            out.append(Prediction(id=article.id, attributions=[PredictedAttribution(quote=[(0, 1)])]))
        return out

    def attribute(self, article, quotes):
        from benchmark.documents import PredictedAttribution
        _log({"call": "attribute", "type": type(article).__name__, "fields": sorted(type(article).model_fields),
              "data": article.model_dump(), "quotes": [[list(span) for span in quote] for quote in quotes],
              "quote_types": sorted({type(span).__name__ for quote in quotes for span in quote})})
        return [PredictedAttribution(quote=list(quote), speaker_name="Somebody") for quote in quotes]
'''


def install_spy(
    site: Path, entry_name: str = "spy", summary: str = "A spy attributor for tests"
) -> Path:
    """Write the spy as module `qb_spy` plus a dist-info declaring it in `quotebench.attributors`."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "qb_spy.py").write_text(SPY_MODULE, encoding="utf-8")
    info = site / "qb_spy-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: qb-spy\nVersion: 0.1\nSummary: {summary}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[quotebench.attributors]\n{entry_name} = qb_spy:Spy\n", encoding="utf-8"
    )
    return site


def spy_records(log: Path) -> list[dict]:
    return (
        [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        if log.exists()
        else []
    )


# A cmd: system: logs each request line it receives and each run, answers every article.
ECHO_PROGRAM = """
import json, re, sys
log, runs = sys.argv[1], sys.argv[2]
with open(runs, "a") as handle:
    handle.write("run\\n")
for line in sys.stdin:
    request = json.loads(line)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(request) + "\\n")
    if "quotes" in request:
        attributions = [{"quote": quote, "speaker": None, "speaker_name": "Echo"} for quote in request["quotes"]]
    else:
        attributions = [{"quote": [[m.start(), m.end()]], "speaker_name": "Echo"}
                        for m in re.finditer("“[^”]*”", request["text"])]
    print(json.dumps({"id": request["id"], "attributions": attributions}))
"""

BAD_PROGRAMS = {
    "crash": "import sys\nsys.stdin.read()\nprint('loading model', file=sys.stderr)\nprint('ValueError: boom', file=sys.stderr)\nsys.exit(3)\n",
    "hang": "import sys, time\nsys.stdin.read()\nprint('thinking', file=sys.stderr, flush=True)\ntime.sleep(60)\n",
    "nonjson": "import sys\nsys.stdin.read()\nprint('hello, world')\n",
    "unknown": "import json, sys\nsys.stdin.read()\nprint(json.dumps({'id': 'nope', 'attributions': []}))\n",
    "missing": "import json, sys\nlines = sys.stdin.read().splitlines()\nprint(json.dumps({'id': json.loads(lines[0])['id'], 'attributions': []}))\n",
    "badspan": "import json, sys\nfor line in sys.stdin:\n    print(json.dumps({'id': json.loads(line)['id'], 'attributions': [{'quote': [[0, 99999]]}]}))\n",
    "wrongquote": "import json, sys\nfor line in sys.stdin:\n    print(json.dumps({'id': json.loads(line)['id'], 'attributions': [{'quote': [[0, 1]]}]}))\n",
}


def program(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def cmd(script: Path, *args: str | Path) -> str:
    return "cmd:" + " ".join([sys.executable, str(script), *map(str, args)])
