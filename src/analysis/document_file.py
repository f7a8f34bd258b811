"""A document file as the tool reads it: its ``doc_id`` and its text.

Extraction (offsets of every quote) and reports (the passage around a quote) must read the
same text, so both read it here. The text is the file's UTF-8 with a leading byte-order mark
dropped and line endings written ``\\n``: a copy saved on Windows (CRLF) gives the same facts
at the same offsets. Kept free of heavy imports, as notebooks read documents through it.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import UserError

DOC_ID = re.compile(r"[\w.-]+")
# C0 control bytes other than tab, line feed, vertical tab, form feed and carriage return:
# no text document has them, a binary file soon does.
CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def doc_id(path: Path) -> str:
    """The file stem, refused unless every table and file name can carry it as it is."""
    stem = Path(path).stem
    if not DOC_ID.fullmatch(stem):
        raise UserError(
            f"{path}: {stem!r} cannot be a doc_id (only letters, digits, '_', '.' and '-'); "
            "rename the file and its sidecar"
        )
    return stem


def text(raw: bytes, path: Path) -> str:
    """The document's bytes as text, refused with one line when they are not UTF-8 text."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})"
        ) from None
    control = CONTROL_BYTE.search(raw)
    if control:
        raise UserError(
            f"{path}: not a text document (control byte 0x{raw[control.start()]:02x} "
            f"at offset {control.start()})"
        )
    return decoded.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
