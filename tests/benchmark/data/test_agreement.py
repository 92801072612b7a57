from __future__ import annotations

from pathlib import Path

from benchmark.data.agreement import METRICS, agreement, ceiling_section, layers
from benchmark.data.polnear import read_polnear


def test_layers_put_the_primary_first(checkout: Path) -> None:
    (dev,) = [s for s in read_polnear(checkout) if s.name == "dev"]
    bridge = dev.documents[0]
    assert [(name, len(atts)) for name, atts in layers(bridge)] == [("aaaa", 3), ("bbbb", 2)]


def test_pairwise_agreement_on_the_fixture(checkout: Path) -> None:
    """aaaa has E1-E3, bbbb E1-E2: both orders pooled, 4 of 5 quotes each way agree."""
    (dev,) = [s for s in read_polnear(checkout) if s.name == "dev"]
    result = agreement("dev", dev.documents)
    assert (result.name, result.articles, result.pairs) == ("dev", 1, 2)
    assert result.metrics["quote_exact_f1"] == result.metrics["e2e_f1"] == 0.8
    assert result.metrics["speaker_acc"] == 1.0
    assert set(result.metrics) == set(METRICS)


def test_identical_annotators_agree_fully(checkout: Path) -> None:
    (dev,) = [s for s in read_polnear(checkout) if s.name == "dev"]
    doc = dev.documents[0]
    same = doc.model_copy(
        update={
            "alternatives": [
                doc.alternatives[0].model_copy(update={"attributions": doc.attributions})
            ]
        }
    )
    assert all(v == 1.0 for v in agreement("dev", [same]).metrics.values())


def test_no_multiply_annotated_articles(checkout: Path) -> None:
    (train,) = [s for s in read_polnear(checkout) if s.name == "train"]
    result = agreement("train", train.documents)
    assert (result.articles, result.pairs, result.metrics) == (0, 0, {})
    assert "| train | 0 | 0 | - | - | - | - |" in ceiling_section([result])
