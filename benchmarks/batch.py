"""Corpus-mode throughput and correctness on the corpus benchmarks.corpus builds.

    python -m benchmarks.batch [--pairs 24] [--work DIR]        # throughput: --jobs 1 vs 2, local vs Ray
    python -m benchmarks.batch --check OUT.tmx --layout suffix   # per-pair F1 of a finished batch vs each pair alone

Throughput runs `tmbuild batch` as a user does (a child process) on the first --pairs pairs of the suffix
layout and reports pairs/minute, sentences/s, CPU seconds per pair, the per-pair overhead (wall time beyond the
pairs' own alignment time, per pair) and the peak resident memory of each worker process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil

from align.eval.scores import read_beads, score_beads
from benchmarks.corpus import LAYOUTS, build
from benchmarks.gold_docs import REPO, shared_dir

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _run(folder: Path, out: Path, src: str, tgt: str, presegmented: bool, *extra: str) -> dict[str, float]:
    """One batch run from scratch: wall seconds and the peak RSS of the driver and of each worker (MB)."""
    shutil.rmtree(out.parent, ignore_errors=True)
    args = [sys.executable, "-m", "tm.cli", "batch", str(folder), "-o", str(out), "--src", src, "--tgt", tgt,
            "--no-cache", *(["--presegmented"] if presegmented else []), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=ENV, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = psutil.Process(proc.pid)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        try:
            for p in [driver, *driver.children(recursive=True)]:
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), p.memory_info().rss / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed: {stderr}")
    wall = time.perf_counter() - t0
    workers = [mb for pid, mb in peaks.items() if pid != proc.pid and mb > 200]  # encoder-holding processes
    return {"wall_s": wall, "driver_mb": peaks.get(proc.pid, 0.0), "worker_mb": max(workers, default=0.0),
            "workers": len(workers)}


def _ledger_stats(ledger: Path) -> dict[str, float]:
    with sqlite3.connect(ledger) as conn:
        stats = [json.loads(s) for (s,) in conn.execute("SELECT stats FROM pairs WHERE state = 'done'")]
    return {"pairs": len(stats), "sentences": sum(s["src_segments"] + s["tgt_segments"] for s in stats),
            "pair_s": sum(s["seconds"] for s in stats), "cpu_s": sum(s.get("cpu_s", 0.0) for s in stats)}


def throughput(work: Path, n_pairs: int) -> list[dict[str, object]]:
    corpus = work / "corpus"
    if not corpus.is_dir():
        build(corpus, shared_dir())
    subset = work / "subset"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    for path in sorted((corpus / "suffix").glob("*.fr.txt"))[:n_pairs]:
        for p in (path, path.with_name(path.name.replace(".fr.txt", ".en.txt"))):
            shutil.copy(p, subset / p.name)
    rows = []
    for label, extra, jobs in (("local --jobs 1", (), 1), ("local --jobs 2", ("--jobs", "2"), 2),
                               ("ray --jobs 2", ("--engine", "ray", "--jobs", "2"), 2)):
        out = work / "runs" / label.replace(" ", "_").replace("-", "") / "m.tmx"
        run = _run(subset, out, "fr", "en", True, *extra)
        led = _ledger_stats(out.with_name("m.tmx.batch.sqlite"))
        row = {"run": label, **{k: round(v, 2) for k, v in run.items()}, **led,
               "pairs_per_min": round(60 * led["pairs"] / run["wall_s"], 1),
               "sentences_per_s": round(led["sentences"] / run["wall_s"], 1),
               "cpu_s_per_pair": round(led["cpu_s"] / led["pairs"], 2),
               # Beyond the pairs' own alignment time, spread over the workers: start-up, encoder loads, hand-offs.
               "overhead_s_per_pair": round((run["wall_s"] - led["pair_s"] / jobs) / led["pairs"], 2)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def check_f1(output: Path, layout: str, corpus: Path) -> dict[str, object]:
    """Per-pair strict F1 of the batch's beads and of each pair aligned alone (align_files, same options)."""
    from align.api import AlignOptions, align_files
    from align.embed.encoders import load_encoder
    from tm.batch.run import default_ledger

    src, tgt, presegmented = next((s, t, p) for name, s, t, p in LAYOUTS if name == layout)
    conn = sqlite3.connect(default_ledger(output))
    encoder = load_encoder("use")
    options = AlignOptions(presegmented=presegmented)
    rows = conn.execute("SELECT id, src, tgt, beads FROM pairs WHERE state = 'done' ORDER BY id").fetchall()
    same, differ, scored = 0, [], []
    for pair_id, src_path, tgt_path, beads in rows:
        batch_beads = [(tuple(s), tuple(t)) for s, t, _ in json.loads(beads)]
        alone = align_files(src_path, tgt_path, src_lang=src, tgt_lang=tgt, options=options, encoder=encoder)
        alone_beads = [(b.src, b.tgt) for b in alone.beads]
        gold = corpus / "gold" / layout / f"{pair_id}.gold"
        if gold.is_file():
            g = read_beads(gold)
            f_batch = score_beads([batch_beads], [g])["strict"]["f1"]
            f_alone = score_beads([alone_beads], [g])["strict"]["f1"]
            scored.append((f_batch, f_alone))
        if batch_beads == alone_beads:
            same += 1
        else:
            differ.append(pair_id)
    return {"pairs": len(rows), "identical_beads": same, "differ": differ, "with_gold": len(scored),
            "f1_equal": sum(a == b for a, b in scored),
            "mean_f1": round(sum(a for a, _ in scored) / max(len(scored), 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=24)
    parser.add_argument("--work", type=Path, default=REPO / "bench-results" / "batch")
    parser.add_argument("--check", type=Path, help="A finished batch's merged TMX to check per-pair F1 for.")
    parser.add_argument("--layout", default="suffix", choices=[name for name, *_ in LAYOUTS])
    parser.add_argument("--corpus", type=Path, help="The corpus folder (benchmarks.corpus OUT) for --check.")
    args = parser.parse_args()
    if args.check:
        print(json.dumps(check_f1(args.check, args.layout, args.corpus or args.work / "corpus")))
        return
    rows = throughput(args.work, args.pairs)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "throughput.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
