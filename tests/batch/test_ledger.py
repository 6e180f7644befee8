"""The job ledger: all-or-nothing pair records, resumable state, and dedup of identical pairs across documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import InputError, TmbuildError
from tm.batch.ledger import Ledger, PairResult, Unit, normalise
from tm.batch.pairing import Pair

SETTINGS = {"options": "{}", "include_null": "False"}


def _pairs(ids: list[str]) -> list[Pair]:
    return [Pair(i, Path(f"{i}.fr"), Path(f"{i}.en"), "fr", "en") for i in ids]


def _unit(src: str, tgt: str, score: float = 0.9) -> Unit:
    return Unit(src, tgt, score, "1-1", 0, "body")


def test_pending_done_failed_and_resume(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    ledger = Ledger(path, SETTINGS)
    ledger.register(_pairs(["b", "a", "c"]))
    assert ledger.pending() == ["a", "b", "c"]
    ledger.record(PairResult("a", units=[_unit("Oui.", "Yes.")]))
    ledger.record(PairResult("b", error="b.fr: no such file"))
    ledger.close()
    again = Ledger(path, SETTINGS)
    again.register(_pairs(["a", "b", "c", "d"]))  # a second run may find new files
    assert again.pending() == ["c", "d"]
    assert again.pending(retry_failed=True) == ["b", "c", "d"]
    rows = {r["id"]: r for r in again.rows()}
    assert (rows["a"]["state"], rows["a"]["units"]) == ("done", 1)
    assert (rows["b"]["state"], rows["b"]["error"]) == ("failed", "b.fr: no such file")


def test_settings_must_match_to_resume(tmp_path: Path) -> None:
    Ledger(tmp_path / "l.sqlite", SETTINGS).close()
    with pytest.raises(TmbuildError, match="include_null"):
        Ledger(tmp_path / "l.sqlite", {**SETTINGS, "include_null": "True"})


def test_not_a_ledger_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="not a tmbuild batch ledger"):
        Ledger(path, SETTINGS)


def test_a_failed_record_leaves_the_pair_as_it_was(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite", SETTINGS)
    ledger.register(_pairs(["a"]))
    bad = PairResult("a", units=[_unit("Oui.", "Yes."), Unit("x", "y", "not a number", "1-1", 0, "body")])  # type: ignore[arg-type]
    ledger.conn.execute("CREATE TRIGGER no_x BEFORE INSERT ON units WHEN NEW.src = 'x' "
                        "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        ledger.record(bad)
    assert ledger.pending() == ["a"]
    assert ledger.conn.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


texts = st.sampled_from(["Oui.", "Non.", "Oui. ", "Merci  beaucoup.", "Merci beaucoup."])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(texts, texts), max_size=6), min_size=1, max_size=5))
def test_merged_units_are_each_distinct_pair_once_with_its_count(tmp_path_factory: pytest.TempPathFactory,
                                                                docs: list[list[tuple[str, str]]]) -> None:
    ledger = Ledger(tmp_path_factory.mktemp("l") / "l.sqlite", SETTINGS)
    ids = [f"d{k}" for k in range(len(docs))]
    ledger.register(_pairs(ids))
    for pair_id, units in reversed(list(zip(ids, docs, strict=True))):  # completion order must not matter
        ledger.record(PairResult(pair_id, units=[_unit(s, t) for s, t in units]))
    merged = list(ledger.merged_units())
    flat = [(pair_id, pos, s, t) for pair_id, units in zip(ids, docs, strict=True)
            for pos, (s, t) in enumerate(units)]
    keys = [(normalise(s), normalise(t)) for _, _, s, t in flat]
    assert [(normalise(m.unit.src), normalise(m.unit.tgt)) for m in merged] == list(dict.fromkeys(keys))
    assert sum(m.count for m in merged) == len(flat)
    firsts = {}
    for pair_id, pos, s, t in flat:
        firsts.setdefault((normalise(s), normalise(t)), (pair_id, pos))
    assert [(m.document, m.pos) for m in merged] == [firsts[k] for k in dict.fromkeys(keys)]
    ledger.close()
