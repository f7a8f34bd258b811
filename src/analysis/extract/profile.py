"""The profiled institution itself, from the document's title line."""

from analysis.extract.context import Context

COLUMNS = ["doc_id", "institution", "name", "acronym", "country", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row: the institution's name, acronym and country as the title writes them."""
    profile = context.profile
    title = profile.sentence
    return [
        context.row(
            title.start,
            title.end,
            name=profile.name,
            acronym=profile.acronym,
            country=profile.country,
        )
    ]
