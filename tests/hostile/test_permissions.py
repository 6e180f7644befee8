"""Permission denied, for real (issue 13): unreadable inputs, gold and projects, unwritable output folders and
cache, with the CLI running as an unprivileged user (nobody) so that file modes are enforced even when the
suite runs as root. Each case: exit 2 with one coded line naming the file (or exit 0 where only the cache is
unwritable), no traceback, and no file changed but the outputs of a successful run."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import hostile as h
from tests.fixtures.cli import ENV_KEYS
from tests.fixtures.hostile_runner import snapshot


def _user() -> tuple[int, int]:
    """Who runs the cases: nobody when we are root, else ourselves (our own file modes apply then)."""
    if os.geteuid() != 0:
        return os.geteuid(), os.getegid()
    try:
        uid = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        pytest.skip("running as root and there is no 'nobody' user to drop to")
    for group in ("nogroup", "nobody"):
        try:
            return uid, grp.getgrnam(group).gr_gid
        except KeyError:
            continue
    pytest.skip("running as root and there is no 'nogroup' or 'nobody' group to drop to")


@pytest.fixture()
def root() -> Iterator[Path]:
    # Not under pytest's tmp_path: its parents are mode 0700, so the unprivileged user could not reach in.
    d = Path(tempfile.mkdtemp(prefix="tmbuild-perm-", dir="/tmp"))
    d.chmod(0o755)
    yield d
    for p in [d, *d.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(d)


def test_permission_denied_as_an_unprivileged_user(root: Path) -> None:
    uid, gid = _user()
    work, locked, readonly = root / "work", root / "locked", root / "readonly"
    for folder in (work, locked, readonly):
        folder.mkdir()
    fr, en = h._w(work / "fr.txt", h.FR_SHORT), h._w(work / "en.txt", h.EN_SHORT)
    tmx = h._w(work / "ok.tmx", h.tmx_text())
    existing = h._w(work / "existing.tmx", "an earlier TMX, which a refused run must leave as it is")
    secret = {name: h._w(work / name, data) for name, data in (
        ("secret-fr.txt", h.FR_SHORT), ("secret.tmx", h.tmx_text()), ("secret.jsonl", '{"id": "a", "fr": "x", '
                                                                       '"en": "y"}\n'), ("secret.tmproj", b"x"))}
    in_locked = h._w(locked / "fr.txt", h.FR_SHORT)
    for folder, mode in ((work, 0o777), (locked, 0o700), (readonly, 0o755)):
        folder.chmod(mode)  # root owns locked/ and readonly/: the user may not enter the one, nor write the other
    for p in [fr, en, tmx, existing]:
        p.chmod(0o644)
    for p in secret.values():
        p.chmod(0o000)
    align = ["align", str(fr), str(en)]
    cases = [
        ("unreadable-input", ["align", str(secret["secret-fr.txt"]), str(en), "-o", str(work / "a.tmx")],
         secret["secret-fr.txt"]),
        ("unreadable-target-input", ["align", str(fr), str(secret["secret-fr.txt"]), "-o", str(work / "a.tmx")],
         secret["secret-fr.txt"]),
        ("input-in-locked-folder", ["align", str(in_locked), str(en), "-o", str(work / "a.tmx")], in_locked),
        ("o-in-readonly-folder", [*align, "-o", str(readonly / "o.tmx")], readonly / "o.tmx"),
        ("tsv-in-readonly-folder", [*align, "-o", str(existing), "--tsv", str(readonly / "o.tsv")],
         readonly / "o.tsv"),
        ("project-in-readonly-folder", [*align, "--project", str(readonly / "p.tmproj")], readonly / "p.tmproj"),
        ("o-in-locked-folder", [*align, "-o", str(locked / "o.tmx")], locked / "o.tmx"),
        ("terms-unreadable-tmx", ["terms", str(secret["secret.tmx"]), "-o", str(work / "t.tbx"), "--encoder",
                                  "none"], secret["secret.tmx"]),
        ("terms-unreadable-project", ["terms", str(secret["secret.tmproj"]), "-o", str(work / "t.tbx"),
                                      "--encoder", "none"], secret["secret.tmproj"]),
        ("terms-o-readonly", ["terms", str(tmx), "-o", str(readonly / "t.tbx"), "--encoder", "none"],
         readonly / "t.tbx"),
        ("eval-unreadable-gold", ["eval", str(tmx), "--gold", str(secret["secret.jsonl"])], secret["secret.jsonl"]),
        ("clean-unreadable", ["clean", str(secret["secret-fr.txt"])], secret["secret-fr.txt"]),
        ("clean-o-readonly", ["clean", str(fr), "-o", str(readonly / "c.txt")], readonly / "c.txt"),
    ]
    ok_out = work / "cache-ro.tmx"
    spec = {"cases": [{"name": n, "argv": argv, "env": {}} for n, argv, _ in cases]
            + [{"name": "cache-unwritable", "argv": [*align, "-o", str(ok_out)],
                "env": {"XDG_CACHE_HOME": str(readonly / "cache")}}]}
    spec_path, results_path = work / "spec.json", work / "results.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    before = snapshot(root, {spec_path})
    env = {**os.environ, **ENV_KEYS, "HOME": str(work), "XDG_CACHE_HOME": str(work / "cache"), "COLUMNS": "200",
           "XDG_STATE_HOME": str(work / "state")}
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "tests.fixtures.hostile_as_user", str(uid), str(gid), str(spec_path),
                    str(results_path)], env=env, cwd=repo, timeout=900, check=True)
    results = {r["name"]: r for r in json.loads(results_path.read_text(encoding="utf-8"))}
    results_path.unlink()
    after = snapshot(root, {spec_path, work / "cache", work / "state"})
    problems = []
    for name, _, named in cases:
        r = results[name]
        lines = [ln for ln in r["stderr"].splitlines() if ln.strip()]
        if r["uid"] != uid:
            problems.append(f"{name}: ran as uid {r['uid']}")
        if r["code"] != 2 or r["crash"] or len(lines) != 1:
            problems.append(f"{name}: exit {r['code']}, {r['crash'][-300:]}{r['stderr']!r}")
        elif not (lines[0].startswith("error E") and str(named) in lines[0] and "permission denied" in lines[0]):
            problems.append(f"{name}: {lines[0]}")
    r = results["cache-unwritable"]
    if r["code"] != 0 or r["crash"]:
        problems.append(f"cache-unwritable: exit {r['code']}: {r['stderr'][-300:]}{r['crash'][-300:]}")
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
                     and Path(k) not in (ok_out, spec_path))
    assert not problems, "\n".join(problems)
    assert not changed, f"files changed by refused runs: {changed}"
    assert ok_out.is_file()
