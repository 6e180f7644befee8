"""Review-page benchmark (not a timed test): a project of all TransRead books (~6k beads), page render and edit times.

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.ui_review [--shared ../shared] [--align] [--browser]

Beads come from the books' gold alignments (English source, French target), or from the aligner with --align.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from align.models import Alignment, Bead
from align.text.segment import presegmented_document
from tm.project.store import Project
from ui.state import WARM_DELAY

REPO = Path(__file__).resolve().parents[1]

WARM_WAIT = 30  # s: the rescorer's background embedding starts 10 s after a page and takes ~4 s CPU


def transread_alignment(shared: Path, run_aligner: bool) -> Alignment:
    """All TransRead books concatenated, one sentence a line, with gold beads (or the aligner's)."""
    folder = shared / "benchmarks" / "transread"
    books = sorted(folder.glob("*.gold"))
    if not books:
        sys.exit(f"no TransRead books in {folder}: give --shared")
    en: list[str] = []
    fr: list[str] = []
    beads: list[Bead] = []
    from align.eval.scores import read_beads

    for gold in books:
        e = gold.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        f = gold.with_suffix(".fr").read_text(encoding="utf-8").splitlines()
        beads += [Bead(tuple(len(en) + i for i in s), tuple(len(fr) + j for j in t), 1.0)
                  for s, t in read_beads(gold)]
        en += e
        fr += f
    src, tgt = presegmented_document(en, "en", "transread.en"), presegmented_document(fr, "fr", "transread.fr")
    if run_aligner:
        from align.api import align_documents
        from align.embed.encoders import load_encoder

        return align_documents(src, tgt, encoder=load_encoder("use"))
    # Gold beads carry no score: give them a spread of confidences so "lowest first" has work to do.
    beads = [Bead(b.src, b.tgt, ((k * 7919) % 1000) / 1000) for k, b in enumerate(beads)]
    return Alignment(src, tgt, beads, encoder="use-m3")


def _timed(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    """Build the project, then time the review page and edits through Streamlit's AppTest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("TMBUILD_SHARED", REPO.parent / "shared")))
    parser.add_argument("--align", action="store_true", help="align with USE instead of using the gold beads")
    parser.add_argument("--browser", action="store_true",
                        help="also time the page in headless Chromium (/usr/bin/chromium + playwright)")
    args = parser.parse_args(argv)
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "transread.tmproj"
        t0 = time.perf_counter()
        alignment = transread_alignment(args.shared, args.align)
        Project.create(path, alignment, srclang="en", tgtlang="fr").close()
        print(f"project: {len(alignment.beads)} beads, {len(alignment.src.segments)} en / "
              f"{len(alignment.tgt.segments)} fr sentences, built in {time.perf_counter() - t0:.1f} s")
        os.environ["TMBUILD_PROJECT"] = str(path)
        at = AppTest.from_file(str(REPO / "ui" / "app.py"), default_timeout=120)
        cold = _timed(at.run)  # includes importing streamlit, pandas, altair: once per server process
        assert not at.exception, at.exception
        at = AppTest.from_file(str(REPO / "ui" / "app.py"), default_timeout=120)
        first = _timed(at.run)
        rerun = statistics.median(_timed(at.run) for _ in range(5))
        ops = []
        for key in ("review_merge_both", "review_confirm", "review_undo", "review_undo", "review_redo"):
            ops.append(_timed(at.button(key=key).click().run))
        at.number_input(key="review_bead").set_value(3000).run()
        mid = [_timed(at.button(key=k).click().run) for k in ("review_merge_both", "review_undo")]
        lowest = _timed(at.selectbox(key="review_order").set_value("Lowest confidence first").run)
        search = _timed(at.text_input(key="review_search").set_value("Candide").run)
        last_page = _timed(at.number_input(key="review_page").set_value(10_000).run)
        assert not at.exception, at.exception
        project = Project.open(path)
        raw = statistics.median(_timed(lambda: (project.apply("merge_next", 3000), project.undo()))
                                for _ in range(5)) / 2
        print(f"review page, first render in a fresh process (imports included): {cold:.2f} s")
        print(f"review page, first render of a new browser session: {first:.2f} s")
        print(f"review page, rerun: {rerun:.2f} s (median of 5)")
        print(f"operation + rerun, bead 1 (merge, confirm, undo, undo, redo): max {max(ops):.2f} s, "
              f"median {statistics.median(ops):.2f} s")
        print(f"operation + rerun, bead 3000 (merge, undo): max {max(mid):.2f} s")
        print(f"store operation alone (merge or undo at bead 3000): {raw * 1000:.0f} ms")
        print(f"filters: lowest first {lowest:.2f} s, text search {search:.2f} s, last page {last_page:.2f} s")
        if args.browser:
            browser_times(path)


def _serve(project: Path, port: int):  # noqa: ANN202 - a Popen
    """`tmbuild ui PROJECT --port PORT`, once it answers its health check."""
    import subprocess
    import urllib.request

    server = subprocess.Popen([sys.executable, "-m", "tm.cli", "ui", str(project), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the UI server did not answer on port {port}")


def _stop(server) -> None:  # noqa: ANN001
    os.killpg(server.pid, 15)
    server.wait(timeout=20)


def browser_times(project: Path) -> None:
    """Time real page loads, edits and keys in headless Chromium against `tmbuild ui` (undoing what it changes)."""
    import socket

    from playwright.sync_api import expect, sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    print(f"load average before the browser part: {os.getloadavg()[0]:.1f}")
    server = _serve(project, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            # One browser profile throughout, as a reviewer's own browser: it caches Streamlit's static files.
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            main = page.locator('[data-testid="stMain"]')

            def load(label: str) -> None:
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                expect(main).to_contain_text(re.compile(r"Bead 1 · \d+-\d+"), timeout=120_000)
                page.frame_locator('iframe[title*="bitext"]').locator(".row.cur").wait_for(timeout=60_000)
                page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
                print(f"browser: review page {label} {time.perf_counter() - t0:.2f} s (header, view and table drawn)")

            # The first reload comes while the rescorer embeds the project in the background (once per server,
            # WARM_DELAY s after the server starts and after a page opens it), the second after it has finished.
            load("first visit, new browser profile (no static file cached), server just started")
            time.sleep(WARM_DELAY + 0.5)
            load("reload (embedding in the background)")
            time.sleep(WARM_WAIT)
            load("reload (embedding done)")
            _stop(server)
            server = _serve(project, port)  # a new server on the same address: the browser has its static files
            load("first load after the server starts (browser visited before)")
            # The first edit right away: it may wait for the rescorer's embedding of the project (once per server).
            root = page.frame_locator('iframe[title*="bitext"]').locator("#root")
            root.locator(".row.cur").click()
            first = []
            for key in ("m", "z"):
                version = int(root.get_attribute("data-version"))
                page.keyboard.press(key)
                expect(root).to_have_attribute("data-version", str(version + 1), timeout=60_000)
                first.append(float(root.get_attribute("data-op-ms")))
            print(f"browser: first M and Z in the view right after that load: {first[0]:.0f} ms, {first[1]:.0f} ms")
            time.sleep(WARM_WAIT)
            load("reload (new server, embedding done)")
            count = int(re.search(r"(\d+) beads ·", main.inner_text()).group(1))
            t0 = time.perf_counter()
            page.locator(".st-key-review_merge_both button").first.click()
            expect(main).to_contain_text(f"{count - 1} beads ·", timeout=60_000)
            print(f"browser: merge, until the page shows it {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            page.locator(".st-key-review_undo button").first.click()
            expect(main).to_contain_text(f"{count} beads ·", timeout=60_000)
            print(f"browser: undo, until the page shows it {time.perf_counter() - t0:.2f} s")
            keys = []
            page.evaluate("document.activeElement && document.activeElement.blur()")
            for n in range(2, 9):  # J (next bead), keyboard only, until the page shows the bead it moved to
                t0 = time.perf_counter()
                page.keyboard.press("j")
                expect(main).to_contain_text(f"Bead {n} ·", timeout=60_000)
                keys.append(time.perf_counter() - t0)
            print(f"browser: key J until the next bead is shown: median {statistics.median(keys):.2f} s, "
                  f"max {max(keys):.2f} s ({len(keys)} presses)")
            # Keys inside the bitext view: J moves its highlight at once (Python is told after); M is shown when
            # the rerun's render arrives. The view times both itself (data-key-ms, data-op-ms): key press to drawn.
            root = page.frame_locator('iframe[title*="bitext"]').locator("#root")
            root.locator(".row.cur").click()
            start = int(root.get_attribute("data-current"))
            moves, ops = [], []
            for n in range(start + 1, start + 8):
                page.keyboard.press("j")
                expect(root).to_have_attribute("data-current", str(n), timeout=60_000)
                moves.append(float(root.get_attribute("data-key-ms")))
                expect(main).to_contain_text(f"Bead {n} ·", timeout=60_000)  # the page caught up: next key
            for key in ("m", "z") * 3:
                version = int(root.get_attribute("data-version"))
                page.keyboard.press(key)
                expect(root).to_have_attribute("data-version", str(version + 1), timeout=60_000)
                ops.append(float(root.get_attribute("data-op-ms")))
            print(f"browser: key J in the bitext view until it is drawn: median {statistics.median(moves):.1f} ms, "
                  f"max {max(moves):.1f} ms ({len(moves)} presses)")
            print(f"browser: keys M and Z in the view until the result is drawn: "
                  f"median {statistics.median(ops):.0f} ms,"
                  f" max {max(ops):.0f} ms ({len(ops)} presses)")
            browser.close()
    finally:
        _stop(server)


if __name__ == "__main__":
    main()
