"""The gold oracle behind the README's 'how far a monotone aligner can go'."""

from __future__ import annotations

from benchmarks.oracle import oracle_path


def test_contiguous_gold_comes_back_whole():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3, 4))]
    assert oracle_path(4, 5, gold) == gold


def test_a_gold_bead_that_skips_a_sentence_cannot_be_reached():
    gold = [((0,), (0,)), ((1, 3), (1,)), ((2,), ()), ((4,), (2,))]
    path = oracle_path(5, 3, gold)
    assert ((1, 3), (1,)) not in path
    assert path[0] == ((0,), (0,)) and path[-1] == ((4,), (2,))
    flat = [i for a, _ in path for i in a]
    assert flat == sorted(flat) == list(range(5))
