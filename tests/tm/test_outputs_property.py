"""Property: after any sequence of good and failing runs into the same output paths, each output is the last good
run's result, or untouched (the seed) when no run succeeded."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.fixtures.hostile import EN_SHORT, FR_SHORT
from tm.cli import app

RUNS = st.lists(st.sampled_from(["good-a", "good-b", "bad-input", "tsv-fails", "tmx-fails", "rename-fails"]),
                min_size=1, max_size=5)
PAIRS = {"a": (FR_SHORT.split("\n\n")[:3], EN_SHORT.split("\n\n")[:3]),
         "b": (FR_SHORT.split("\n\n")[3:6], EN_SHORT.split("\n\n")[3:6])}


def _failing_replace(real):
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        # Calls 1-2 are the writers' own temp renames, 3-4 the commit: the 4th fails with the TMX already in
        # place, which the plan must put back.
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        return real(src, dst)
    return replace


def _run(kind: str, d: Path, runner: CliRunner) -> int:
    fr, en = d / f"fr-{kind[-1]}.txt", d / f"en-{kind[-1]}.txt"
    if kind == "bad-input":
        fr, en = d / "empty.txt", d / "en-a.txt"
    args = ["align", str(fr), str(en), "-o", str(d / "out.tmx"), "--tsv", str(d / "out.tsv")]
    if kind.startswith("good") or kind == "bad-input":
        return runner.invoke(app, args).exit_code
    fr, en = d / "fr-a.txt", d / "en-a.txt"
    args[1:3] = [str(fr), str(en)]
    if kind == "tsv-fails":
        patch = mock.patch("tm.tsv.write_tsv", side_effect=OSError(28, "No space left on device"))
    elif kind == "tmx-fails":
        patch = mock.patch("tm.tmx.build_tmx", side_effect=MemoryError())
    else:
        patch = mock.patch("tm.outputs.os.replace", side_effect=_failing_replace(os.replace))
    with patch:
        return runner.invoke(app, args).exit_code


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RUNS)
def test_outputs_are_the_last_good_result_or_untouched(runs: list[str]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {"XDG_CACHE_HOME": f"{tmp}/cache",
                                                                            "HF_HUB_OFFLINE": "1"}):
        d = Path(tmp)
        for key, (fr, en) in PAIRS.items():
            (d / f"fr-{key}.txt").write_text("\n\n".join(fr), encoding="utf-8")
            (d / f"en-{key}.txt").write_text("\n\n".join(en), encoding="utf-8")
        (d / "empty.txt").write_bytes(b"")
        (d / "out.tmx").write_bytes(b"seed tmx")
        (d / "out.tsv").write_bytes(b"seed tsv")
        expected = {"out.tmx": b"seed tmx", "out.tsv": b"seed tsv"}
        for kind in runs:
            code = _run(kind, d, runner)
            if kind.startswith("good"):
                assert code == 0, kind
                expected = {name: (d / name).read_bytes() for name in expected}
                first_sentence = PAIRS[kind[-1]][1][0].split()[0]
                assert first_sentence.encode() in expected["out.tsv"]
            else:
                assert code != 0, kind
            assert {name: (d / name).read_bytes() for name in expected} == expected, (kind, runs)
            assert not [p.name for p in d.iterdir() if p.name.endswith(".tmp")], "a temp file was left behind"
