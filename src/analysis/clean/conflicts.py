"""conflicts: facts that two documents state with different values, each statement with its
quote, so a reader can judge; nothing is averaged or chosen.

Long format: one row per statement involved, rows of one conflict sharing ``conflict_id``.
Primary key: conflict_id, doc_id, value.

The same fact, per institution:

- office opened (events): country -> year; offices with no country are left out, as
  nothing tells which office they are;
- agreement signed: partner (canonical name) -> year; renewals are left out, as one
  agreement is often renewed several times and documents naming different renewals agree;
- PhD students: country and year -> number of students;
- partner country: scope and country -> tier;
- network joined (events): label -> year.

Two statements conflict when they come from different documents, give different values,
and no document states both values for that fact. A document naming two values (agreements
with one partner signed in 2004 and in 2010; two offices in one country; PhD students
enrolled and graduated) shows that both exist, so another document naming only one of them
is not contradicting it. Between two documents this is: each states a value the other does
not. A document stating one value twice is one statement (the first in the document).
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import reference
from analysis.clean.common import PROVENANCE, schema, validate

TABLE = "conflicts"


@dataclass(frozen=True)
class Fact:
    """A kind of fact documents can contradict each other on, read from one cleaned table."""

    table: str
    key: tuple[str, ...]  # with the institution, which rows state the same fact
    field: str  # the value compared
    # A readable description per row, given the rows and the country names by ISO3.
    subject: Callable[[pd.DataFrame, pd.Series], pd.Series]
    rows: str | None = None  # a DataFrame.query for the rows stating it; None: all


FACTS = [
    Fact(
        "events",
        ("event_type", "country_iso3"),
        "year",
        lambda rows, names: "office in " + rows.country_iso3.map(names),
        rows="event_type == 'office_opened' and country_iso3 != ''",
    ),
    Fact(
        "agreements",
        ("partner", "action"),
        "year",
        lambda rows, names: "agreement " + rows.action + " with " + rows.partner,
        rows="action == 'signed'",
    ),
    Fact(
        "phd_students",
        ("country_iso3", "year"),
        "students",
        lambda rows, names: (
            "PhD students from " + rows.country_iso3.map(names) + " in " + rows.year.astype(str)
        ),
    ),
    Fact(
        "partner_countries",
        ("scope", "country_iso3"),
        "tier",
        lambda rows, names: (
            rows.country_iso3.map(names)
            + " as a partner"
            + rows.scope.where(rows.scope == "", " in " + rows.scope)
        ),
    ),
    Fact(
        "events",
        ("event_type", "label"),
        "year",
        lambda rows, names: rows.label,
        rows="event_type == 'network_joined'",
    ),
]
SCHEMA = schema(
    TABLE,
    {
        "conflict_id": pa.Column(
            str,
            pa.Check.str_matches(r"^[a-z_]+-[0-9a-f]{10}$"),
            description="The conflict: table and a hash of the fact's key, the same on rebuild",
        ),
        "table": pa.Column(
            str,
            pa.Check.isin(sorted({fact.table for fact in FACTS})),
            description="Processed table the statements are rows of",
        ),
        "country_iso3": pa.Column(
            str,
            pa.Check.isin(["", *sorted(reference.countries())]),
            description="Country as this statement gives it; empty when it gives none",
        ),
        "subject": pa.Column(
            str, pa.Check.str_length(min_value=1), description="What the fact is about"
        ),
        "field": pa.Column(
            str,
            pa.Check.isin(sorted({fact.field for fact in FACTS})),
            description="Column of that table whose values differ",
        ),
        "value": pa.Column(
            str, pa.Check.str_length(min_value=1), description="The value this statement gives"
        ),
    },
    key=["conflict_id", "doc_id", "value"],
)


def clean_conflicts(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every statement another document contradicts, grouped by conflict, then by document."""
    names = tables["countries"].set_index("country_iso3")["name"]
    statements = pd.concat(
        [_statements(fact, tables[fact.table], names) for fact in FACTS], ignore_index=True
    )
    statements = statements.sort_values(["doc_id", "start"]).drop_duplicates(
        ["conflict_id", "doc_id", "value"]
    )
    conflicts = _contradicted(statements).sort_values(
        ["table", "institution", "subject", "conflict_id", "doc_id", "start"], ignore_index=True
    )
    return validate(conflicts, SCHEMA)


def _statements(fact: Fact, table: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The rows of ``table`` stating ``fact``, each as a statement in the conflicts' columns."""
    rows = table.query(fact.rows) if fact.rows else table
    return pd.DataFrame(
        {
            "conflict_id": _conflict_ids(fact, rows),
            "table": fact.table,
            "country_iso3": rows.country_iso3,
            "subject": fact.subject(rows, names),
            "field": fact.field,
            "value": rows[fact.field].astype(str),
            **{column: rows[column] for column in PROVENANCE},
        },
        columns=list(SCHEMA.columns),
    )


def _conflict_ids(fact: Fact, rows: pd.DataFrame) -> pd.Series:
    """'<table>-<hash>', hashing the fact's key as 'column=value' pairs: rows stating the
    same fact share it, and a rebuild from the same documents gives the same ids."""
    columns = ["institution", *fact.key]
    keys = [
        "\x1f".join(f"{column}={value}" for column, value in zip(columns, values, strict=True))
        for values in rows[columns].itertuples(index=False, name=None)
    ]
    digests = [hashlib.sha256(key.encode()).hexdigest()[:10] for key in keys]
    return pd.Series([f"{fact.table}-{digest}" for digest in digests], index=rows.index, dtype=str)


def _contradicted(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements with a different value in another document, when no document states
    both values (then both exist: two agreements, two offices, two counts)."""
    pairs = statements.merge(statements, on="conflict_id", suffixes=("", "_other"))
    values = ["conflict_id", "value", "value_other"]
    one_document = pairs[pairs.doc_id == pairs.doc_id_other]
    # Each statement pairs with itself, so a value is stated together with itself: what is
    # left pairs different values from different documents.
    contradicting = pairs[~_keys(pairs, values).isin(_keys(one_document, values))]
    statement = ["conflict_id", "doc_id", "value"]
    return statements[_keys(statements, statement).isin(_keys(contradicting, statement))]


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[columns])


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Compare the cleaned fact tables (no raw table of its own)."""
    return clean_conflicts(cleaned)
