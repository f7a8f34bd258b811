"""The document's own institution and how to credit the document: from its sidecar, else
from its title line."""

from analysis.extract.context import Context

COLUMNS = [
    "doc_id",
    "institution",
    "name",
    "acronym",
    "country",
    "title",
    "publisher",
    "date",
    "origin",
    "quote",
    "start",
    "end",
]


def extract(context: Context) -> list[dict]:
    """One row: the institution's name, acronym and country, and the document's title,
    publisher and date (for source lines under charts), quoting the title line."""
    profile = context.profile
    title = context.title
    sidecar = context.document.sidecar
    return [
        context.row(
            title.start,
            title.end,
            [],
            name=profile.name,
            acronym=profile.acronym,
            country=profile.country,
            title=sidecar.title or title.text,
            publisher=sidecar.publisher,
            date=sidecar.date.isoformat() if sidecar.date else "",
            origin="rule",
        )
    ]
