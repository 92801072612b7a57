"""Real score results on small hand-made articles, for tests of results, gates and boards."""

from __future__ import annotations

from scoring_cases import as_predicted, document, gold, pred

from benchmark.data.fingerprint import dataset_info
from benchmark.documents import Document, Prediction
from benchmark.results import ScoreResult
from benchmark.scoring import score

TEXT = "“We will win,” Putin said. “No comment,” a spokesman said. He said it was over."


def docs(n: int = 12, name: str = "core", split: str = "test") -> list[Document]:
    return [
        document(
            TEXT,
            [
                gold(TEXT, "“We will win,”", "Putin"),
                gold(TEXT, "“No comment,”", "a spokesman"),
                gold(TEXT, "it was over", "He", type="indirect"),
            ],
            id=f"{name}/{split}/{i:02}",
        )
        for i in range(n)
    ]


def result(
    gold_docs: list[Document], good: int, track: str = "e2e", system: str | None = None
) -> ScoreResult:
    """The result of a system that gets the speaker right on the first `good` articles."""
    predictions = {}
    for i, doc in enumerate(gold_docs):
        atts = [as_predicted(a) for a in doc.attributions]
        if i >= good:
            atts[0] = pred(TEXT, "“We will win,”", "a spokesman")
        predictions[doc.id] = Prediction(id=doc.id, attributions=atts)
    report = score(gold_docs, predictions, track=track)
    name, split = gold_docs[0].id.split("/")[:2]
    info = dataset_info(gold_docs, name, split)
    return report.to_result(info, {"name": system or f"good{good}", "version": "1"})


def as_json(result: ScoreResult) -> dict:
    return result.model_dump(mode="json")
