"""The HTML a report may contain: what notebooks need, and nothing that runs or fetches.

nbconvert's own sanitizer (``sanitize_html=True``) keeps too little: it drops headings,
paragraphs, table headers, ``<details>``, ``<mark>`` and images, which reports use. This
allowlist replaces nbconvert's ``clean_html`` filter, so with sanitizing switched on every
Markdown cell and HTML output passes through it. Scripts, event handlers, frames, forms and
``javascript:`` links are escaped or removed; images must be embedded as ``data:`` URIs.
``<style>`` elements are removed: bleach checks style attributes, not style sheets, and a
sheet can fetch (``@import``, ``url()``).
"""

import bleach
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
from bleach.html5lib_shim import Filter

TAGS = frozenset(
    {
        *bleach.ALLOWED_TAGS,
        *(f"h{level}" for level in range(1, 7)),
        *("p", "br", "hr", "div", "span", "pre", "small", "sub", "sup", "mark", "del", "ins"),
        *("q", "cite", "time", "dl", "dt", "dd", "figure", "figcaption", "details", "summary"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        "img",
        # Let through only for _DropStyleSheets to remove, content included: bleach can only
        # escape a tag it does not allow, which would print the CSS on the page (pandas puts
        # a <style> before each table it displays).
        "style",
    }
)

COMMON_ATTRIBUTES = ("class", "id", "title", "lang", "dir", "style")


def _image_attribute(tag: str, name: str, value: str) -> bool:
    """Images only from ``data:`` URIs: a report must open offline and fetch nothing."""
    if name == "src":
        return value.startswith("data:image/")
    return name in {*COMMON_ATTRIBUTES, "alt", "width", "height"}


def _link_attribute(tag: str, name: str, value: str) -> bool:
    """Links to web pages and anchors; ``data:`` is allowed for images only."""
    if name == "href":
        return not value.strip().lower().startswith("data:")
    return name in COMMON_ATTRIBUTES


# For a tag with a function, bleach asks the function alone, not the "*" list too.
ATTRIBUTES = {
    "*": list(COMMON_ATTRIBUTES),
    "a": _link_attribute,
    "img": _image_attribute,
    "th": ["colspan", "rowspan", "scope"],
    "td": ["colspan", "rowspan"],
    "table": ["border"],
    "details": ["open"],
    "ol": ["start"],
    "time": ["datetime"],
}

# No property that takes url(): nothing may be fetched through a style attribute.
CSS_PROPERTIES = frozenset(
    {
        *ALLOWED_CSS_PROPERTIES,
        *("max-width", "max-height", "min-width", "min-height", "word-break", "text-transform"),
        *("margin", "margin-top", "margin-right", "margin-bottom", "margin-left"),
        *("padding", "padding-top", "padding-right", "padding-bottom", "padding-left"),
        *("border", "border-top", "border-right", "border-bottom", "border-left"),
        *("border-width", "border-style", "border-radius", "overflow-x", "overflow-y", "opacity"),
    }
)


class _DropStyleSheets(Filter):
    """An html5lib filter, run after bleach's: every ``<style>`` element goes, with its CSS."""

    def __iter__(self):
        inside = False
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EndTag"} and token["name"] == "style":
                inside = token["type"] == "StartTag"
            elif not inside:
                yield token


_CLEANER = bleach.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    protocols={"http", "https", "mailto", "data"},
    css_sanitizer=CSSSanitizer(allowed_css_properties=CSS_PROPERTIES),
    filters=[_DropStyleSheets],
)


def clean_html(html: str | bytes) -> str:
    """Return ``html`` with every tag and attribute outside the allowlist escaped or dropped."""
    return _CLEANER.clean(html.decode() if isinstance(html, bytes) else str(html))
