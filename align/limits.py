"""Resource limits on inputs, each settable by an environment variable; the readers call the checks here.

Every limit is generous for real documents (a 2,000-page report, a 100 MB novel) and refuses what would
otherwise exhaust memory or time: decompression bombs, a 3 GB file of zeros, a million-character "word".
"""

from __future__ import annotations

import os
import time
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

from align import errors

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """The limits in force; `from_env` reads each one's TMBUILD_* variable (MB, counts or seconds)."""

    input_mb: float = 100  # TMBUILD_INPUT_MB: size of an input file on disk
    pages: int = 2000  # TMBUILD_PAGES: pages of a PDF
    stream_mb: float = 500  # TMBUILD_STREAM_MB: decompressed PDF streams, all together
    member_mb: float = 50  # TMBUILD_MEMBER_MB: one unpacked ZIP member (DOCX/ODT part)
    unpacked_mb: float = 500  # TMBUILD_UNPACKED_MB: all ZIP members together
    text_chars: int = 16_000_000  # TMBUILD_TEXT_CHARS: text of one document (about 40,000 sentences)
    segments: int = 50_000  # TMBUILD_SEGMENTS: sentences of one document (the 8x scaling run: 47,784, 3.3 GB)
    line_chars: int = 1_000_000  # TMBUILD_LINE_CHARS: one line (paragraph) of text
    token_chars: int = 10_000  # TMBUILD_TOKEN_CHARS: one run of non-space characters
    xml_depth: int = 256  # TMBUILD_XML_DEPTH: element nesting
    xml_nodes: int = 5_000_000  # TMBUILD_XML_NODES: elements in one XML part
    json_depth: int = 64  # TMBUILD_JSON_DEPTH: nesting in gold and project JSON
    seconds: int = 600  # TMBUILD_SECONDS: time budget to read and prepare one document

    @classmethod
    def from_env(cls) -> Limits:
        values = {}
        for f in fields(cls):
            name = setting(f.name)
            raw = os.environ.get(name)
            if raw is None:
                continue
            try:
                value = float(raw)
            except ValueError:
                raise errors.bad_limit(name, raw) from None
            if value <= 0:
                raise errors.bad_limit(name, raw)
            values[f.name] = value if f.name.endswith("_mb") else int(value)
        return cls(**values)


def setting(field: str) -> str:
    """The environment variable that sets a limit."""
    return f"TMBUILD_{field.upper()}"


def current() -> Limits:
    """The limits in force now (read from the environment on each call, so tests and users can change them)."""
    return Limits.from_env()


def check_input_file(path: Path, name: str) -> int:
    """The size of an input file, refused (before reading a byte) when over TMBUILD_INPUT_MB."""
    size = path.stat().st_size
    limit = int(current().input_mb * MB)
    if size > limit:
        raise errors.too_large(name, "the file", size, limit, setting("input_mb"))
    return size


def check_pages(count: int, name: str) -> None:
    if count > current().pages:
        raise errors.over_limit(name, f"the page count ({count:,})", current().pages, setting("pages"))


def check_segments(count: int, name: str) -> None:
    if count > current().segments:
        raise errors.over_limit(name, f"the sentence count ({count:,})", current().segments, setting("segments"))


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: list[int] | None = None) -> bytes:
    """A ZIP member's bytes, counted while they are inflated: a header that lies about the size does not help."""
    lim = current()
    limit = int(lim.member_mb * MB)
    chunks: list[bytes] = []
    total = 0
    with z.open(info) as f:
        while chunk := f.read(MB):
            total += len(chunk)
            if total > limit:
                raise errors.too_large(name, f"the archive member {info.filename}", total, limit,
                                       setting("member_mb"))
            if budget is not None:
                budget[0] += len(chunk)
                if budget[0] > int(lim.unpacked_mb * MB):
                    raise errors.too_large(name, "the unpacked archive", budget[0], int(lim.unpacked_mb * MB),
                                           setting("unpacked_mb"))
            chunks.append(chunk)
    return b"".join(chunks)


def check_pdf_streams(data: bytes, name: str) -> None:
    """Inflate every Flate stream of a PDF with a running budget, so a stream bomb is refused before PDFium."""
    limit = int(current().stream_mb * MB)
    total = 0
    start = 0
    while (at := data.find(b"stream", start)) >= 0:
        start = at + 6
        if data[at - 3:at] == b"end":
            continue
        body = at + 6
        body += 2 if data[body:body + 2] == b"\r\n" else 1
        inflater = zlib.decompressobj()
        pos = body
        try:
            # Without a trusted /Length, feed the stream in slices until zlib says it ended.
            while not inflater.eof and pos < len(data):
                piece = data[pos:pos + 65536]
                pos += len(piece)
                out = inflater.decompress(piece, limit - total + 1)
                total += len(out)
                while inflater.unconsumed_tail and total <= limit:
                    out = inflater.decompress(inflater.unconsumed_tail, limit - total + 1)
                    total += len(out)
                if total > limit:
                    raise errors.too_large(name, "the PDF's decompressed content", total, limit,
                                           setting("stream_mb"))
        except zlib.error:
            pass  # not a Flate stream (or a damaged one): PDFium judges it
        start = max(start, body)


# libxml2 without huge_tree stops at this depth; its HTML parser then recovers silently, dropping the rest.
LIBXML_DEPTH = 256


def check_parse_log(log: object, name: str) -> None:
    """Refuse a document libxml2 stopped reading at its nesting limit (the log of a recovering parser)."""
    for entry in log:  # type: ignore[attr-defined]
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            raise errors.too_deep(name, min(current().xml_depth, LIBXML_DEPTH))


def check_text(text: str, name: str) -> None:
    """Refuse a text too long to align in memory, or a line or word so long that encoders would stall on it."""
    lim = current()
    if len(text) > lim.text_chars:
        raise errors.over_limit(name, f"the text ({len(text):,} characters)", lim.text_chars, setting("text_chars"))
    line = longest_run(text, "\n")
    if line > lim.line_chars:
        raise errors.over_limit(name, f"a line of {line:,} characters", lim.line_chars, setting("line_chars"))
    token = longest_token(text)
    if token > lim.token_chars:
        raise errors.over_limit(name, f"a word of {token:,} characters without a space", lim.token_chars,
                                setting("token_chars"))


def longest_run(text: str, sep: str) -> int:
    """The longest stretch of `text` between two `sep`s, found without splitting the whole text."""
    best = prev = 0
    while (at := text.find(sep, prev)) >= 0:
        best = max(best, at - prev)
        prev = at + 1
    return max(best, len(text) - prev)


def longest_token(text: str) -> int:
    """The longest run of non-whitespace characters (one pass over str.split's pieces)."""
    return max((len(t) for t in text.split()), default=0)


class Deadline:
    """The time budget of one document's reading and preparation, checked between stages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds = current().seconds
        self.start = time.monotonic()

    def check(self, stage: str) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise errors.out_of_time(self.name, stage, self.seconds, setting("seconds"))
