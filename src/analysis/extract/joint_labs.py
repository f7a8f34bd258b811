"""Joint laboratories abroad (associated laboratories, joint units, partner groups, joint
research centres), by country, with their fields."""

from analysis import vocabulary
from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.fields import rows_per_country
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "institution", "country", "fields", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row per foreign country named in the clause of a joint-laboratory cue."""
    rows = []
    for sentence in context.sentences:
        if cue := frames.cues(sentence, "joint_lab") or _jointly_run_body(sentence):
            rows += rows_per_country(context, sentence, cue[0])
    return rows


def _jointly_run_body(sentence: Sentence) -> list[Mention]:
    """'the Centre for Brain Development and Repair, set up jointly by Edinburgh scientists
    and inStem': a named centre, laboratory or institute that partners run together is a
    joint one (a programme run jointly is not)."""
    bodies = vocabulary.pattern("cue", "research_body")
    return [
        cue
        for cue in frames.cues(sentence, "jointly_run")
        if any(
            body.group()[0].isupper()
            for body in bodies.finditer(sentence.text, 0, cue.start - sentence.start)
        )
    ]
