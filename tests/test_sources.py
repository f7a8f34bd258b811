"""The passages shown under charts: in their sentence, quote marked, always escaped."""

import pandas as pd
import pytest

from analysis import data, paths, sources


def test_quotes_are_marked_inside_their_sentence():
    html = sources.sources_html(data.load("agreements"), "this chart")
    assert html.startswith('<details class="sources"><summary>Sources: the 5 passages')
    assert "<mark>Singapore, Nanyang Technological University 2005</mark>" in html
    assert "CNRS have signed bi-lateral agreements" in html
    assert html.count("<blockquote>") == 1


@pytest.fixture
def document_with_markup(tmp_path, monkeypatch):
    text = 'Title\n\nIn 2004, <b>7</b> from Laos <script>alert("x")</script> came.\n'
    (tmp_path / "markup.txt").write_text(text)
    monkeypatch.setattr(paths, "DOCUMENTS", tmp_path)
    data.read_document.cache_clear()
    sources._sentence_starts.cache_clear()
    yield text
    data.read_document.cache_clear()
    sources._sentence_starts.cache_clear()


def test_document_markup_is_shown_as_text(document_with_markup):
    start = document_with_markup.index("<b>7")
    end = document_with_markup.index(" came")
    rows = pd.DataFrame(
        {
            "doc_id": ["markup"],
            "quote": [document_with_markup[start:end]],
            "start": [start],
            "end": [end],
        }
    )
    html = sources.sources_html(rows, "a <chart>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "a &lt;chart&gt;" in html


def test_quotes_still_show_when_the_document_cannot_be_read(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "DOCUMENTS", tmp_path)
    data.read_document.cache_clear()
    rows = pd.DataFrame(
        {"doc_id": ["gone"], "quote": ["161 from <Vietnam>"], "start": [5], "end": [23]}
    )
    html = sources.sources_html(rows, "this chart")
    data.read_document.cache_clear()
    assert "<mark>161 from &lt;Vietnam&gt;</mark>" in html
    assert "gone, characters 5–23" in html
