"""Training activities: summer schools, training courses, workshops, by country and field."""

import re

from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.fields import rows_per_country
from analysis.extract.mentions import Mention

JOINER = re.compile(r"\s*(?:,|or|and|,\s*or|,\s*and)\s*")

COLUMNS = ["doc_id", "institution", "country", "activity", "fields", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row per country where the activities take place ('... in Vietnam')."""
    rows = []
    for sentence in context.sentences:
        if cues := frames.cues(sentence, "activity"):
            activity = _joined(context.document.text, cues)
            rows += rows_per_country(context, sentence, activity, activity=activity.text)
    return rows


def _joined(text: str, cues: list[Mention]) -> Mention:
    """'summer schools or training courses': cues joined by a conjunction are one activity."""
    first, last = cues[0], cues[0]
    for cue in cues[1:]:
        if not JOINER.fullmatch(text[last.end : cue.start]):
            break
        last = cue
    return Mention("cue", first.start, last.end, text[first.start : last.end], "activity")
