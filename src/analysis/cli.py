"""The command line: ``python -m analysis`` (also installed as ``cnrs-analysis``).

User errors (bad file, bad table, bad parameter, bad option) print one line and exit with
status 2; nothing half-written is left behind because every output is written atomically.
Ctrl-C or SIGTERM stops a command with one line saying what was kept, and exit status 130.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from analysis import paths
from analysis.atomic import output_folder
from analysis.errors import Interrupted, UserError
from analysis.pipeline import Options

#: The exit status of a command stopped by Ctrl-C, as shells report it (128 + SIGINT).
INTERRUPTED = 130
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _extract(args: argparse.Namespace) -> int:
    from analysis.extract import extract

    output_folder(args.out, create=False)
    counts, coverages = extract(args.documents, args.out)
    for coverage in coverages:
        print(coverage)
    _print_counts(f"extracted into {args.out}", counts)
    return 0


def _clean(args: argparse.Namespace) -> int:
    from analysis.clean import clean

    if not args.raw.is_dir():
        raise UserError(f"{args.raw}: no such folder of raw tables")
    output_folder(args.out, create=False)
    counts = clean(args.raw, args.out)
    _print_counts(f"cleaned into {args.out}", counts)
    return 0


def _build(args: argparse.Namespace) -> int:
    """Check the options first: extracting rewrites the tables."""
    from analysis.pipeline import build

    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs {args.jobs}: give 1 or more reports to build at once")
    return build(args.out, args.only or None, _options(args))


def _options(args: argparse.Namespace) -> Options:
    """How to run the reports."""
    return Options(jobs=getattr(args, "jobs", None), scheduler=args.scheduler, force=args.force)


def _evaluate(args: argparse.Namespace) -> int:
    from analysis.evaluate import evaluate

    print(evaluate(args.corpus).report(details=args.details))
    return 0


def _report(args: argparse.Namespace) -> int:
    from analysis.reports import run_one

    return run_one(
        args.notebook, dict(args.parameter), args.out, name=args.name, options=_options(args)
    )


def _print_counts(what: str, counts: dict[str, int]) -> None:
    summary = ", ".join(f"{name} {count}" for name, count in counts.items())
    print(f"{what}: {summary}")


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per step of the pipeline."""
    main_parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Turn research-cooperation profiles into traceable tables and reports.",
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="documents -> raw tables with provenance")
    extract.add_argument(
        "documents",
        nargs="*",
        type=Path,
        metavar="DOC",
        help="documents to extract (default: data/raw/documents/*.txt)",
    )
    extract.add_argument("--out", type=Path, default=paths.EXTRACTED, metavar="DIR")
    extract.set_defaults(run=_extract)

    clean = commands.add_parser("clean", help="raw tables -> validated tables")
    clean.add_argument("--raw", type=Path, default=paths.EXTRACTED, metavar="DIR")
    clean.add_argument("--out", type=Path, default=paths.PROCESSED, metavar="DIR")
    clean.set_defaults(run=_clean)

    build = commands.add_parser("build", help="extract, clean and build every HTML report")
    build.add_argument("--out", type=Path, default=paths.REPORTS, metavar="DIR")
    build.add_argument("--only", nargs="*", metavar="REPORT", help="build only these reports")
    build.add_argument(
        "--jobs", type=int, metavar="N", help="reports built at once (default: one per CPU)"
    )
    _add_running_options(build)
    build.set_defaults(run=_build)

    evaluate = commands.add_parser(
        "evaluate", help="score extraction against a corpus's gold facts"
    )
    evaluate.add_argument(
        "--corpus", type=Path, default=paths.PROJECT_ROOT / "tests" / "corpus", metavar="DIR"
    )
    evaluate.add_argument("--details", action="store_true", help="list missed facts and wrong rows")
    evaluate.set_defaults(run=_evaluate)

    report = commands.add_parser("report", help="build one report with ad-hoc parameters")
    report.add_argument("notebook", help="notebook name in notebooks/ or a path")
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter",
    )
    report.add_argument("--name", help="report name (default: from notebook and parameters)")
    report.add_argument("--out", type=Path, default=paths.REPORTS, metavar="DIR")
    _add_running_options(report)
    report.set_defaults(run=_report)
    return main_parser


def _add_running_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--force", action="store_true", help="rebuild everything, even what is up to date"
    )
    command.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run the reports on this dask.distributed scheduler "
        "(default: $ANALYSIS_SCHEDULER, else on this machine)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; user errors become one line on stderr and exit status 2, an
    interruption one line and exit status 130."""
    args = parser().parse_args(argv)
    try:
        with _signals_stop():
            return args.run(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as stop:  # analysis.errors.Interrupted says what was kept
        kept = (
            f"{args.command} stopped; each file it writes is its last good or new complete version"
        )
        print(f"interrupted: {str(stop) or kept}", file=sys.stderr)
        return INTERRUPTED


@contextmanager
def _signals_stop() -> Iterator[None]:
    """Make SIGTERM stop the command as Ctrl-C does, and ignore any signal after the first,
    so that stopping (killing kernels, recording finished reports) is not cut short.

    A signal that lands inside a ``__del__`` or a garbage-collector callback raises where
    Python only prints "Exception ignored"; the command then runs to its end, and is still
    reported as stopped (seen about once in a hundred CI runs of test_robustness_cli.py)."""
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    try:
        yield
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            raise Interrupted  # the handler ran, but its exception was swallowed on the way
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(signum: int, frame: object) -> None:
    """Stop as Ctrl-C would, with our own KeyboardInterrupt subclass: with a bare one, CPython
    at times ended the process by SIGINT (status -2) although ``main`` had caught it (seen in
    about one run in four of tests/test_robustness_cli.py); with the subclass, never."""
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted
