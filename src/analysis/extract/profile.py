"""The document's own institution: from its sidecar, else from its title line."""

from analysis.extract.context import Context

COLUMNS = ["doc_id", "institution", "name", "acronym", "country", "quote", "start", "end"]


def extract(context: Context) -> list[dict]:
    """One row: the institution's name, acronym and country, quoting the title line."""
    profile = context.profile
    title = context.title
    return [
        context.row(
            title.start,
            title.end,
            [],
            name=profile.name,
            acronym=profile.acronym,
            country=profile.country,
        )
    ]
