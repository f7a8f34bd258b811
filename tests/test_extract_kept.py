"""Each document's raw tables are kept between runs: extracting a corpus again reads only
the documents (or sidecars, or corrections) that changed, and gives the same tables as a
first extraction would."""

import shutil

from pipeline import SECOND, SEED

from analysis.extract import KEPT, extract


def _corpus(folder):
    folder.mkdir()
    for document in (SEED, SECOND):
        for path in (document, document.with_suffix(".yml")):
            if path.exists():
                shutil.copy(path, folder / path.name)
    return sorted(folder.glob("*.txt"))


def _tables(folder):
    return {path.name: path.read_text() for path in sorted(folder.glob("*.csv"))}


def test_a_second_extraction_reads_only_the_edited_document(tmp_path):
    documents = _corpus(tmp_path / "documents")
    out, corrections = tmp_path / "raw", tmp_path / "corrections"
    extract(documents, out, corrections)
    kept = {path.name: path.stat().st_mtime_ns for path in (out / KEPT).glob("*.pickle")}
    assert len(kept) == 2
    edited = next(path for path in documents if path.stem == SECOND.stem)
    edited.write_text(
        edited.read_text() + "\nIn 2012 the institution counted 12 doctoral students from Laos.\n",
        encoding="utf-8",
    )
    extract(documents, out, corrections)
    again = {path.name: path.stat().st_mtime_ns for path in (out / KEPT).glob("*.pickle")}
    assert {name for name in kept if again[name] != kept[name]} == {f"{edited.stem}.pickle"}
    fresh = tmp_path / "fresh"
    extract(documents, fresh, corrections)
    assert _tables(out) == _tables(fresh)


def test_a_kept_file_that_cannot_be_read_is_extracted_again(tmp_path):
    documents = _corpus(tmp_path / "documents")
    out, corrections = tmp_path / "raw", tmp_path / "corrections"
    extract(documents, out, corrections)
    first = _tables(out)
    for kept in (out / KEPT).glob("*.pickle"):
        kept.write_bytes(kept.read_bytes()[:40])  # truncated
    extract(documents, out, corrections)
    assert _tables(out) == first


def test_a_forced_extraction_reads_every_document_again(tmp_path):
    documents = _corpus(tmp_path / "documents")
    out, corrections = tmp_path / "raw", tmp_path / "corrections"
    extract(documents, out, corrections)
    kept = {path.name: path.stat().st_mtime_ns for path in (out / KEPT).glob("*.pickle")}
    extract(documents, out, corrections, reuse_kept=False)
    again = {path.name: path.stat().st_mtime_ns for path in (out / KEPT).glob("*.pickle")}
    assert all(again[name] != kept[name] for name in kept)
