"""Joint laboratories abroad (associated laboratories, joint units, partner groups, joint
research centres), by country, with their fields."""

from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.fields import rows_per_country

COLUMNS = ["doc_id", "institution", "country", "fields", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row per foreign country named in the clause of a joint-laboratory cue."""
    rows = []
    for sentence in context.sentences:
        if cue := frames.cues(sentence, "joint_lab"):
            rows += rows_per_country(context, sentence, cue[0])
    return rows
