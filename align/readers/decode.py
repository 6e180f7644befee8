"""Read a document's bytes into clean Unicode text, refusing what is not text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from align import errors

# Control characters other than tab, newline, carriage return and form feed mean binary data.
_CONTROL = {chr(c) for c in range(32) if c not in (9, 10, 12, 13)}


def read_text(path: str | Path) -> str:
    """Decode a text file in any common encoding to NFC text with '\\n' line ends."""
    from align.readers import read_input

    return decode_bytes(read_input(Path(path), str(path)), str(path))


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode bytes to NFC text; raise InputError for empty or binary input."""
    if not data.strip():
        raise errors.empty_file(name)
    if not _looks_utf16(data):
        # A few NULs (a bad export, a stray byte) are dropped; a text made of them is binary data.
        if data[:8192].count(b"\x00") > 0.01 * min(len(data), 8192):
            raise errors.binary_file(name)
        data = data.replace(b"\x00", b"")
    text = _decode(data)
    if text is None:
        raise errors.binary_file(name)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    sample = text[:20000]
    if sample and sum(ch in _CONTROL for ch in sample) / len(sample) > 0.01:
        raise errors.binary_file(name)
    if not any(ch.isalpha() for ch in text):
        raise errors.empty_file(name)
    return text


def _looks_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def _decode(data: bytes) -> str | None:
    # UTF-8 is by far the most common case and charset-normalizer can misjudge short UTF-8 texts.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    return None if best is None else str(best)
