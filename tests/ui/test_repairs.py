"""AppTest: the OCR repairs page lists the French repairs; accept/reject one or a whole rule, undo, TMX follows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.fixtures.ui import app_for, assert_clean, click, reopen
from tm.project.actions import tmx_bytes


def _page(project: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    at = app_for(project, monkeypatch)
    at.sidebar.radio(key="nav").set_value("OCR repairs").run()
    assert_clean(at)
    return at


def test_page_lists_the_repairs(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = reopen(un_project).repairs()
    assert len(rows) > 50 and {"a-grave", "misread-accent"} <= {r.rule for r in rows}
    at = _page(un_project, monkeypatch)
    table = at.dataframe[0].value
    assert list(table.columns) == ["id", "segment", "before", "after", "rule", "status", "context"]
    assert len(table) == 40 and set(table["status"]) == {"pending"}
    assert any(f"{len(rows)} suggestions" in c.value for c in at.caption)


def test_reject_one_restores_the_token_and_undo_brings_it_back(un_project: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project = reopen(un_project)
    row = next(r for r in project.repairs() if r.rule == "misread-accent")
    repaired = project.texts(row.side)[row.index]
    assert row.after in repaired
    at = _page(un_project, monkeypatch)
    click(at, f"repairs_reject_{row.id}")
    project = reopen(un_project)
    text = project.texts(row.side)[row.index]
    assert text == repaired[:row.at] + row.before + repaired[row.at + len(row.after):]
    assert next(r for r in project.repairs() if r.id == row.id).status == "rejected"
    assert row.before in tmx_bytes(project)[0].decode()
    click(at, "repairs_undo")
    project = reopen(un_project)
    assert project.texts(row.side)[row.index] == repaired
    assert next(r for r in project.repairs() if r.id == row.id).status == "pending"


def test_reject_and_accept_a_whole_rule(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = reopen(un_project).texts("src")
    at = _page(un_project, monkeypatch)
    click(at, "repairs_reject_rule_a-grave")
    project = reopen(un_project)
    rows = [r for r in project.repairs() if r.rule == "a-grave"]
    assert rows and all(r.status == "rejected" for r in rows)
    for r in rows:  # every à the rule wrote is an a again, and the rest of the sentence is as it was
        assert project.texts("src")[r.index].count("à") < before[r.index].count("à") or before[r.index].count("à") == 0
    assert sum(t.count(" à ") for t in project.texts("src")) < sum(t.count(" à ") for t in before)
    click(at, "repairs_accept_rule_a-grave")
    project = reopen(un_project)
    assert project.texts("src") == before
    assert all(r.status == "accepted" for r in project.repairs() if r.rule == "a-grave")


def test_old_project_without_repairs_table(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(un_project) as conn:
        conn.execute("DROP TABLE repairs")
    at = _page(un_project, monkeypatch)
    assert any("No OCR repairs" in c.value for c in at.caption)
    assert reopen(un_project).repairs() == []


def test_review_shows_a_beads_pending_repairs(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = reopen(un_project)
    row = project.repairs()[0]
    bead = next(n for n, b in enumerate(project.beads()) if row.index in b.side(row.side))
    held = [r for r in project.repairs() if r.status == "pending"
            and r.index in project.beads()[bead].side(r.side)]
    at = app_for(un_project, monkeypatch)
    at.number_input(key="review_bead").set_value(bead + 1).run()
    assert_clean(at)
    shown = [h.proto.body for h in at.get("html") if "pending OCR repair" in h.proto.body]
    assert shown and shown[0].count("→") == len(held) and f"{len(held)} pending" in shown[0]


def _bodies(at) -> list[str]:  # noqa: ANN001
    return [e.proto.body for e in at.get("html")]


def test_page_marks_the_changed_word_in_its_sentence(un_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row shows its sentence as stored (escaped HTML, never Markdown) with the repaired token marked."""
    import html

    project = reopen(un_project)
    rows = project.repairs()[:40]  # the first page
    texts = project.texts("src")
    at = _page(un_project, monkeypatch)
    bodies = _bodies(at)
    for r in rows:
        text = texts[r.index]
        assert text[r.at:r.at + len(r.after)] == r.after
        want = html.escape(text[max(0, r.at - 40):r.at]) + f'<mark class="repair">{html.escape(r.after)}</mark>'
        assert any(want in b for b in bodies), (r, want)
    # Rejected, the original token is marked where the repaired one was.
    r = next(r for r in rows if r.rule == "misread-accent")
    click(at, f"repairs_reject_{r.id}")
    before = html.escape(r.before)
    assert any(f'<mark class="repair">{before}</mark>' in b and f"<del>{before}</del>" in b for b in _bodies(at))
    # Text that looks like HTML or Markdown is shown as typed; an edit before the token does not lose the mark.
    project = reopen(un_project)
    r = next(q for q in project.repairs()[:40] if q.at < 15 and q.index != r.index)  # on the page, near the start
    text = project.texts(r.side)[r.index]
    project.edit_text(r.side, r.index, "a <b>x</b> & y -- *z* " + text)
    at = _page(un_project, monkeypatch)
    body = next(b for b in _bodies(at) if f'<mark class="repair">{html.escape(r.after)}</mark>' in b
                and "a &lt;b&gt;x&lt;/b&gt; &amp; y -- *z* " in b)
    assert "<b>x</b>" not in body
