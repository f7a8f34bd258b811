"""sentences: the raw sentence spans read back typed and validated (the module has no
clean step of its own: ``build`` reads the raw table); bad spans are named."""

import pandas as pd
import pytest
from cleaning_rows import DOC_ID, assert_table, values

from analysis.clean.sentences import SCHEMA, build
from analysis.errors import UserError

TEXT = (
    "CNRS - National Centre for Scientific Research, France\n\n"
    'It opened a "permanent" Office in Hà Nội (2006).  In 2004, 161 PhD students came from '
    "Vietnam, 47 from Thailand."
)
SENTENCES = [
    "CNRS - National Centre for Scientific Research, France",
    'It opened a "permanent" Office in Hà Nội (2006).',
    "In 2004, 161 PhD students came from Vietnam, 47 from Thailand.",
]


def sentence_rows(sentences: list[str]) -> list[dict[str, str]]:
    """Rows as extraction writes them: each sentence with its span in TEXT."""
    spans = [(sentence, TEXT.index(sentence)) for sentence in sentences]
    return [
        {
            "doc_id": DOC_ID,
            "sentence": sentence,
            "start": str(start),
            "end": str(start + len(sentence)),
        }
        for sentence, start in spans
    ]


def build_from(tmp_path, rows: list[dict[str, str]]) -> pd.DataFrame:
    pd.DataFrame(rows).to_csv(tmp_path / "sentences.csv", index=False)
    return build(tmp_path, {})


def test_sentence_spans_are_read_typed_and_point_into_the_text(tmp_path):
    table = build_from(tmp_path, sentence_rows(SENTENCES))
    assert values(table, "sentence", "start", "end") == [
        ("CNRS - National Centre for Scientific Research, France", 0, 54),
        ('It opened a "permanent" Office in Hà Nội (2006).', 56, 104),
        ("In 2004, 161 PhD students came from Vietnam, 47 from Thailand.", 106, 168),
    ]
    assert [TEXT[row.start : row.end] for row in table.itertuples()] == SENTENCES
    assert_table(table, SCHEMA)


def test_an_offset_that_is_not_a_number_names_file_column_and_value(tmp_path):
    rows = sentence_rows(SENTENCES)
    rows[1]["start"] = "56a"
    with pytest.raises(UserError) as error:
        build_from(tmp_path, rows)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'sentences.csv'}: row ")
    assert message.endswith(", column start: '56a' is not a character offset")


def test_a_missing_column_is_named(tmp_path):
    rows = sentence_rows(SENTENCES)
    for row in rows:
        del row["sentence"]
    with pytest.raises(UserError) as error:
        build_from(tmp_path, rows)
    assert str(error.value) == f"{tmp_path / 'sentences.csv'}: missing column(s) sentence"


def test_a_span_that_ends_before_it_starts_is_one_clear_error(tmp_path):
    rows = sentence_rows(SENTENCES)
    rows[1]["end"] = "50"
    with pytest.raises(UserError, match=r"^sentences: row 2, "):
        build_from(tmp_path, rows)
