"""Score extraction against gold facts: recall and wrong rows, per fact kind and document.

Each document of the corpus (``<doc_id>.txt``) has gold facts a reader listed in
``<doc_id>.gold.yml`` (see ``tests/corpus/README.md``). The documents are extracted and
cleaned like any others; a produced row matches a gold fact when the fields that define the
fact agree. "Wrong" is a produced row that matches no gold fact; a second row for a fact the
text states twice is a repeat, neither found again nor wrong.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis import paths
from analysis.clean import clean_all
from analysis.errors import UserError
from analysis.extract import extract

CORPUS = paths.PROJECT_ROOT / "tests" / "corpus"
STOP = {"of", "the", "and", "for", "de", "in", "on"}


@dataclass(frozen=True)
class Kind:
    """A kind of gold fact: the rows that can state it, and how a row matches one."""

    table: str
    rows: Callable[[pd.DataFrame], pd.DataFrame]
    matches: Callable[[dict, pd.Series], bool]


def _same(a: object, b: object) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6)
    except (TypeError, ValueError):
        return False


def _tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", str(name).lower()) if t not in STOP}


def same_partner(gold: str, partner: str, acronym: str) -> bool:
    """Names agree when one's words mostly cover the other's, or the acronym is named."""
    if not gold:
        return True
    wanted, found = _tokens(gold), _tokens(partner) | _tokens(acronym)
    if not wanted or not found:
        return False
    return len(wanted & found) / min(len(wanted), len(_tokens(partner)) or 1) >= 0.6


def _agreements(action: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda table: table[table.action == action]


def _events(event_type: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda table: table[table.event_type == event_type]


def _all(table: pd.DataFrame) -> pd.DataFrame:
    return table


def _agreement_match(gold: dict, row: pd.Series) -> bool:
    return (
        row.country_iso3 == gold.get("country")
        and _same(row.year, gold.get("year"))
        and same_partner(gold.get("partner", ""), row.partner, row.partner_acronym)
    )


def _key_figure_value(row: pd.Series) -> list[float]:
    return [v for v in (row.value, row.value_min, row.value_max) if pd.notna(v)]


KINDS = {
    "agreement_signed": Kind("agreements", _agreements("signed"), _agreement_match),
    "agreement_renewed": Kind("agreements", _agreements("renewed"), _agreement_match),
    "office_opened": Kind(
        "events",
        _events("office_opened"),
        lambda g, r: r.country_iso3 == g.get("country") and _same(r.year, g.get("year")),
    ),
    "network_joined": Kind(
        "events", _events("network_joined"), lambda g, r: _same(r.year, g.get("year"))
    ),
    "phd_students": Kind(
        "phd_students",
        _all,
        lambda g, r: (
            r.country_iso3 == g.get("country")
            and _same(r.year, g.get("year"))
            and _same(r.students, g.get("students"))
        ),
    ),
    "partner_country": Kind(
        "partner_countries",
        _all,
        lambda g, r: r.country_iso3 == g.get("country") and r.tier == g.get("tier"),
    ),
    "copublication": Kind(
        "copublications",
        _all,
        lambda g, r: r.country_iso3 == g.get("country") and _same(r.share_min_pct, g.get("share")),
    ),
    "joint_lab": Kind("joint_labs", _all, lambda g, r: r.country_iso3 == g.get("country")),
    "activity": Kind("activities", _all, lambda g, r: r.country_iso3 == g.get("country")),
    "key_figure": Kind(
        "key_figures",
        _all,
        lambda g, r: (
            r.unit == g.get("unit") and any(_same(v, g.get("value")) for v in _key_figure_value(r))
        ),
    ),
}


@dataclass
class Score:
    """Gold facts, found ones, and wrong rows, for one kind or one document."""

    gold: int = 0
    found: int = 0
    wrong: int = 0
    missed: list[str] = field(default_factory=list)
    wrong_rows: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.wrong += other.wrong
        self.missed += other.missed
        self.wrong_rows += other.wrong_rows


def read_gold(path: Path) -> list[dict]:
    """The gold facts of one document, each checked for a known kind."""
    try:
        facts = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("facts") or []
    except yaml.YAMLError as error:
        raise UserError(f"{path}: not readable YAML ({str(error).splitlines()[0]})") from None
    for number, fact in enumerate(facts, start=1):
        if not isinstance(fact, dict) or fact.get("kind") not in KINDS:
            raise UserError(f"{path}: fact {number} has no known kind ({', '.join(KINDS)})")
    return facts


def score_document(doc_id: str, gold: list[dict], tables: dict[str, pd.DataFrame]) -> dict:
    """Per kind, the score of one document's produced rows against its gold facts."""
    scores = {}
    for name, kind in KINDS.items():
        table = tables[kind.table]
        rows = kind.rows(table[table.doc_id == doc_id])
        wanted = [fact for fact in gold if fact["kind"] == name]
        scores[name] = _match(doc_id, wanted, rows, kind)
    return scores


def _match(doc_id: str, wanted: list[dict], rows: pd.DataFrame, kind: Kind) -> Score:
    free = list(rows.index)
    score = Score(gold=len(wanted))
    for fact in wanted:
        hit = next((i for i in free if kind.matches(fact, rows.loc[i])), None)
        if hit is None:
            score.missed.append(f"{doc_id}: {_describe(fact)}")
        else:
            free.remove(hit)
            score.found += 1
    # A row that states a gold fact again (the text says it twice) is a repeat, not wrong.
    unmatched = [i for i in free if not any(kind.matches(f, rows.loc[i]) for f in wanted)]
    score.wrong = len(unmatched)
    score.wrong_rows = [f"{doc_id}: {_row_text(rows.loc[i])}" for i in unmatched]
    return score


def _row_text(row: pd.Series) -> str:
    values = {
        k: v
        for k, v in row.items()
        if k not in ("doc_id", "institution", "origin", "quote", "start", "end")
    }
    return f"{_describe(values)} <- {row.quote!r}"


def _describe(fact: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in fact.items())


@dataclass
class Evaluation:
    """Scores by kind and by document, over a corpus."""

    by_kind: dict[str, Score]
    by_document: dict[str, Score]

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.by_kind.values():
            total.add(score)
        return total

    def report(self, details: bool = False) -> str:
        lines = [_table("kind", self.by_kind), "", _table("document", self.by_document)]
        if details:
            total = self.total
            lines += ["", "missed:", *total.missed, "", "wrong:", *total.wrong_rows]
        return "\n".join(lines)


def _table(label: str, scores: dict[str, Score]) -> str:
    width = max(len(label), *(len(name) for name in scores))
    lines = [f"{label:<{width}}  gold  found  recall  wrong"]
    total = Score()
    for name, score in scores.items():
        total.add(score)
        lines.append(_line(name, score, width))
    lines.append(_line("all", total, width))
    return "\n".join(lines)


def _line(name: str, score: Score, width: int) -> str:
    return (
        f"{name:<{width}}  {score.gold:>4}  {score.found:>5}  {score.recall:>6.0%}  "
        f"{score.wrong:>5}"
    )


def corpus_documents(corpus: Path) -> list[Path]:
    """The corpus texts that have gold facts."""
    documents = sorted(p for p in Path(corpus).glob("*.txt") if _gold_path(p).exists())
    if not documents:
        raise UserError(f"{corpus}: no documents with gold facts (<doc_id>.txt + .gold.yml)")
    return documents


def _gold_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}.gold.yml")


def evaluate(corpus: Path = CORPUS, corrections_dir: Path | None = None) -> Evaluation:
    """Extract and clean the corpus in a temporary folder, then score it."""
    documents = corpus_documents(corpus)
    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "raw"
        extract(documents, raw, corrections_dir or Path(work) / "no-corrections")
        tables = clean_all(raw)
    by_kind = {name: Score() for name in KINDS}
    by_document = {}
    for document in documents:
        scores = score_document(document.stem, read_gold(_gold_path(document)), tables)
        by_document[document.stem] = Score()
        for name, score in scores.items():
            by_kind[name].add(score)
            by_document[document.stem].add(score)
    return Evaluation(by_kind, by_document)
