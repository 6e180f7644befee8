"""In headless Chromium: the bitext view shows the current bead whole with its neighbours at 1280×720 and 1920×1080,
a click selects a bead, the page's S opens the view's split preview, a moved sentence stays in view.

Screenshots go to test-artifacts/ui-e2e/ (bitext-1280x720.png, bitext-1920x1080.png).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import SHOTS, BitextView, Session
from tm.project.store import Project

pytestmark = pytest.mark.slow
GEOMETRY = """(root) => {
  const box = (e) => e ? [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom] : null;
  const cur = document.querySelector('.row.cur');
  return {pane: box(document.getElementById('pane')), cur: box(cur), prev: box(cur.previousElementSibling),
          next: box(cur.nextElementSibling),
          src: [...cur.querySelectorAll('.src .seg')].map((p) => p.textContent),
          tgt: [...cur.querySelectorAll('.tgt .seg')].map((p) => p.textContent)};
}"""


def _geometry(view: BitextView) -> dict:
    """Where the pane, the current bead and its neighbours are (px in the frame), and the current bead's lines."""
    return view.root.evaluate(GEOMETRY)


@pytest.mark.parametrize("viewport", [(1280, 720), (1920, 1080)])
def test_current_bead_whole_and_its_neighbours_without_scrolling(browser, served_book, viewport) -> None:  # noqa: ANN001
    project, port, _ = served_book
    p = Project.open(project)
    # The longest bead of the opening (a 1-4: one English sentence, four French ones), between two others.
    n = max(range(1, 12), key=lambda k: len(p.beads()[k].src) + len(p.beads()[k].tgt))
    s = Session(browser, port, "bitext", viewport=viewport)
    s.goto(f"?bead={n + 1}")
    view = BitextView(s, project)
    expect(view.root).to_have_attribute("data-current", str(n + 1), timeout=60_000)
    s.wait_text(f"Bead {n + 1} ·")
    s.page.wait_for_timeout(1500)  # the frame takes its height after the first draw
    frame = s.page.locator('iframe[title*="bitext"]').bounding_box()
    assert frame["y"] + frame["height"] <= viewport[1], "the view reaches below the window: the page must scroll"
    g = _geometry(view)
    top, bottom = g["pane"]
    assert top <= g["cur"][0] and g["cur"][1] <= bottom, g  # the whole current bead is in view
    assert g["prev"] and g["prev"][1] > top + 10, g  # part of the bead before it
    assert g["next"] and g["next"][0] < bottom - 10, g  # and of the one after it
    bead = p.beads()[n]
    # Full sentences, exactly as stored (each line starts with its number, S1 / T1 …).
    assert g["src"] == [f"S{k + 1}{p.texts('src')[i]}" for k, i in enumerate(bead.src)]
    assert g["tgt"] == [f"T{k + 1}{p.texts('tgt')[i]}" for k, i in enumerate(bead.tgt)]
    SHOTS.mkdir(parents=True, exist_ok=True)
    s.page.screenshot(path=str(SHOTS / f"bitext-{viewport[0]}x{viewport[1]}.png"))


def test_click_page_keys_split_preview_and_moves_in_view(browser, served_book) -> None:  # noqa: ANN001
    project, port, _ = served_book
    s = Session(browser, port, "bitext-ops", viewport=(1280, 720))
    s.goto("?bead=2")
    view = BitextView(s, project)
    expect(view.root).to_have_attribute("data-current", "2", timeout=60_000)
    view.root.locator('.row[data-bead="4"]').click()  # a click selects the bead
    s.wait_text("Bead 4 ·")
    expect(view.root).to_have_attribute("data-current", "4")
    s.page.evaluate("document.activeElement && document.activeElement.blur()")  # the keys go to the page now
    s.page.keyboard.press("s")  # the page's S: the view opens its preview (never a blind split) and takes the keys
    expect(view.root).to_have_attribute("data-split", "open", timeout=60_000)
    assert Project.open(project).version == 0
    before = len(Project.open(project).beads())
    b = Project.open(project).beads()[3]
    want = (len(b.src), 0) if b.tgt else (1, 0)
    view.split(*want)  # ↑↓ / Shift+↑↓ as the preview shows them, then Enter
    assert len(Project.open(project).beads()) == before + 1
    # Move the last source sentence of bead 3 down: bead 4 (which receives it) stays in view under bead 3.
    view.press("k", edits=False, current=3)
    moved = Project.open(project)
    text = moved.texts("src")[moved.beads()[2].src[-1]]
    view.press("e")
    g = _geometry(view)
    nxt = view.root.locator('.row[data-bead="4"]')
    expect(nxt).to_contain_text(text)
    assert g["next"][0] < g["pane"][1] - 10, g
    view.press("z")  # undo says what it undid
    s.wait_text("Undone: move a sentence of bead 3")


def _confirmed(project) -> set[int]:  # noqa: ANN001
    p = Project.open(project, readonly=True)
    return {k + 1 for k, status in enumerate(p.statuses()) if status.value == "confirmed"}


def test_quick_keys_are_neither_lost_nor_merged(browser, served_book) -> None:  # noqa: ANN001
    """Keys pressed with no pause, in the view and on the page around it, each act once, on the bead they should:
    five A's confirm five beads; J's on the page move one bead each; A J A confirms two beads and skips one."""
    project, port, _ = served_book
    s = Session(browser, port, "quick-keys", viewport=(1280, 720))
    s.goto("?bead=10")
    view = BitextView(s, project)
    expect(view.root).to_have_attribute("data-current", "10", timeout=60_000)
    view.root.locator(".row.cur").click()
    for _ in range(5):
        s.page.keyboard.press("a")
    expect(view.root).to_have_attribute("data-current", "15", timeout=60_000)
    s.wait_text("Bead 15 ·")
    assert _confirmed(project) == {10, 11, 12, 13, 14}
    s.page.evaluate("document.activeElement && document.activeElement.blur()")  # the keys go to the page now
    for _ in range(6):
        s.page.keyboard.press("j")
    expect(view.root).to_have_attribute("data-current", "21", timeout=60_000)
    s.wait_text("Bead 21 ·")
    for key in "aja":
        s.page.keyboard.press(key)
    expect(view.root).to_have_attribute("data-current", "24", timeout=60_000)
    s.wait_text("Bead 24 ·")
    assert _confirmed(project) == {10, 11, 12, 13, 14, 21, 23}
    s.shot("quick-keys")


def test_arabic_side_is_shown_right_to_left(browser, tmp_path) -> None:  # noqa: ANN001
    # Real ar-MA/en paragraphs (debian-handbook, a bidi mark inside), aligned by the real pipeline into a project.
    from align.api import AlignOptions, align_files
    from tests.fixtures.server import serving
    from tests.tm.test_tmx_six_languages import AR_EN

    (tmp_path / "ar.txt").write_text("\n\n".join(a for a, _ in AR_EN[:2]) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(e for _, e in AR_EN[:2]) + "\n", encoding="utf-8")
    al = align_files(tmp_path / "ar.txt", tmp_path / "en.txt", src_lang="ar", tgt_lang="en",
                     options=AlignOptions(cache=False, check_lang=False))
    project = tmp_path / "ar-en.tmproj"
    Project.create(project, al, srclang="ar", tgtlang="en").close()
    with serving(project) as port:
        s = Session(browser, port, "bitext-ar", viewport=(1280, 720))
        s.goto("?bead=1")
        view = BitextView(s, project)
        expect(view.root).to_have_attribute("data-current", "1", timeout=60_000)
        s.page.wait_for_timeout(1000)
        sides = view.root.evaluate("""() => {
          const cell = (side) => document.querySelector(`.row.cur .${side}`);
          const style = (e) => [getComputedStyle(e).direction, getComputedStyle(e).textAlign];
          return {src: style(cell('src')), tgt: style(cell('tgt')), text: cell('src').textContent};
        }""")
        SHOTS.mkdir(parents=True, exist_ok=True)
        s.page.screenshot(path=str(SHOTS / "bitext-ar-en.png"))
    assert sides["src"][0] == "rtl" and sides["src"][1] in ("right", "start"), sides
    assert sides["tgt"][0] == "ltr", sides
    assert "facility" in sides["text"]
