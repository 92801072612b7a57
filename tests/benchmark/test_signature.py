"""The signature line and the one compatibility check built on it."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from results_cases import docs, result

from benchmark import __version__
from benchmark.results import Signature

BASE = Signature(
    scorer_version="2",
    track="e2e",
    dataset="polnear",
    split="dev",
    sha256="d6a7accb" + "0" * 56,
    format_version="1.1",
    n_resamples=1000,
    seed=0,
    harness_version="0.2.0",
)


def test_the_line_says_how_the_number_was_made() -> None:
    assert str(BASE) == (
        "quotebench:2|track:e2e|data:polnear/dev@d6a7accb|fmt:1.1|match:dice≥0.5|bs:1000"
        "|seed:0|v:0.2.0"
    )


def test_results_carry_their_signature() -> None:
    res = result(docs(3), 1)
    assert res.signature == str(res.signed())
    assert res.signature.startswith("quotebench:2|track:e2e|data:core/test@")
    assert res.signature.endswith(f"|v:{__version__}")


def test_noise_settings_and_harness_version_do_not_matter() -> None:
    other = replace(BASE, n_resamples=200, seed=7, harness_version="9.9.9")
    assert BASE.incompatibility(other) is None


def test_each_comparable_field_is_named_when_it_differs() -> None:
    cases = {
        "scorer version": replace(BASE, scorer_version="1.0"),
        "track": replace(BASE, track="attribution"),
        "dataset": replace(BASE, split="train"),
        "format version": replace(BASE, format_version="1.0"),
        "matching rule": replace(BASE, matching="dice≥0.8"),
    }
    for name, other in cases.items():
        assert BASE.incompatibility(other).startswith(f"{name} differs")


def test_a_sha256_differing_after_the_shown_digits_is_other_data() -> None:
    other = replace(BASE, sha256=BASE.sha256[:8] + "f" * 56)
    assert str(other) == str(BASE)
    assert BASE.incompatibility(other).startswith("dataset differs")


fields = st.fixed_dictionaries(
    {
        "scorer_version": st.sampled_from(["1.0", "2"]),
        "track": st.sampled_from(["e2e", "attribution"]),
        "split": st.sampled_from(["dev", "test"]),
        "seed": st.integers(0, 3),
    }
)


@given(fields, fields)
def test_compatibility_is_symmetric_and_reflexive(a: dict, b: dict) -> None:
    sa, sb = replace(BASE, **a), replace(BASE, **b)
    assert sa.incompatibility(sa) is None
    assert (sa.incompatibility(sb) is None) == (sb.incompatibility(sa) is None)
    same = all(a[k] == b[k] for k in ("scorer_version", "track", "split"))
    assert (sa.incompatibility(sb) is None) == same
