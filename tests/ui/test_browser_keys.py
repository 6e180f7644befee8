"""In headless Chromium, keys only: fix a TransRead book's aligner errors in the bitext view until its gold is reached.

The book is aligned here by the real USE aligner; a reviewer who knows the gold (read from the benchmark) presses
keys in the view — no mouse — and the test counts them. The figure is the one quoted in ui/README.md.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.book import BOOK, Pair
from tests.fixtures.browser import BitextView, Session
from tm.project.edits import Status
from tm.project.store import Project

pytestmark = pytest.mark.slow
STRETCH = 23  # gold beads to reach with keys: they hold three aligner errors (a 1-2, a missed target, a 5-0)


def _fix(view: BitextView, i: int, gold: Pair) -> None:
    """One key (or one split) that brings bead i closer to the gold bead; everything before it is right."""
    beads = view.beads()
    c, nxt = beads[i], beads[i + 1] if i + 1 < len(beads) else None
    missing = {side: len(gold[n]) - len(c.side(side)) for n, side in enumerate(("src", "tgt"))}
    if all(m <= 0 for m in missing.values()):  # the bead holds the gold bead and more: split the rest off
        view.split(len(gold[0]), len(gold[1]))
        return
    assert nxt is not None
    if len(nxt.src) <= max(missing["src"], 0) and len(nxt.tgt) <= max(missing["tgt"], 0):
        view.press("m")  # the whole next bead belongs here
    elif missing["tgt"] > 0 and nxt.tgt:
        view.press("i")  # the next bead's first target sentence up into this one
    elif missing["src"] > 0 and nxt.src:
        view.press("w")
    else:
        view.press("m")  # the side needed is empty in the next bead: take it whole, split the excess after


def test_fix_a_book_stretch_with_keys_only(browser, served_book) -> None:  # noqa: ANN001
    project, port, gold = served_book
    before = [(b.src, b.tgt) for b in Project.open(project).beads()]
    wrong = [g for g in gold[:STRETCH] if g not in set(before)]
    assert len(wrong) >= 4, "the aligner got this stretch right: the test needs a stretch with errors"
    s = Session(browser, port, "keys", viewport=(1280, 720))
    s.goto("?bead=1")
    view = BitextView(s, project)
    expect(view.root).to_have_attribute("data-current", "1", timeout=60_000)
    fix_keys = confirm_keys = 0
    fixes: list[str] = []
    i = 0
    while i < STRETCH:
        assert view.keys < 20 * STRETCH, "no progress"
        c = view.beads()[i]
        if (c.src, c.tgt) == gold[i]:
            view.press("a", current=i + 2)  # confirm and go on to the next bead
            confirm_keys += 1
            i += 1
            continue
        k = view.keys
        _fix(view, i, gold[i])
        fix_keys += view.keys - k
        fixes.append(f"bead {i + 1} {c.kind}→{len(gold[i][0])}-{len(gold[i][1])}: {' '.join(view.log[k:])}")
    beads = view.beads()
    assert [(b.src, b.tgt) for b in beads[:STRETCH]] == gold[:STRETCH]
    assert all(b.status is Status.CONFIRMED for b in beads[:STRETCH])
    s.shot("fixed", full_page=False)
    per_fix = fix_keys / len(wrong)
    print(f"\n{BOOK}, first {STRETCH} gold beads: {len(wrong)} gold beads missed by the aligner, "
          f"{fix_keys} keys to fix them ({per_fix:.1f} a bead), {confirm_keys} A presses, {view.keys} keys in all; "
          + "; ".join(fixes))
    assert per_fix <= 4
