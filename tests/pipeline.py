"""Shared helpers for tests that run the real extraction and cleaning on real documents."""

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.clean import clean_all
from analysis.extract import extract, extract_document

SEED = paths.DOCUMENTS / "cnrs_asean_profile.txt"
SECOND = Path(__file__).parent / "corpus" / "dfg_asia_profile.txt"
TRICKY = Path(__file__).parent / "fixtures" / "documents" / "tricky_profile.txt"


def run_pipeline(document: Path, workdir: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """Extract one document into ``workdir/raw`` and clean it; return raw and clean tables."""
    raw_dir = workdir / "raw"
    extract([document], raw_dir)
    raw = {
        path.stem: pd.read_csv(path, dtype=str, keep_default_na=False)
        for path in raw_dir.glob("*.csv")
    }
    return raw, clean_all(raw_dir)


def rows(table: pd.DataFrame, *columns: str) -> set[tuple]:
    """A table's rows as a set of tuples of the given columns, for order-free comparison."""
    return set(table[list(columns)].itertuples(index=False, name=None))


def reasons(tables: dict[str, pd.DataFrame], mention: str) -> list[str]:
    """Why each listing of ``mention`` in ``unexplained`` explains nothing."""
    unexplained = tables["unexplained"]
    return unexplained[unexplained.mention == mention].reason.tolist()


def extract_text(
    folder: Path, name: str, text: str, institution: tuple[str, str, str], date: str = ""
) -> dict[str, pd.DataFrame]:
    """Extract ``text`` as the document ``name`` whose sidecar names its institution
    (acronym, name, ISO3 country) and, if given, its date (relative years are read from
    it); return its raw tables."""
    document = folder / f"{name}.txt"
    document.write_text(text, encoding="utf-8")
    acronym, full_name, country = institution
    dated = f"date: {date}\n" if date else ""
    document.with_suffix(".yml").write_text(
        f"institution: {acronym}\ninstitution_name: {full_name}\ninstitution_country: {country}\n"
        + dated,
        encoding="utf-8",
    )
    return extract_document(document)[0]
