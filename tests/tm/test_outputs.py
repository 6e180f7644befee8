"""OutputPlan: outputs checked before work, written as temps, committed together or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.errors import TmbuildError
from tm.outputs import OutputPlan, check_output


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file() and not p.is_symlink()}


def test_commit_replaces_all_targets_and_leaves_no_temps(tmp_path: Path) -> None:
    (tmp_path / "a.tmx").write_text("old a")
    with OutputPlan() as plan:
        plan.add(tmp_path / "a.tmx").write_text("new a")
        plan.add(tmp_path / "b.tsv", "--tsv").write_text("new b")
    assert _files(tmp_path) == {"a.tmx": b"new a", "b.tsv": b"new b"}


def test_a_failure_inside_the_block_leaves_every_file_untouched(tmp_path: Path) -> None:
    (tmp_path / "a.tmx").write_text("old a")
    before = _files(tmp_path)
    with pytest.raises(RuntimeError), OutputPlan() as plan:
        plan.add(tmp_path / "a.tmx").write_text("new a")
        plan.add(tmp_path / "b.tsv", "--tsv")
        raise RuntimeError("a late step failed")
    assert _files(tmp_path) == before


def test_a_failed_rename_restores_the_targets_already_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.tmx").write_text("old a")
    (tmp_path / "b.tsv").write_text("old b")
    before = _files(tmp_path)
    plan = OutputPlan()
    plan.add(tmp_path / "a.tmx").write_text("new a")
    tmp_b = plan.add(tmp_path / "b.tsv")
    tmp_b.unlink()  # the second rename now fails (its temp file is gone)
    with pytest.raises(TmbuildError, match="b.tsv"):
        plan.commit()
    assert _files(tmp_path) == before


def test_a_symlink_target_is_replaced_and_the_link_kept(tmp_path: Path) -> None:
    (tmp_path / "real.tmx").write_text("old")
    (tmp_path / "link.tmx").symlink_to("real.tmx")
    with OutputPlan() as plan:
        plan.add(tmp_path / "link.tmx").write_text("new")
    assert (tmp_path / "link.tmx").is_symlink()
    assert (tmp_path / "real.tmx").read_text() == "new"


def test_permissions_of_a_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.tmx"
    target.write_text("old")
    target.chmod(0o640)
    with OutputPlan() as plan:
        plan.add(target).write_text("new")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("case, message", [
    ("input", "one of the input documents"),
    ("input-via-link", "one of the input documents"),
    ("hardlink-to-input", "one of the input documents"),
    ("twice", "given both as"),
    ("directory", "a folder, not a file"),
    ("trailing-slash", "a folder, not a file"),
    ("fifo", "named pipe"),
    ("device", "a device"),
    ("file-in-the-way", "a file is in the way"),
    ("name-too-long", "file name is too long"),
])
def test_refused_outputs(tmp_path: Path, case: str, message: str) -> None:
    src = tmp_path / "fr.txt"
    src.write_text("texte")
    paths = {
        "input": [src], "twice": [tmp_path / "o.tmx", tmp_path / "o.tmx"], "directory": [tmp_path],
        "trailing-slash": [str(tmp_path / "newdir") + "/"], "device": [Path("/dev/null")],
        "file-in-the-way": [src / "o.tmx"], "name-too-long": [tmp_path / ("n" * 300)],
    }
    if case == "input-via-link":
        (tmp_path / "l.txt").symlink_to(src)
        paths[case] = [tmp_path / "l.txt"]
    if case == "hardlink-to-input":
        os.link(src, tmp_path / "h.txt")
        paths[case] = [tmp_path / "h.txt"]
    if case == "fifo":
        os.mkfifo(tmp_path / "pipe")
        paths[case] = [tmp_path / "pipe"]
    before = _files(tmp_path)
    plan = OutputPlan(inputs=[src])
    with pytest.raises(TmbuildError, match=message):
        for p in paths[case]:
            plan.add(p)
    plan.discard()
    assert _files(tmp_path) == before


def test_a_250_byte_name_is_accepted(tmp_path: Path) -> None:
    name = "a" * 246 + ".tmx"
    with OutputPlan() as plan:
        plan.add(tmp_path / name).write_text("x")
    assert (tmp_path / name).read_text() == "x"
    assert check_output(tmp_path / name) == tmp_path / name
