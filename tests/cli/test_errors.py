"""Every command's error cases as a user meets them: exit 2, one coded line on stderr, nothing else touched.

Each case runs `tmbuild` as a child process in a folder holding real inputs and earlier outputs; afterwards every
file in it must be byte-identical (no partial output, no temp file, no input overwritten) and no log written.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from align import errors
from tests.fixtures.cli import ENV_KEYS
from tests.fixtures.paths import CORPUS, REPO

TAG = 'en" x="1'  # a malformed tag that must not be echoed raw
ESCAPED_NAME = "a\x1b[2J[/]b.txt"  # an ESC sequence and rich markup in a file name


def _os(number: int) -> str:
    return errors.os_problem(OSError(number, os.strerror(number))).code


def _usage() -> str:
    return errors.bad_arguments("", "").code


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: str  # from the factory the command must raise, never copied from the output
    shows: str = ""  # text the line must hold (the file it names), if any


CASES: dict[str, Case] = {
    # align
    "align-missing-file": Case(("align", "nope.txt", "en.txt", "-o", "out.tmx"), errors.missing_file("").code,
                               "nope.txt"),
    "align-folder-as-input": Case(("align", "folder", "en.txt", "-o", "out.tmx"), errors.missing_file(str(REPO)).code,
                                  "folder"),
    "align-empty-file": Case(("align", "empty.txt", "en.txt", "-o", "out.tmx"), errors.empty_file("").code,
                             "empty.txt"),
    "align-binary-file": Case(("align", "fr.txt", "image.png", "-o", "out.tmx"), errors.binary_file("").code,
                              "image.png"),
    "align-same-file": Case(("align", "fr.txt", "fr.txt", "-o", "out.tmx"), errors.same_file("", "").code),
    "align-wrong-language": Case(("align", "en.txt", "fr.txt", "-o", "out.tmx"),
                                 errors.wrong_language("", "", "").code, "en.txt"),
    "align-bad-tag": Case(("align", "fr.txt", "en.txt", "-o", "out.tmx", "--tgt", TAG),
                          errors.bad_language_tag("").code, TAG),
    "align-unknown-encoder": Case(("align", "fr.txt", "en.txt", "-o", "out.tmx", "--encoder",
                                   "no-such-org/no-such-model"), errors.encoder_unavailable("", "").code,
                                  "no-such-org/no-such-model"),
    "align-nothing-to-write": Case(("align", "fr.txt", "en.txt"), errors.nothing_to_write().code),
    "align-project-exists": Case(("align", "fr.txt", "en.txt", "--project", "old.tmproj"),
                                 errors.project_exists("").code, "old.tmproj"),
    "align-output-is-input": Case(("align", "fr.txt", "en.txt", "-o", "en.txt"), errors.output_is_input("").code,
                                  "en.txt"),
    "align-output-is-folder": Case(("align", "fr.txt", "en.txt", "-o", "folder"), _os(errno.EISDIR), "folder"),
    "align-output-blocked": Case(("align", "fr.txt", "en.txt", "-o", "blocker/out.tmx"), _os(errno.ENOTDIR),
                                 "blocker"),
    "align-tsv-blocked": Case(("align", "fr.txt", "en.txt", "-o", "out.tmx", "--tsv", "blocker/deeper/out.tsv"),
                              _os(errno.ENOTDIR), "blocker"),
    "align-name-too-long": Case(("align", "fr.txt", "en.txt", "-o", "x" * 300 + ".tmx"), _os(errno.ENAMETOOLONG),
                                "x" * 300),
    "align-escaped-name": Case(("align", ESCAPED_NAME, "en.txt", "-o", "out.tmx"), errors.missing_file("").code,
                               "a\\x1b[2J[/]b.txt"),
    "align-bead-out-of-range": Case(("align", "fr.txt", "en.txt", "-o", "out.tmx", "--max-bead", "99"), _usage(),
                                    "--max-bead"),
    "align-bad-format": Case(("align", "fr.txt", "en.txt", "-o", "out.tmx", "--format", "docx"), _usage(), "docx"),
    "align-missing-argument": Case(("align", "fr.txt"), _usage(), "tgt_file"),
    # eval
    "eval-missing-alignment": Case(("eval", "nope.tmx", "--gold", "gold.jsonl"), errors.missing_file("").code,
                                   "nope.tmx"),
    "eval-missing-gold": Case(("eval", "out.tmx", "--gold", "nope.jsonl"), errors.missing_file("").code,
                              "nope.jsonl"),
    "eval-unknown-gold-format": Case(("eval", "out.tmx", "--gold", "notes.txt"),
                                     errors.unknown_gold_format("").code, "notes.txt"),
    "eval-gold-not-json": Case(("eval", "de-it.tmx", "--gold", "bad-gold.jsonl"), errors.gold_not_json("", 0, "").code,
                               "bad-gold.jsonl:2"),
    # Not XML at all: the XML reader's own message (the one TMX reader parses through align.readers.xmlsafe).
    "eval-alignment-not-tmx": Case(("eval", "notes.txt", "--gold", "gold.jsonl"),
                                   errors.unreadable("", "TMX", "").code, "notes.txt"),
    "eval-no-gold-option": Case(("eval", "out.tmx"), _usage(), "--gold"),
    # terms
    "terms-missing-source": Case(("terms", "nope.tmx", "-o", "out.tbx"), errors.missing_file("").code, "nope.tmx"),
    "terms-not-tmx-or-project": Case(("terms", "notes.txt", "-o", "out.tbx"), errors.not_tmx_or_project("").code,
                                     "notes.txt"),
    "terms-other-languages": Case(("terms", "de-it.tmx", "-o", "out.tbx", "--encoder", "none"),
                                  errors.no_bilingual_segments("", "", "").code, "de-it.tmx"),
    "terms-output-is-folder": Case(("terms", "de-it.tmx", "-o", "folder"), _os(errno.EISDIR), "folder"),
    "terms-output-is-input": Case(("terms", "de-it.tmx", "-o", "de-it.tmx"), errors.output_is_input("").code),
    "terms-bad-format": Case(("terms", "de-it.tmx", "-o", "out.tbx", "--format", "xlsx"), _usage(), "xlsx"),
    "terms-no-output": Case(("terms", "de-it.tmx"), _usage(), "--output"),
    # clean
    "clean-missing-file": Case(("clean", "nope.txt", "-o", "out.txt"), errors.missing_file("").code, "nope.txt"),
    "clean-binary-file": Case(("clean", "image.png", "-o", "out.txt"), errors.binary_file("").code, "image.png"),
    "clean-not-french": Case(("clean", "en.txt", "--lang", "en"), errors.no_repair_rules("").code, "en"),
    "clean-bad-tag": Case(("clean", "fr.txt", "--lang", TAG), errors.bad_language_tag("").code, TAG),
    "clean-output-is-input": Case(("clean", "fr.txt", "-o", "fr.txt"), errors.output_is_input("").code, "fr.txt"),
    "clean-output-is-folder": Case(("clean", "fr.txt", "-o", "folder"), _os(errno.EISDIR), "folder"),
    # ui (refused before the server starts)
    "ui-folder": Case(("ui", "folder"), errors.project_is_a_folder("").code, "folder"),
    "ui-not-a-project": Case(("ui", "notes.txt"), errors.not_a_project("").code, "notes.txt"),
    "ui-port-out-of-range": Case(("ui", "new.tmproj", "--port", "0"), _usage(), "--port"),
    "ui-port-not-a-number": Case(("ui", "new.tmproj", "--port", "abc"), _usage(), "--port"),
    # the command itself
    "unknown-command": Case(("frobnicate",), _usage(), "frobnicate"),
    "unknown-option": Case(("--bogus",), _usage(), "--bogus"),
}

DE_IT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="de"><seg>Die Generalversammlung tagt.</seg></tuv><tuv xml:lang="it"><seg>L'Assemblea generale si
riunisce.</seg></tuv></tu></body></tmx>
"""


def _workdir(root: Path) -> Path:
    """Inputs and earlier outputs a user might have in the folder where a command fails."""
    work = root / "work"
    work.mkdir()
    for name in ("fr.txt", "en.txt", "gold.jsonl"):
        shutil.copy(CORPUS / name, work / name)
    (work / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (work / "image.png").write_bytes(bytes(range(256)) * 64)
    (work / "notes.txt").write_text("Shopping: bread, [milk], cheese.\n", encoding="utf-8")
    (work / "bad-gold.jsonl").write_text('{"id": "u1", "fr": "Oui.", "en": "Yes."}\n{"id": "u2", "fr": \n',
                                         encoding="utf-8")
    (work / "de-it.tmx").write_text(DE_IT_TMX, encoding="utf-8")
    (work / "blocker").write_text("a file where a folder is asked for\n", encoding="utf-8")
    (work / "folder").mkdir()
    (work / "folder" / "kept.txt").write_text("kept\n", encoding="utf-8")
    for name in ("out.tmx", "out.tsv", "out.tbx", "out.txt", "old.tmproj"):  # earlier results, to be kept as they are
        (work / name).write_bytes(f"earlier {name}\n".encode() + os.urandom(64))
    return work


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def run(args: tuple[str, ...], cwd: Path, state: Path, cache: Path,
        prelude: str = "") -> subprocess.CompletedProcess[str]:
    """`tmbuild ARGS` in a child process; `prelude` is Python run first (to plant a bug for the internal cases)."""
    env = {**os.environ, **ENV_KEYS, "XDG_STATE_HOME": str(state), "XDG_CACHE_HOME": str(cache),
           "PYTHONPATH": str(REPO)}
    code = f"import sys\n{prelude}\nfrom tm.cli import main\nsys.argv = ['tmbuild', *sys.argv[1:]]\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_error_case(tmp_path: Path, case: Case) -> None:
    work = _workdir(tmp_path)
    before = _snapshot(work)
    proc = run(case.args, work, tmp_path / "state", tmp_path / "cache")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "\x1b" not in proc.stderr and "[Errno" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error {case.code}: "), lines[0]
    assert case.shows in lines[0]
    assert "(" in lines[0] and lines[0].endswith(")"), "every message says what to do"
    assert not proc.stdout.strip(), proc.stdout
    assert _snapshot(work) == before
    assert not (tmp_path / "state").exists(), "a user error writes no log"


def test_the_table_covers_every_command() -> None:
    from typer.main import get_command

    from tm.cli import app

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert commands <= {case.args[0] for case in CASES.values()} | {"cache"}  # `cache`: tests/embed, its own area


# ---------------------------------------------------------------- what the user cannot fix


BUG = "import align.api\ndef _bug(*a, **k):\n    raise {exc}\nalign.api.align_files = _bug\n"


def test_a_bug_is_one_line_exit_3_and_a_logged_traceback(tmp_path: Path) -> None:
    work = _workdir(tmp_path)
    before = _snapshot(work)
    proc = run(("align", "fr.txt", "en.txt", "-o", "out.tmx"), work, tmp_path / "state", tmp_path / "cache",
               BUG.format(exc="RuntimeError('band \\x1b[31mlost\\nin two lines')"))
    assert proc.returncode == 3
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr and "\x1b" not in proc.stderr, proc.stderr
    assert lines[0].startswith("internal error: RuntimeError: band \\x1b[31mlost in two lines; the traceback is in ")
    assert lines[0].endswith("; please report it")
    (log,) = (tmp_path / "state" / "tmbuild" / "logs").glob("*.log")
    assert str(log) in lines[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text and "align fr.txt en.txt -o out.tmx" in text
    assert _snapshot(work) == before


def test_without_a_log_the_traceback_goes_to_stderr(tmp_path: Path) -> None:
    work = _workdir(tmp_path)
    state = work / "blocker"  # a file: no log folder can be made under it
    proc = run(("align", "fr.txt", "en.txt", "-o", "out.tmx"), work, state, tmp_path / "cache",
               BUG.format(exc="KeyError('lost')"))
    assert proc.returncode == 3
    first, *rest = proc.stderr.splitlines()
    assert first.startswith("internal error: KeyError: 'lost'; the traceback could not be written to ")
    assert str(state) in first and rest[0].startswith("Traceback") and "KeyError: 'lost'" in rest[-1]


@pytest.mark.parametrize(("exc", "code", "shows"), [
    ("PermissionError(13, 'Permission denied', '/srv/shared/memory.tmx')", _os(errno.EACCES), "/srv/shared/memory.tmx"),
    ("OSError(28, 'No space left on device', 'big.tmx')", _os(errno.ENOSPC), "big.tmx"),
    ("OSError(5, 'Input/output error', 'disk.tmx')", errors.os_problem(OSError(5, "")).code, "input/output error"),
], ids=["permission-denied", "disk-full", "input-output"])
def test_an_os_problem_anywhere_is_a_coded_line(tmp_path: Path, exc: str, code: str, shows: str) -> None:
    work = _workdir(tmp_path)
    proc = run(("align", "fr.txt", "en.txt", "-o", "out.tmx"), work, tmp_path / "state", tmp_path / "cache",
               BUG.format(exc=exc))
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error {code}: ") and shows in line and "[Errno" not in line


def test_an_os_error_with_nothing_to_say_is_a_bug(tmp_path: Path) -> None:
    proc = run(("align", "fr.txt", "en.txt", "-o", "out.tmx"), _workdir(tmp_path), tmp_path / "state",
               tmp_path / "cache", BUG.format(exc="OSError('a library gave up')"))
    assert proc.returncode == 3 and proc.stderr.startswith("internal error: OSError: a library gave up;")


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    proc = run(("align", "fr.txt", "en.txt", "-o", "out.tmx"), _workdir(tmp_path), tmp_path / "state",
               tmp_path / "cache", BUG.format(exc="KeyboardInterrupt()"))
    assert proc.returncode == 130 and "Traceback" not in proc.stderr
    assert not (tmp_path / "state").exists()
