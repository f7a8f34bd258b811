"""Fields of science named after 'in the field(s) of' or in parentheses after 'fields'."""

import re

FIELDS = re.compile(
    r"\bin\s+(?:the\s+)?fields?\s+of\s+(?P<of>[^.;:()]+)|\bfields?\s*\((?P<listed>[^)]+)\)",
    re.IGNORECASE,
)


def find_fields(text: str, position: int = 0) -> re.Match[str] | None:
    """The first fields phrase at or after ``position``; its 'of' or 'listed' group is the list."""
    return FIELDS.search(text, position)


def fields_text(match: re.Match[str]) -> str:
    """The list of fields as written."""
    return (match["of"] or match["listed"]).strip()
