"""USE token sums as cache rows: one self-checking blob per sentence, and whole TokenSums put back together."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from align.embed.use import ClauseSums, TokenSums

# Per sentence: inner, bos, eos, clause head, clause tail (float32, dim each); length, head_len and
# tail_len (int64); the cut flag (one byte); a CRC-32 of all that. Raw bytes, not npz or pickle:
# nothing to parse but a fixed layout, and the CRC turns a damaged or foreign row into a miss.
_VECTORS = 5
_INTS = 3


def row_size(dim: int) -> int:
    """Bytes of one sentence's row."""
    return 4 * _VECTORS * dim + 8 * _INTS + 1 + 4


def pack_rows(sums: TokenSums, rows: Sequence[int]) -> list[bytes]:
    """The blobs of sentences `rows` of `sums` (made with clauses=True)."""
    c = sums.clauses
    if c is None:
        raise ValueError("only token sums with clauses can be cached")
    vecs = np.stack([sums.inner, sums.bos, sums.eos, c.head, c.tail], axis=1).astype(np.float32, copy=False)
    ints = np.stack([sums.lengths, c.head_len, c.tail_len], axis=1).astype("<i8")
    out = []
    for i in rows:
        body = vecs[i].astype("<f4").tobytes() + ints[i].tobytes() + bytes([bool(c.cut[i])])
        out.append(body + zlib.crc32(body).to_bytes(4, "little"))
    return out


def valid_row(blob: bytes, dim: int) -> bool:
    """True when `blob` has the layout of a row of this dim and its checksum matches."""
    if len(blob) != row_size(dim):
        return False
    body = blob[:-4]
    return zlib.crc32(body) == int.from_bytes(blob[-4:], "little") and body[-1] in (0, 1)


def unpack_rows(blobs: Sequence[bytes], dim: int) -> TokenSums:
    """TokenSums (with clauses) of the sentences whose rows are `blobs`, in that order (checked by valid_row)."""
    n = len(blobs)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(n, row_size(dim))
    fsize = 4 * _VECTORS * dim
    vecs = raw[:, :fsize].copy().view("<f4").reshape(n, _VECTORS, dim).astype(np.float32, copy=False)
    ints = raw[:, fsize:fsize + 8 * _INTS].copy().view("<i8").reshape(n, _INTS).astype(np.int64, copy=False)
    cut = raw[:, fsize + 8 * _INTS].astype(bool)
    clauses = ClauseSums(_col(vecs, 3), _col(vecs, 4), ints[:, 1].copy(), ints[:, 2].copy(), cut)
    return TokenSums(_col(vecs, 0), _col(vecs, 1), _col(vecs, 2), ints[:, 0].copy(), clauses)


def gather(parts: Sequence[tuple[TokenSums, Sequence[int]]], n: int) -> TokenSums:
    """One TokenSums of `n` sentences from parts, each filling the given rows (every row filled once)."""
    first = parts[0][0]
    dim = first.inner.shape[1]

    def blank(dtype: type, *shape: int) -> np.ndarray:
        return np.zeros((n, *shape), dtype)

    out = TokenSums(blank(np.float32, dim), blank(np.float32, dim), blank(np.float32, dim), blank(np.int64),
                    ClauseSums(blank(np.float32, dim), blank(np.float32, dim), blank(np.int64), blank(np.int64),
                               blank(bool)))
    for sums, rows in parts:
        idx = np.asarray(rows, dtype=np.int64)
        for name in ("inner", "bos", "eos", "lengths"):
            getattr(out, name)[idx] = getattr(sums, name)
        for name in ("head", "tail", "head_len", "tail_len", "cut"):
            getattr(out.clauses, name)[idx] = getattr(sums.clauses, name)
    return out


def _col(vecs: np.ndarray, k: int) -> np.ndarray:
    return np.ascontiguousarray(vecs[:, k, :])


def take(sums: TokenSums, rows: Sequence[int]) -> TokenSums:
    """The sentences `rows` of `sums` (repeats allowed), as a new TokenSums."""
    idx = np.asarray(rows, dtype=np.int64)
    c = sums.clauses
    clauses = None if c is None else ClauseSums(c.head[idx], c.tail[idx], c.head_len[idx], c.tail_len[idx], c.cut[idx])
    return TokenSums(sums.inner[idx], sums.bos[idx], sums.eos[idx], sums.lengths[idx], clauses)
