"""Aligned segments for term extraction, from a TMX or a project, and the one-call mining entry point."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from align import errors
from align.langtags import primary
from align.models import Alignment
from tm.terms.lexicon import TERM_LANGUAGES
from tm.terms.pairs import AlignedSegment, PairingParams, Similarity, TermPair, encoder_similarity, pair_terms


def segments_from_tmx(path: str | os.PathLike[str], src: str = "fr", tgt: str = "en") -> list[AlignedSegment]:
    """The TMX's units that have text on both sides, as aligned segments (id = tuid, else position)."""
    from align.readers.tmx import read_tmx

    units = read_tmx(path)
    out = []
    for n, u in enumerate(units, 1):
        s, t = u.text(src).strip(), u.text(tgt).strip()
        if s and t:
            out.append(AlignedSegment(s, t, u.tuid or str(n)))
    return out


def segments_from_alignment(alignment: Alignment) -> list[AlignedSegment]:
    """An alignment's non-null beads as aligned segments, with the 1-based bead number as id (as in the TMX)."""
    return [AlignedSegment(s, t, str(n)) for n, (s, t, bead) in enumerate(alignment.pairs(), 1)
            if not bead.is_null and s.strip() and t.strip()]


def segments_from_project(path: str | os.PathLike[str]) -> list[AlignedSegment]:
    """The segments of a tmbuild project (tm/store.py), with its text edits."""
    try:
        from tm.project.store import Project
    except ImportError as e:  # the project store is optional to this module: say so instead of a traceback
        raise errors.projects_unreadable_here(str(path), str(e)) from e
    project = Project.open(path)
    try:
        return segments_from_alignment(project.alignment())
    finally:
        project.close()


def _is_tmx(path: Path) -> bool:
    if path.suffix.lower() == ".tmx":
        return True
    with open(path, "rb") as f:
        head = f.read(2048)
    return b"<tmx" in head


def load_segments(path: str | os.PathLike[str], src: str = "fr", tgt: str = "en") -> list[AlignedSegment]:
    """Aligned segments from a TMX or a project file; InputError when there are none to mine."""
    path = Path(path)
    if not path.is_file():
        raise errors.missing_file(str(path))
    if _is_tmx(path):
        segments = segments_from_tmx(path, src, tgt)
    else:
        try:
            segments = segments_from_project(path)
        except errors.InputError as e:
            raise errors.not_tmx_or_project(str(path)) from e
    if not segments:
        raise errors.no_bilingual_segments(str(path), src, tgt)
    return segments


def mine_terms(segments: Sequence[AlignedSegment], *, src: str = "fr", tgt: str = "en", encoder: str | None = "use",
               cache: bool = True, min_freq: int = 2, top: int = 0) -> list[TermPair]:
    """Term pairs of the segments, best first (the `top` best when top > 0); encoder None skips embeddings."""
    for lang in (src, tgt):
        if primary(lang) not in TERM_LANGUAGES:
            raise errors.no_term_extraction(lang, sorted(TERM_LANGUAGES))
    if not segments:
        raise errors.no_segments_to_mine()
    similarity: Similarity | None = None
    if encoder:
        from align.embed.encoders import load_encoder

        similarity = encoder_similarity(load_encoder(encoder, cache=cache))
    pairs = pair_terms(segments, src=src, tgt=tgt, similarity=similarity, params=PairingParams(min_freq=min_freq))
    return pairs[:top] if top > 0 else pairs
