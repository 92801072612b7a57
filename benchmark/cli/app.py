"""The `quotebench` entry point: wires subcommand modules and maps errors to exit codes.

Subcommand modules import heavy libraries (datasets, scikit-learn, numpy) inside their
functions, so `quotebench --help` stays fast.
"""

from __future__ import annotations

import signal
import sys

import typer

from benchmark.cli import (
    check,
    compare,
    data,
    datasets,
    diff,
    errors,
    fit,
    leaderboard,
    predict,
    report,
    run,
    score,
    systems,
)
from benchmark.errors import ExitCode, QuotebenchError

app = typer.Typer(
    name="quotebench",
    help="Quote and speech attribution benchmark: data, systems, scoring, leaderboards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(data.app, name="data")
app.add_typer(leaderboard.app, name="leaderboard")
app.command("run")(run.run)
app.command("score")(score.score)
app.command("compare")(compare.compare)
app.command("check")(check.check)
app.command("predict")(predict.predict)
app.command("systems")(systems.systems)
app.command("fit")(fit.fit)
app.command("datasets")(datasets.datasets)
app.command("errors")(errors.errors)
app.command("diff")(diff.diff)
app.command("report")(report.report)


def main() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    try:
        app()
    except QuotebenchError as exc:
        print(f"quotebench: {exc}", file=sys.stderr)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        print("quotebench: interrupted", file=sys.stderr)
        sys.exit(130)
    except Terminated as exc:
        print(f"quotebench: terminated ({signal.Signals(exc.signum).name})", file=sys.stderr)
        sys.exit(128 + exc.signum)
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into exit 3
        print(f"quotebench: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(int(ExitCode.INTERNAL))


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the process is so that every `finally` runs on the way out
    (temporary files removed, child programs killed); a BaseException so that no
    `except Exception` eats it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)
