"""The registry: built-ins, installed entry points, `cmd:` programs, `file:` predictions, typos;
`run_system`'s checks; and `quotebench predict` / `quotebench systems` end to end."""

from __future__ import annotations

import importlib
import json

import pytest
from systems_cases import (
    BAD_PROGRAMS,
    ECHO_PROGRAM,
    TEXTS,
    cmd,
    gold_documents,
    install_spy,
    program,
    quotebench,
    write_gold,
)

from benchmark.documents import Article, PredictedAttribution, Prediction, canonical_json
from benchmark.errors import InputError, UsageError
from benchmark.systems import (
    BUILTINS,
    attribute_by_overlap,
    available_systems,
    gold_quotes_of,
    resolve_system,
    run_system,
)
from benchmark.systems.external import CommandSystem, FileSystem
from benchmark.systems.protocol import Attributor

# ------------------------------------------------------------------ built-ins and names


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_every_builtin_resolves_to_an_attributor_with_its_name(name):
    system = resolve_system(name)
    assert isinstance(system, Attributor)
    assert system.name == name and system.version


def test_available_systems_lists_builtins_and_patterns_with_descriptions():
    listed = dict(available_systems())
    assert set(BUILTINS) <= set(listed)
    assert "cmd:COMMAND" in listed and "file:PRED.jsonl" in listed
    assert all(description for description in listed.values())


def test_a_typo_gets_a_suggestion():
    with pytest.raises(UsageError, match=r"^unknown system 'sive'; did you mean 'sieve'\?$"):
        resolve_system("sive")


def test_an_unknown_name_without_a_close_match_points_to_the_list():
    with pytest.raises(UsageError, match="quotebench systems"):
        resolve_system("zzzzzzzz")


def test_builtins_are_imported_only_when_resolved():
    import sys

    sys.modules.pop("baselines.nearest_name", None)
    available_systems()
    assert "baselines.nearest_name" not in sys.modules
    resolve_system("nearest-name")
    assert "baselines.nearest_name" in sys.modules


# ------------------------------------------------------------------ entry points


@pytest.fixture
def spy_site(tmp_path, monkeypatch):
    site = install_spy(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("QB_SPY_LOG", str(tmp_path / "spy.jsonl"))
    importlib.invalidate_caches()
    yield site
    sys_modules = __import__("sys").modules
    sys_modules.pop("qb_spy", None)


def test_an_installed_entry_point_is_found_listed_and_run(spy_site):
    listed = dict(available_systems())
    assert listed["spy"] == "A spy attributor for tests (plugin qb-spy)"
    system = resolve_system("spy")
    predictions = run_system(system, gold_documents(), "e2e", quiet=True)
    assert [p.id for p in predictions] == ["g/0", "g/1", "g/2"]


def test_an_entry_point_never_shadows_a_builtin(tmp_path, monkeypatch):
    site = install_spy(tmp_path / "site", entry_name="sieve")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    assert type(resolve_system("sieve")).__name__ == "Sieve"
    assert [name for name, _ in available_systems()].count("sieve") == 1


def test_a_broken_entry_point_is_an_input_error(tmp_path, monkeypatch):
    site = install_spy(tmp_path / "site", entry_name="broken")
    (site / "qb_spy.py").write_text(
        "raise ImportError('missing dependency torch')\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    with pytest.raises(
        InputError, match="system 'broken' .* failed to load: ImportError: missing dependency torch"
    ):
        resolve_system("broken")


def test_an_entry_point_via_the_cli_in_a_fresh_process(spy_site, tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl")
    out = tmp_path / "pred.jsonl"
    result = quotebench(
        "predict", "spy", "--gold", gold, "--out", out, "--quiet", env={"PYTHONPATH": str(spy_site)}
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        "g/0",
        "g/1",
        "g/2",
    ]
    listing = quotebench("systems", env={"PYTHONPATH": str(spy_site)})
    assert "spy" in listing.stdout and "plugin qb-spy" in listing.stdout


# ------------------------------------------------------------------ cmd: programs


@pytest.fixture
def echo(tmp_path):
    script = program(tmp_path, "echo", ECHO_PROGRAM)
    return script, tmp_path / "requests.jsonl", tmp_path / "runs.txt"


def test_cmd_system_runs_per_batch_and_keeps_article_order(echo):
    script, log, runs = echo
    system = CommandSystem(cmd(script, log, runs)[4:], timeout=30, batch_size=2)
    predictions = run_system(system, gold_documents(), "e2e", quiet=True)
    assert [p.id for p in predictions] == ["g/0", "g/1", "g/2"]
    assert [len(p.attributions) for p in predictions] == [1, 1, 0]
    assert runs.read_text().count("run") == 2  # three articles, batches of two


def test_cmd_system_on_the_attribution_track_answers_every_quote(echo):
    script, log, runs = echo
    predictions = run_system(
        resolve_system(cmd(script, log, runs)), gold_documents(), "attribution", quiet=True
    )
    assert [[a.quote for a in p.attributions] for p in predictions] == [
        [[(0, 14)], [(28, 37), (57, 69)]],
        [[(12, 43)]],
        [],
    ]
    assert {a.speaker_name for p in predictions for a in p.attributions} == {"Echo"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("crash", r"exited with status 3; stderr: loading model \| ValueError: boom"),
        ("nonjson", r"stdout line 1: not JSON .*'hello, world'; exit status 0"),
        ("unknown", r"answered for unknown article 'nope'"),
        ("missing", r"gave no prediction for article 'g/1' \(2 missing\)"),
        ("badspan", r"attributions.0.quote.0: span \[0, 99999\) outside the text"),
    ],
)
def test_cmd_failures_are_input_errors(tmp_path, name, message):
    script = program(tmp_path, name, BAD_PROGRAMS[name])
    with pytest.raises(InputError, match=message):
        run_system(resolve_system(cmd(script)), gold_documents(), "e2e", quiet=True)


def test_cmd_that_answers_a_quote_it_was_not_given_fails(tmp_path):
    script = program(tmp_path, "wrongquote", BAD_PROGRAMS["wrongquote"])
    with pytest.raises(
        InputError, match=r"article 'g/0': answered a quote that was not given, \[\[0, 1\]\]"
    ):
        run_system(resolve_system(cmd(script)), gold_documents(), "attribution", quiet=True)


def test_cmd_hang_is_killed_after_the_timeout(tmp_path):
    script = program(tmp_path, "hang", BAD_PROGRAMS["hang"])
    with pytest.raises(
        InputError, match=r"timed out after 0.5 s \(--timeout\), killed; stderr: thinking"
    ):
        run_system(resolve_system(cmd(script), timeout=0.5), gold_documents(), "e2e", quiet=True)


def test_cmd_without_a_command_is_a_usage_error():
    with pytest.raises(UsageError):
        resolve_system("cmd:  ")


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("crash", [], "exited with status 3"),
        ("hang", ["--timeout", "0.5"], "timed out after 0.5 s"),
        ("nonjson", [], "not JSON"),
        ("unknown", [], "unknown article 'nope'"),
    ],
)
def test_cmd_failures_exit_2_in_the_cli_and_write_nothing(tmp_path, name, extra, message):
    script = program(tmp_path, name, BAD_PROGRAMS[name])
    gold = write_gold(tmp_path / "gold.jsonl")
    out = tmp_path / "pred.jsonl"
    result = quotebench("predict", cmd(script), "--gold", gold, "--out", out, "--quiet", *extra)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


# ------------------------------------------------------------------ file: predictions


def write_predictions(path, predictions):
    path.write_text("".join(canonical_json(p) + "\n" for p in predictions), encoding="utf-8")
    return path


def test_file_system_reads_predictions_and_missing_articles_predict_nothing(tmp_path, capsys):
    quote = PredictedAttribution(quote=[(0, 14)], speaker=[(15, 21)])
    path = write_predictions(tmp_path / "p.jsonl", [Prediction(id="g/0", attributions=[quote])])
    system = resolve_system(f"file:{path}")
    assert system.version.startswith("sha256:")
    predictions = run_system(system, gold_documents(), "e2e")
    assert [p.attributions for p in predictions] == [[quote], [], []]
    assert "no line for 2 of 3 articles" in capsys.readouterr().err


def test_file_system_on_the_attribution_track_keeps_speakers_of_identical_quotes(tmp_path):
    predicted = [
        PredictedAttribution(quote=[(0, 14)], speaker=[(15, 21)], speaker_name="Volkov"),
        PredictedAttribution(quote=[(28, 37)], speaker_name="a spokesman"),  # not the gold quote
    ]
    path = write_predictions(tmp_path / "p.jsonl", [Prediction(id="g/0", attributions=predicted)])
    first = run_system(resolve_system(f"file:{path}"), gold_documents(), "attribution", quiet=True)[
        0
    ]
    assert [(a.quote, a.speaker, a.speaker_name) for a in first.attributions] == [
        ([(0, 14)], [(15, 21)], "Volkov"),
        ([(28, 37), (57, 69)], None, None),
    ]


def test_file_system_errors_name_the_file_and_line(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        resolve_system(f"file:{tmp_path / 'absent.jsonl'}")
    path = write_predictions(tmp_path / "p.jsonl", [Prediction(id="g/0"), Prediction(id="other")])
    with pytest.raises(
        InputError, match=r"p.jsonl:2: id: article id 'other' is not in the gold data"
    ):
        run_system(FileSystem(path), gold_documents(), "e2e", quiet=True)


# ------------------------------------------------------------------ run_system's checks


class Faulty:
    """Returns whatever it is told to, to exercise the harness's checks."""

    name = "faulty"
    version = "0"

    def __init__(self, predictions=None, answers=None):
        self.predictions, self.answers = predictions, answers

    def predict(self, articles):
        return self.predictions(articles)

    def attribute(self, article, quotes):
        return self.answers(article, quotes)


@pytest.mark.parametrize(
    ("predict", "message"),
    [
        (lambda arts: [], "returned 0 predictions for 3 articles"),
        (
            lambda arts: [Prediction(id="x") for _ in arts],
            "prediction for 'x' where 'g/0' was expected",
        ),
        (
            lambda arts: [
                Prediction(id=a.id, attributions=[PredictedAttribution(quote=[(5, 2)])])
                for a in arts
            ],
            "empty or reversed",
        ),
    ],
)
def test_run_system_checks_what_a_system_returns(predict, message):
    with pytest.raises(InputError, match=message):
        run_system(Faulty(predictions=predict), gold_documents(), "e2e", quiet=True)


def test_run_system_checks_one_answer_per_given_quote():
    with pytest.raises(InputError, match="not the given quotes in order"):
        run_system(Faulty(answers=lambda a, q: []), gold_documents(), "attribution", quiet=True)


def test_run_system_refuses_unknown_tracks_and_gold_quote_systems_on_e2e():
    with pytest.raises(UsageError, match="unknown track"):
        run_system(resolve_system("sieve"), gold_documents(), "both", quiet=True)
    with pytest.raises(UsageError, match="needs the gold quotes"):
        run_system(resolve_system("gold-quotes+sieve"), gold_documents(), "e2e", quiet=True)


def test_run_system_takes_explicit_gold_quotes_with_articles():
    docs = gold_documents()
    articles = [Article.of(d) for d in docs]
    quotes = [gold_quotes_of(d) for d in docs]
    predictions = run_system(resolve_system("sieve"), articles, "attribution", quotes, quiet=True)
    assert [len(p.attributions) for p in predictions] == [2, 1, 0]
    with pytest.raises(UsageError, match="needs the gold quotes"):
        run_system(resolve_system("sieve"), articles, "attribution", quiet=True)


def test_attribute_by_overlap_takes_the_best_overlapping_speaker():
    text = TEXTS[0]
    prediction = Prediction(
        id="g/0",
        attributions=[
            PredictedAttribution(quote=[(0, 14)], speaker=[(15, 21)], speaker_name="Volkov"),
            PredictedAttribution(quote=[(28, 69)], speaker_name="a spokesman"),
        ],
    )
    answers = attribute_by_overlap(prediction, text, [[(1, 12)], [(57, 69)], [(22, 26)]])
    assert [a.speaker_name for a in answers] == ["Volkov", "a spokesman", None]


# ------------------------------------------------------------------ the predict and systems commands


def test_predict_cli_writes_one_line_per_article(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl")
    out = tmp_path / "out" / "pred.jsonl"
    result = quotebench("predict", "sieve", "--gold", gold, "--out", out)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["g/0", "g/1", "g/2"]
    assert "sieve:" in result.stderr


def test_predict_cli_gold_quotes_track(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl")
    out = tmp_path / "pred.jsonl"
    result = quotebench(
        "predict", "gold-quotes+sieve", "--gold", gold, "--out", out, "--gold-quotes", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    quotes = [
        [a["quote"] for a in json.loads(line)["attributions"]]
        for line in out.read_text().splitlines()
    ]
    assert quotes == [[[[0, 14]], [[28, 37], [57, 69]]], [[[12, 43]]], []]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sive"], "unknown system 'sive'; did you mean 'sieve'?"),
        (["gold-quotes+sieve"], "needs the gold quotes"),
        (["sieve", "--train", "GOLD"], "is not trainable; drop --train"),
        (["sieve", "--timeout", "0"], "--timeout must be positive"),
    ],
)
def test_predict_cli_usage_errors_exit_2(tmp_path, args, message):
    gold = write_gold(tmp_path / "gold.jsonl")
    out = tmp_path / "pred.jsonl"
    args = [str(gold) if a == "GOLD" else a for a in args]
    result = quotebench("predict", *args, "--gold", gold, "--out", out, "--quiet")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not out.exists()


def test_systems_cli_lists_every_builtin():
    result = quotebench("systems")
    assert result.returncode == 0, result.stderr
    for name in [*BUILTINS, "cmd:COMMAND", "file:PRED.jsonl"]:
        assert name in result.stdout


TRAINABLE_MODULE = """
import json, os
from benchmark.documents import Prediction


class Learner:
    name, version = "learner", "0"

    def fit(self, train_docs, *, quiet=False):
        with open(os.environ["QB_FIT_LOG"], "a") as handle:
            handle.write(json.dumps([d.id for d in train_docs]) + "\\n")

    def default_training_data(self):
        return []

    def predict(self, articles):
        return [Prediction(id=a.id) for a in articles]

    def attribute(self, article, quotes):
        return []
"""


def test_predict_cli_fits_a_trainable_system_on_train_or_its_own_data(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "qb_learner.py").write_text(TRAINABLE_MODULE, encoding="utf-8")
    info = site / "qb_learner-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: qb-learner\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[quotebench.attributors]\nlearner = qb_learner:Learner\n"
    )
    gold = write_gold(tmp_path / "gold.jsonl")
    log = tmp_path / "fit.jsonl"
    env = {"PYTHONPATH": str(site), "QB_FIT_LOG": str(log)}
    for extra in (["--train", str(gold)], []):
        result = quotebench(
            "predict",
            "learner",
            "--gold",
            gold,
            "--out",
            tmp_path / "p.jsonl",
            "--quiet",
            *extra,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in log.read_text().splitlines()] == [
        ["g/0", "g/1", "g/2"],
        [],
    ]
