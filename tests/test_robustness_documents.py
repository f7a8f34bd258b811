"""Ordinary documents that used to break the pipeline, and the test set-up of a fresh machine.

A document with no facts of a kind, saved on Windows, stating a fact twice, with a space in
its name, binary, or dated before the facts it states: each gives the right tables or one
clear line. Everything is built in pytest's temporary folders from copies of the seed.
"""

import gzip
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from conftest import chromium_path
from pipeline import SEED, rows
from test_cli import assert_one_line_error, run

from analysis import data, paths, reference
from analysis.clean import SCHEMAS, clean, clean_all, notes
from analysis.clean.common import PROVENANCE
from analysis.errors import UserError
from analysis.extract import extract
from analysis.extract.document import load_document, pieces

CORPUS = Path(__file__).parent / "corpus"
# The processed tables cleaned from a raw table of the same name (countries come from
# reference data, documents from the raw profile table, conflicts from the other tables).
CLEANED_FROM_RAW = [name for name in SCHEMAS if name not in ("countries", "documents", "conflicts")]


@pytest.fixture(scope="module")
def seed_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("seed") / "raw"
    extract([SEED], raw)
    return raw


@pytest.fixture(scope="module")
def seed_tables(seed_raw) -> dict[str, pd.DataFrame]:
    return clean_all(seed_raw)


@pytest.fixture(scope="module")
def seed_dtypes(seed_raw, tmp_path_factory) -> dict[str, pd.Series]:
    """Each processed table's dtypes as notebooks load it, when it has rows."""
    out = tmp_path_factory.mktemp("seed_processed")
    clean(seed_raw, out)
    return {name: data.load(name, out).dtypes for name in SCHEMAS}


def copy_raw(seed_raw: Path, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(seed_raw, raw)
    return raw


def copy_seed(tmp_path: Path, name: str = SEED.name, content: bytes | None = None) -> Path:
    """The seed document (or ``content``) under another name, without its sidecar."""
    copy = tmp_path / "documents" / name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(SEED.read_bytes() if content is None else content)
    return copy


# --- a document with no facts of some kind ---------------------------------------------


@pytest.mark.parametrize(
    "emptied",
    [*([name] for name in CLEANED_FROM_RAW), CLEANED_FROM_RAW],
    ids=[*CLEANED_FROM_RAW, "every_table"],
)
def test_raw_tables_with_only_their_header_clean_to_empty_typed_tables(
    emptied, seed_raw, seed_dtypes, tmp_path
):
    raw = copy_raw(seed_raw, tmp_path)
    for name in emptied:
        path = raw / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    out = tmp_path / "processed"
    clean(raw, out)
    loaded = {name: data.load(name, out) for name in SCHEMAS}
    for name, table in loaded.items():
        assert table.dtypes.equals(seed_dtypes[name]), name
    expected = dict.fromkeys(emptied, 0)
    if "events" in emptied:
        expected["events"] = len(loaded["agreements"])  # one event per agreement left
    assert {name: len(loaded[name]) for name in emptied} == expected


# --- a document saved on Windows -------------------------------------------------------


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_a_document_saved_with_other_line_endings_gives_the_same_rows(
    line_end, tmp_path, monkeypatch
):
    unix = copy_seed(tmp_path / "unix")
    other = copy_seed(tmp_path / "other", content=SEED.read_bytes().replace(b"\n", line_end))
    extract([unix], tmp_path / "unix" / "raw")
    extract([other], tmp_path / "other" / "raw")
    for path in sorted((tmp_path / "unix" / "raw").glob("*.csv")):
        assert (tmp_path / "other" / "raw" / path.name).read_text() == path.read_text(), path.name
    text = load_document(unix).text
    assert load_document(other).text == text
    monkeypatch.setattr(paths, "DOCUMENTS", other.parent)  # reports read it as extraction does
    data.read_document.cache_clear()
    assert data.passage(SEED.stem, 0, len(text)) == text
    data.read_document.cache_clear()


# --- a document that states the same fact twice ----------------------------------------


def test_a_document_stating_every_fact_twice_cleans_to_one_row_per_fact(seed_tables, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    twice = copy_seed(tmp_path, content=(text + "\n\n" + text).encode())
    extract([twice], tmp_path / "raw")
    cleaned = clean_all(tmp_path / "raw")
    # key_figures keep every statement: a figure's position is part of its key.
    for name in data.FACT_TABLES:
        own = [column for column in SCHEMAS[name].columns if column not in PROVENANCE]
        assert rows(cleaned[name], *own) == rows(seed_tables[name], *own), name
        assert cleaned[name].end.max() <= len(text), f"{name}: the first statement is kept"
    assert sum("repeated statement" in note for note in notes(cleaned)) == len(data.FACT_TABLES)


# --- a document with no blank line, longer than spaCy reads at once --------------------


def test_a_document_of_one_long_paragraph_is_read_in_pieces_with_its_offsets(seed_tables, tmp_path):
    """Beyond spaCy's limit of 1,000,000 characters, one paragraph gives every fact its
    exact quote, as the same text in paragraphs does."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    flat = " ".join(body.split())
    text = title + "\n\n" + " ".join([flat] * (1_100_000 // len(flat) + 1))
    document = copy_seed(tmp_path, content=text.encode())
    extract([document], tmp_path / "raw")
    agreements = pd.read_csv(tmp_path / "raw" / "agreements.csv")
    assert len(agreements) > 0
    for row in agreements.itertuples():
        assert text[row.start : row.end] == row.quote
    sentences = pd.read_csv(tmp_path / "raw" / "sentences.csv")
    assert sentences.end.max() == len(text.rstrip())


@pytest.mark.parametrize("limit", [7, 40, 20_000])
def test_pieces_cover_a_unit_in_order_and_stay_within_the_limit(limit):
    unit = " ".join(SEED.read_text(encoding="utf-8").split()[:400])
    spans = pieces(unit, limit)
    assert "".join(unit[start:end] for start, end in spans) == unit
    assert all(0 < end - start <= limit for start, end in spans)
    if limit > 100:  # long enough to hold a sentence: pieces end at a full stop
        assert all(unit[:end].rstrip()[-1] in ".!?" for _, end in spans[:-1])


# --- documents to refuse, before anything is written -----------------------------------


@pytest.mark.parametrize("name", ["cnrs profile.txt", "cnrs_profile(1).txt"])
def test_a_file_name_that_cannot_be_a_doc_id_is_refused(name, tmp_path):
    good, bad = copy_seed(tmp_path), copy_seed(tmp_path, name)
    out = tmp_path / "raw"
    result = run("extract", good, bad, "--out", out)
    assert_one_line_error(result, name, "cannot be a doc_id", "rename the file")
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (bytes(4096), "not a text document (control byte 0x00 at offset 0)"),
        (b"CNRS\n\x00\x01\x02", "not a text document (control byte 0x00 at offset 5)"),
        (gzip.compress(SEED.read_bytes()), "not UTF-8 text"),
    ],
    ids=["nul_bytes", "text_then_binary", "gzip"],
)
def test_a_binary_file_is_refused_as_a_document(content, problem, tmp_path):
    document = copy_seed(tmp_path, "binary.txt", content)
    out = tmp_path / "raw"
    assert_one_line_error(run("extract", document, "--out", out), "binary.txt", problem)
    assert not out.exists()


# --- years after the document ------------------------------------------------------------


def test_a_fact_dated_after_its_documents_date_is_refused(tmp_path):
    """The seed, dated 2005 by a sidecar, names the office it opened in Hanoi in 2006."""
    document = copy_seed(tmp_path)
    document.with_suffix(".yml").write_text("date: 2005-01-01\n", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        extract([document], tmp_path / "raw")
    message = str(refused.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{document}: ")
    assert "year 2006 in '" in message
    assert "is after the document's date (2005-01-01)" in message
    assert not (tmp_path / "raw").exists()


@pytest.mark.parametrize("table", ["agreements", "events", "phd_students"])
def test_a_year_after_the_current_year_stops_cleaning(table, seed_raw, tmp_path):
    raw = copy_raw(seed_raw, tmp_path)
    path = raw / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "year"] = "2099"
    frame.to_csv(path, index=False)
    with pytest.raises(UserError, match=rf"^{table}: row \d+, column year: bad value 2099 fails"):
        clean_all(raw)


# --- the map of institutions -------------------------------------------------------------


def test_cleaning_the_seed_notes_nothing(seed_tables):
    """Notes are about the documents cleaned: map entries other documents need are not."""
    assert notes(seed_tables) == []


def test_every_institution_in_the_map_is_named_by_a_document():
    """The map serves data/raw/documents and the development corpus: an entry neither names
    is a typo or a leftover."""
    texts = [
        path.read_text(encoding="utf-8")
        for folder in (paths.DOCUMENTS, CORPUS)
        for path in folder.glob("*.txt")
    ]
    spellings = defaultdict(set)
    for spelling, institutions in reference.institution_aliases().items():
        for institution in institutions:
            spellings[institution.canonical].add(spelling)
    unnamed = [
        canonical
        for canonical, names in spellings.items()
        if not any(re.search(rf"\b{re.escape(n)}\b", t, re.I) for n in names for t in texts)
    ]
    assert unnamed == []


# --- a fresh machine ---------------------------------------------------------------------


def fake_command(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize("uid", [0, 1000], ids=["root", "user"])
def test_make_test_installs_chromium_when_missing_and_root(uid, tmp_path):
    """``make test`` with no chromium on PATH, an installed (fake) .venv and fake apt-get,
    id and pytest: root installs Debian's chromium, a user is told how in one line."""
    venv, commands, log = tmp_path / "venv", tmp_path / "bin", tmp_path / "calls.log"
    (venv / "bin").mkdir(parents=True)
    commands.mkdir()
    fake_command(venv / "bin", "python", f'echo "python $*" >> {log}')
    fake_command(commands, "apt-get", f'echo "apt-get $*" >> {log}')
    fake_command(commands, "id", f"echo {uid}")
    for stamp in (".installed-base", ".installed-dev"):
        (venv / stamp).touch()
    result = subprocess.run(
        [shutil.which("make"), "-C", paths.PROJECT_ROOT, "-s", "test", f"VENV={venv}"],
        env={"PATH": str(commands)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[-1] == "python -m pytest"
    if uid == 0:
        assert calls[:-1] == ["apt-get update -qq", "apt-get install -y -qq chromium"]
    else:
        assert calls[:-1] == []
        assert result.stderr.count("\n") == 1
        assert "apt-get install chromium" in result.stderr


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_browser_tests_fail_without_chromium_under_ci_and_skip_otherwise(ci, outcome, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium"):
        chromium_path()


def test_an_agreement_with_no_partner_named_anywhere_leaves_its_year_unexplained(tmp_path):
    """No partner institution in the whole document, and the agreement's only party is the
    institution's own country: no row, no crash (this once failed looking for the partner
    'the two sides' refer to)."""
    document = tmp_path / "documents" / "lone_agreement.txt"
    document.parent.mkdir()
    document.write_text(
        "Institut Synthetique: partners\n\nIn 1990 it signed an agreement with France.\n",
        encoding="utf-8",
    )
    document.with_suffix(".yml").write_text(
        "doc_id: lone_agreement\ninstitution: IS\ninstitution_name: Institut Synthetique\n"
        "institution_country: FRA\n",
        encoding="utf-8",
    )
    counts, _ = extract([document], tmp_path / "extracted", tmp_path / "corrections")
    unexplained = pd.read_csv(tmp_path / "extracted" / "unexplained.csv")
    assert counts["agreements"] == 0
    assert "1990" in unexplained.mention.astype(str).tolist()
