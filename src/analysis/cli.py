"""The command line: ``python -m analysis`` (also installed as ``cnrs-analysis``).

User errors (bad file, bad table, bad parameter) print one line and exit with status 2;
nothing half-written is left behind because every output is written atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis import paths
from analysis.errors import UserError


def _extract(args: argparse.Namespace) -> int:
    from analysis.extract import extract

    counts, coverages = extract(args.documents, args.out)
    for coverage in coverages:
        print(coverage)
    _print_counts(f"extracted into {args.out}", counts)
    return 0


def _clean(args: argparse.Namespace) -> int:
    from analysis.clean import clean

    counts = clean(args.raw, args.out)
    _print_counts(f"cleaned into {args.out}", counts)
    return 0


def _build(args: argparse.Namespace) -> int:
    from analysis.clean import clean
    from analysis.extract import extract
    from analysis.reports import build_all

    extract(out=paths.EXTRACTED)
    clean(paths.EXTRACTED, paths.PROCESSED)
    return build_all(args.out, only=args.only or None, jobs=args.jobs)


def _evaluate(args: argparse.Namespace) -> int:
    from analysis.evaluate import evaluate

    print(evaluate(args.corpus).report(details=args.details))
    return 0


def _report(args: argparse.Namespace) -> int:
    from analysis.reports import run_one

    return run_one(args.notebook, dict(args.parameter), args.out, name=args.name)


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
    report.set_defaults(run=_report)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; user errors become one line on stderr and exit status 2."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
