"""Threads of one process encoding and scoring at once (the review UI's warm-ups beside an edit) neither crash nor
deadlock on align.embed.blas's lock, and share the embedding cache (one SQLite connection per thread).

In a child process, so that a crash fails this test instead of taking the test runner down. The races it guards
against crashed the full suite twice (segfaults in UseHead.head and in the cache's SQLite connection, beside
warm-up threads) and are rare: this script did not reproduce the first without the lock in three runs, so it
checks the locking, not the old crashes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.fixtures.cli import ENV_KEYS

SCRIPT = textwrap.dedent("""
    import threading
    from align.api import embed_side, score_beads, sides
    from align.embed.encoders import load_encoder

    import sys
    encoder = load_encoder("use", cache_dir=sys.argv[1])  # one cache: its file shared by the threads
    words = "the council adopts its report on the situation in the region every year".split()
    big = [" ".join(words[k % 7:] + [str(k)]) for k in range(2500)]  # heads over _THREADED_ROWS: 2 BLAS threads
    small = big[:9]  # heads on one BLAS thread: the limit flips between the two
    failed = []

    def warm():
        try:
            for _ in range(3):
                embed_side(big, lang="en", encoder=encoder)
        except Exception as e:
            failed.append(e)

    threads = [threading.Thread(target=warm) for _ in range(3)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        emb = embed_side(small, lang="en", encoder=encoder)
        src, tgt = sides(emb, emb, small, small)
        score_beads(src, tgt, [(0, 1, 0, 1), (1, 3, 1, 2)])
    for thread in threads:
        thread.join()
    print("ok" if not failed else failed)
""")


def test_encoding_in_two_threads_at_once(tmp_path) -> None:  # noqa: ANN001
    import os

    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **ENV_KEYS})
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", (proc.returncode, proc.stderr[-2000:])
