"""The hostile corpus (issue 13): every case exits 0 with a valid result or 2 with one line naming the file and
the problem; no traceback; within 30 s and 1 GB peak RSS (measured in the child); every other file unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.fixtures import hostile as h
from tests.fixtures.cli import ENV_KEYS
from tm.reporting import terminal_text as printable

SECONDS = 30
# Cases allowed more CPU seconds than SECONDS, by name: none. (200,000 short lines took 31-37 s until the
# splitter skipped texts it cannot split and space runs stopped going through a callback each: 15 s.)
SLOWER: dict[str, float] = {}
HEAVY = {"lines-200k", "html-60k-li", "docx-honest-bomb", "docx-big-xml", "pdf-bomb-small-limit", "line-2m"}
RSS_KB = 1024 * 1024


def _make_project(path: Path) -> Path:
    from align.models import Alignment, Bead
    from align.prepare import load_document
    from tm.project.store import Project

    src = load_document(h._w(path.parent / "p-fr.txt", h.FR_SHORT), "fr", repair_ocr=False)
    tgt = load_document(h._w(path.parent / "p-en.txt", h.EN_SHORT), "en", repair_ocr=False)
    n = min(len(src.segments), len(tgt.segments))
    beads = [Bead((i,), (i,), 0.9) for i in range(n)]
    Project.create(path, Alignment(src=src, tgt=tgt, beads=beads, encoder="none")).close()
    return path


def build(d: Path) -> tuple[list[h.Case], list[h.Case]]:
    """(ordinary cases, heavy cases) over files made under `d`."""
    ind, out = d / "in", d / "out"
    ind.mkdir(parents=True)
    out.mkdir()
    fr, en = h._w(ind / "fr.txt", h.FR_SHORT), h._w(ind / "en.txt", h.EN_SHORT)
    cases: list[h.Case] = []
    for name, (make, expect) in h.hostile_inputs(ind).items():
        path = make()
        heavy = name in HEAVY
        cases.append(h.Case(f"align-{name}", ["align", str(path), str(en), "-o", str(out / f"{name}.tmx")],
                            expect, printable(str(path)), [str(out / f"{name}.tmx")], "tmx", heavy=heavy))
        cases.append(h.Case(f"clean-{name}", ["clean", str(path)], expect if expect != "ok" else "either",
                            printable(str(path)), heavy=heavy))
    cases += _output_cases(d, fr, en)
    cases += _option_cases(d, fr, en)
    cases += _project_cases(d)
    cases += _gold_cases(d)
    heavy = [c for c in cases if c.heavy] + [
        h.Case("sparse-3gb", ["align", str(h.sparse(ind / "zeros.txt", 3 * 2**30)), str(en), "-o", str(out / "z")],
               names=str(ind / "zeros.txt"), heavy=True),
        h.Case("text-50mb", ["align", str(h._w(ind / "big.txt", (h.FR + "\n\n") * 2100)), str(en), "-o",
                             str(out / "big.tmx")], names=str(ind / "big.txt"), heavy=True),
        h.Case("pdf-stream-bomb", ["align", str(h._w(ind / "bomb600.pdf", h._pdf_with_stream(
            h._deflate_zeros(600 * 2**20)))), str(en), "-o", str(out / "b.tmx")], names=str(ind / "bomb600.pdf"),
               heavy=True),
    ]
    return [c for c in cases if not c.heavy], heavy


def _output_cases(d: Path, fr: Path, en: Path) -> list[h.Case]:
    o = d / "out"
    old = h._w(o / "existing.tmx", "old TMX, must survive every refused run")
    (o / "real.tmx").write_text("old target of a link")
    h._link(o / "link.tmx", o / "real.tmx")
    h._link(o / "dangling.tmx", o / "made-through-link.tmx")
    h._link(o / "to-src.txt", fr)
    os.link(fr, o / "hard-src.txt")
    (o / "a-dir").mkdir()
    h._fifo(o / "pipe")
    h._w(o / "proj.tmproj", b"an existing project stands here")
    tmx = h._w(d / "in" / "terms.tmx", h.tmx_text())
    align = ["align", str(fr), str(en)]

    def refused(name: str, *args: str, names: str) -> h.Case:
        return h.Case(f"out-{name}", [*align, *args], "refused", printable(names))

    def ok(name: str, *args: str, outputs: list[Path], valid: str = "tmx") -> h.Case:
        return h.Case(f"out-{name}", [*align, *args], "ok", outputs=[str(p) for p in outputs], valid=valid)

    return [
        refused("is-src", "-o", str(fr), names=str(fr)),
        refused("is-tgt", "-o", str(en), names=str(en)),
        refused("link-to-src", "-o", str(o / "to-src.txt"), names=str(o / "to-src.txt")),
        refused("hardlink-to-src", "-o", str(o / "hard-src.txt"), names=str(o / "hard-src.txt")),
        refused("tsv-is-o", "-o", str(old), "--tsv", str(old), names=str(old)),
        refused("project-is-o", "-o", str(o / "n.tmx"), "--project", str(o / "n.tmx"), names=str(o / "n.tmx")),
        refused("directory", "-o", str(o / "a-dir"), names=str(o / "a-dir")),
        refused("under-a-file", "-o", str(fr / "x.tmx"), names=str(fr / "x.tmx")),  # the output as given
        refused("dev-null", "-o", "/dev/null", names="/dev/null"),
        refused("fifo", "-o", str(o / "pipe"), names=str(o / "pipe")),
        refused("name-300", "-o", str(o / ("n" * 300)), names=str(o / "nnnnnnnnnn")),
        refused("project-exists", "-o", str(o / "x.tmx"), "--project", str(o / "proj.tmproj"),
                names=str(o / "proj.tmproj")),
        refused("late-tsv-blocked", "-o", str(old), "--tsv", str(fr / "t.tsv"), names=str(fr / "t.tsv")),
        refused("late-project-blocked", "-o", str(old), "--project", str(o / "a-dir" / "f" / ".." / ".." / "pipe"),
                names="pipe"),
        refused("nothing-to-write", names="nothing to write"),
        # A trailing slash names a folder, existing or not: refused before work, never written as a file.
        refused("slash-new-folder", "-o", str(o / "new-folder") + "/", names=str(o / "new-folder") + "/"),
        refused("slash-existing-folder", "-o", str(o / "a-dir") + "/", names=str(o / "a-dir") + "/"),
        refused("slash-tsv", "-o", str(o / "s.tmx"), "--tsv", str(o / "tsv-folder") + "/",
                names=str(o / "tsv-folder") + "/"),
        refused("slash-project", "--project", str(o / "p-folder") + "/", names=str(o / "p-folder") + "/"),
        ok("existing-replaced", "-o", str(old), outputs=[old]),
        ok("name-250", "-o", str(o / ("a" * 246 + ".tmx")), outputs=[o / ("a" * 246 + ".tmx")]),
        ok("new-directories", "-o", str(o / "new" / "deeper" / "x.tmx"), outputs=[o / "new"]),
        ok("symlink-kept", "-o", str(o / "link.tmx"), outputs=[o / "real.tmx"]),
        ok("dangling-symlink", "-o", str(o / "dangling.tmx"), outputs=[o / "made-through-link.tmx"]),
        ok("markup-name", "-o", str(o / "[red]x[/].tmx"), outputs=[o / "[red]x[/].tmx"]),
        ok("esc-name", "-o", str(o / "e\x1b[2Jx.tmx"), outputs=[o / "e\x1b[2Jx.tmx"]),
        ok("all-three", "-o", str(o / "t3.tmx"), "--tsv", str(o / "t3.tsv"), "--project", str(o / "t3.tmproj"),
           outputs=[o / "t3.tmx", o / "t3.tsv", o / "t3.tmproj"]),
        ok("beads-format", "-o", str(o / "b.txt"), "--format", "beads", outputs=[o / "b.txt"], valid=""),
        h.Case("terms-o-is-input", ["terms", str(tmx), "-o", str(tmx), "--encoder", "none"], "refused",
               printable(str(tmx))),
        h.Case("terms-ok", ["terms", str(tmx), "-o", str(o / "t.tbx"), "--encoder", "none", "--min-freq", "1"],
               "ok", outputs=[str(o / "t.tbx")]),
        h.Case("terms-o-directory", ["terms", str(tmx), "-o", str(o / "a-dir"), "--encoder", "none"], "refused",
               printable(str(o / "a-dir"))),
        h.Case("terms-o-slash", ["terms", str(tmx), "-o", str(o / "t-folder") + "/", "--encoder", "none"], "refused",
               printable(str(o / "t-folder") + "/")),
        h.Case("clean-o-slash", ["clean", str(fr), "-o", str(o / "c-folder") + "/"], "refused",
               printable(str(o / "c-folder") + "/")),
        h.Case("clean-o-is-input", ["clean", str(fr), "-o", str(fr)], "refused", printable(str(fr))),
        h.Case("clean-o-ok", ["clean", str(fr), "-o", str(o / "clean.txt")], "ok", outputs=[str(o / "clean.txt")],
               valid="text"),
        h.Case("clean-o-fifo", ["clean", str(fr), "-o", str(o / "pipe")], "refused", printable(str(o / "pipe"))),
    ]


def _option_cases(d: Path, fr: Path, en: Path) -> list[h.Case]:
    ind, o = d / "in", d / "out"
    e1, e2 = h._w(ind / "e1.txt", b""), h._w(ind / "e2.txt", b"")
    copy = h._w(ind / "fr-copy.txt", fr.read_bytes())
    return [
        h.Case("swapped-languages", ["align", str(en), str(fr), "-o", str(o / "sw.tmx")], "refused",
               printable(str(en))),
        h.Case("same-file", ["align", str(fr), str(fr), "-o", str(o / "same.tmx")], "refused", printable(str(fr))),
        h.Case("same-bytes", ["align", str(fr), str(copy), "-o", str(o / "same.tmx")], "refused",
               printable(str(fr))),
        h.Case("two-empty", ["align", str(e1), str(e2), "-o", str(o / "e.tmx")], "refused", "both empty"),
        h.Case("bad-tag", ["align", str(fr), str(en), "-o", str(o / "t.tmx"), "--src", "fr_!!"], "refused",
               "not a language tag"),
        h.Case("limit-misset", ["align", str(fr), str(en), "-o", str(o / "t.tmx")], "refused", "TMBUILD_INPUT_MB",
               env={"TMBUILD_INPUT_MB": "-3"}),
        h.Case("limit-input-small", ["align", str(fr), str(en), "-o", str(o / "t.tmx")], "refused",
               printable(str(fr)), env={"TMBUILD_INPUT_MB": "0.001"}),
        h.Case("limit-time", ["align", str(fr), str(en), "-o", str(o / "t.tmx")], "either", env={
            "TMBUILD_SECONDS": "1"}, outputs=[str(o / "t.tmx")], valid="tmx"),
        h.Case("corrupt-embedding-cache", ["align", str(fr), str(en), "-o", str(o / "c.tmx")], "either",
               env={"XDG_CACHE_HOME": str(_bad_cache(d))}, outputs=[str(o / "c.tmx")], valid="tmx"),
        h.Case("clean-corrupt-lexicon-cache", ["clean", str(fr)], "either",
               env={"XDG_CACHE_HOME": str(_bad_cache(d))}),
    ]


def _bad_cache(d: Path) -> Path:
    cache = d / "badcache"
    if not cache.exists():
        (cache / "tmbuild").mkdir(parents=True)
        h._w(cache / "tmbuild" / "embeddings.sqlite3", os.urandom(5000))
        h._w(cache / "tmbuild" / "languages", b'"just a string"')
        for name in ("fr-lexicon-0000000000000000.marshal",):
            h._w(cache / "tmbuild" / name, b"\x00garbage")
    return cache


def _project_cases(d: Path) -> list[h.Case]:
    pd = d / "projects"
    pd.mkdir()
    good = _make_project(pd / "good.tmproj")
    cases = [h.Case("terms-project-ok", ["terms", str(good), "-o", str(d / "out" / "pt.csv"), "--format", "csv",
                                         "--encoder", "none", "--min-freq", "1"], "ok",
                    outputs=[str(d / "out" / "pt.csv")])]
    for name, path in h.project_files(pd, good).items():
        cases.append(h.Case(f"terms-project-{name}", ["terms", str(path), "-o", str(d / "out" / f"{name}.tbx"),
                                                      "--encoder", "none"], "refused", printable(str(path))))
    return cases


def _gold_cases(d: Path) -> list[h.Case]:
    gd = d / "gold"
    tmx = h._w(gd / "al.tmx", h.tmx_text())
    beads = h._w(gd / "al.beads", "[0]:[0]\n[1]:[1]\n")
    cases = [h.Case(f"eval-{name}", ["eval", str(beads if "beads" in name else tmx), "--gold", str(path)], expect,
                    printable(str(path))) for name, (path, expect) in h.gold_files(gd).items()]
    cases.append(h.Case("eval-missing-alignment", ["eval", str(gd / "none.tmx"), "--gold", str(gd / "gold.jsonl")],
                        "refused", printable(str(gd / "none.tmx"))))
    cases.append(h.Case("eval-binary-alignment", ["eval", str(h._w(gd / "bin.tmx", os.urandom(3000))), "--gold",
                                                  str(gd / "gold.jsonl")], "refused", printable(str(gd / "bin.tmx"))))
    return cases


def _run_group(d: Path, name: str, cases: list[h.Case]) -> list[dict]:
    spec = {"root": str(d), "skip": [str(d / "cache"), str(d / "badcache")], "seconds": 10 * SECONDS,
            "cases": [{"name": c.name, "argv": c.argv, "env": c.env, "outputs": c.outputs} for c in cases]}
    spec_path, results_path = d.parent / f"{d.name}-{name}.json", d.parent / f"{d.name}-{name}-results.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    env = {**os.environ, **ENV_KEYS, "XDG_CACHE_HOME": str(d / "cache"), "COLUMNS": "200"}
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "tests.fixtures.hostile_runner", str(spec_path), str(results_path)],
                   env=env, cwd=repo, timeout=10 * SECONDS * len(cases) + 120, check=False)
    spec_path.unlink()
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else []
    assert len(results) == len(cases), f"the runner died after {len(results)} of {len(cases)} cases"
    return results


def _problems(case: h.Case, r: dict, dtd: Path) -> list[str]:
    bad = []
    lines = [ln for ln in r["stderr"].splitlines() if ln.strip()]
    if r["crash"]:
        bad.append(f"crash: {r['crash'].strip().splitlines()[-1]}")
    if r["code"] not in (0, 2):
        bad.append(f"exit {r['code']}")
    # CPU seconds: the machine is shared, so wall time measures the neighbours too (both are in the results).
    if r["cpu_seconds"] > SLOWER.get(case.name, SECONDS) or r["crash"] == "timeout":
        bad.append(f"{r['cpu_seconds']:.0f} s CPU, {r['seconds']:.0f} s wall")
    if "\x1b" in r["stdout"] + r["stderr"]:
        bad.append("a raw ESC reached the terminal")
    if "Traceback" in r["stderr"] or "[Errno" in r["stderr"]:
        bad.append("a traceback or a raw errno text")
    if r["code"] == 2:
        if len(lines) != 1 or not lines[0].startswith("error"):
            bad.append(f"not one error line: {r['stderr']!r}")
        elif case.names and case.names not in lines[0]:
            bad.append(f"does not name {case.names!r}: {lines[0]}")
    if case.expect == "ok" and r["code"] != 0 or case.expect == "refused" and r["code"] != 2:
        bad.append(f"expected {case.expect}, got exit {r['code']}: {r['stderr'].strip()[:200]}")
    if r["changed"]:
        bad.append(f"changed files: {r['changed'][:3]}")
    if r["code"] == 0:
        bad += _invalid_outputs(case, dtd)
    return [f"{case.name}: {b}" for b in bad]


def _invalid_outputs(case: h.Case, dtd_path: Path) -> list[str]:
    bad = []
    for p in map(Path, case.outputs):
        if p.suffix == ".tmx" and case.valid == "tmx" and p.is_file():
            dtd = etree.DTD(str(dtd_path))
            if not dtd.validate(etree.parse(str(p))):
                bad.append(f"{p.name} is not a valid TMX: {dtd.error_log.filter_from_errors()[:1]}")
        if not p.exists():
            bad.append(f"{p.name} was not written")
    return bad


def _check(corpus: tuple, name: str, cases: list[h.Case]) -> None:
    d, dtd = corpus[0], corpus[3]
    results = _run_group(d, name, cases)
    problems = [p for case, r in zip(cases, results, strict=True) for p in _problems(case, r, dtd)]
    peak = max(r["maxrss_kb"] for r in results)
    assert peak < RSS_KB, f"peak RSS {peak / 1024:.0f} MB"
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, tmx_dtd: Path) -> tuple[Path, list[h.Case], list[h.Case], Path]:
    d = tmp_path_factory.mktemp("hostile")
    cases, heavy = build(d)
    return d, cases, heavy, tmx_dtd


def test_the_corpus_is_large_enough(corpus) -> None:
    _, cases, heavy, _ = corpus
    assert len(cases) + len(heavy) >= 120
    assert len({c.name for c in cases + heavy}) == len(cases) + len(heavy)


def test_refusals(corpus) -> None:
    _check(corpus, "refusals", [c for c in corpus[1] if c.expect == "refused"])


def test_valid_inputs_and_outputs(corpus) -> None:
    _check(corpus, "valid", [c for c in corpus[1] if c.expect != "refused"])


@pytest.mark.slow
def test_heavy_inputs(corpus) -> None:
    _check(corpus, "heavy", corpus[2])
