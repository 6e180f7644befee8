"""Scoring: Vecalign bead I/O and strict/lax scores (hand-computed tables), and unit-level TU scoring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import GoldError
from align.eval.scores import (
    UnitIndex,
    detect_gold_format,
    format_beads,
    lcs_length,
    load_gold_units,
    parse_beads,
    read_beads,
    score_beads,
    score_units,
    tokens,
)
from align.models import Bead
from tests.fixtures.paths import require_shared

ROOT = Path(__file__).resolve().parents[2]
GOLD_JSONL = ROOT / "corpora" / "un-oic-2017" / "gold.jsonl"
GOLD = load_gold_units(GOLD_JSONL)


def B(text: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads written inline: 'src:tgt' groups separated by spaces, ids by commas, e.g. '0:0 1,2:3 :4'."""
    out = []
    for item in text.split():
        s, t = item.split(":")
        out.append((tuple(int(x) for x in s.split(",") if x), tuple(int(x) for x in t.split(",") if x)))
    return out


# --- bead I/O -------------------------------------------------------------------------------------

def test_parse_and_format_round_trip_in_vecalign_spelling():
    text = "[0]:[0]\n[1, 2]:[3]\n[]:[4]\n[3]:[]\n"
    beads = parse_beads(text)
    assert beads == [((0,), (0,)), ((1, 2), (3,)), ((), (4,)), ((3,), ())]
    assert format_beads(beads) == text
    assert format_beads([Bead((1, 2), (3,), 0.4)]) == "[1, 2]:[3]\n"
    assert format_beads([]) == ""


def test_parse_accepts_vecalign_scores_blank_lines_and_loose_spacing():
    assert parse_beads("[0]:[0]:0.0421\n\n[1,2] : [3]:-1e-3\n") == [((0,), (0,)), ((1, 2), (3,))]


@pytest.mark.parametrize("line", ["[0]:", "0:0", "[a]:[1]", "[1,]:[2]", "[0]:[0]:[1]", "[0];[1]", "[-1]:[0]"])
def test_malformed_bead_lines_name_file_and_line(tmp_path, line):
    p = tmp_path / "test.beads"
    p.write_text(f"[0]:[0]\n{line}\n")
    with pytest.raises(GoldError) as e:
        read_beads(p)
    assert f"{p}:2" in str(e.value) and e.value.hint


# --- Vecalign scoring: hand-computed --------------------------------------------------------------

# (case, gold, test, strict P, R, F1, lax P, R, F1)
SCORE_TABLE = [
    ("perfect", "0:0 1:1 2:2", "0:0 1:1 2:2", 1, 1, 1, 1, 1, 1),
    ("two swapped", "0:0 1:1 2:2", "0:0 1:2 2:1", 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3),
    # A 2-2 bead where gold has two 1-1s: wrong strictly, right laxly (shares ids with both).
    ("merged", "0:0 1:1", "0,1:0,1", 0, 0, 0, 1, 1, 1),
    # Null beads that match gold exactly count in strict precision; recall leaves them out.
    ("null beads right", "0:0 :1 1:2", "0:0 :1 1:2", 1, 1, 1, 1, 1, 1),
    ("null beads wrong", "0:0 1: 2:1", "0:0 1:1 2:", 1 / 3, 1 / 2, 0.4, 1 / 3, 1 / 2, 0.4),
    ("deletion + insertion", "0:0 1:1", "0:0 1: :1", 1 / 3, 1 / 2, 0.4, 1 / 3, 1 / 2, 0.4),
    ("partial overlap", "0:0,1", "0:0 :1", 0, 0, 0, 1 / 2, 1, 2 / 3),
    ("1-2 split as 1-1", "0:0,1 1:2", "0:0 1:2", 1 / 2, 1 / 2, 1 / 2, 1, 1, 1),
    ("empty test", "0:0 1:1", "", 0, 0, 0, 0, 0, 0),
    ("duplicates count once", "0:0 1:1", "0:0 0:0 1:1", 1, 1, 1, 1, 1, 1),
]


@pytest.mark.parametrize("case,gold,test,sp,sr,sf,lp,lr,lf", SCORE_TABLE, ids=[c[0] for c in SCORE_TABLE])
def test_score_beads_matches_hand_computed_values(case, gold, test, sp, sr, sf, lp, lr, lf):
    res = score_beads([B(test)], [B(gold)])
    got = [res[mode][k] for mode in ("strict", "lax") for k in ("precision", "recall", "f1")]
    assert got == pytest.approx([sp, sr, sf, lp, lr, lf])


def test_counts_are_summed_over_files_not_averaged():
    # File A: 3 of 3 right; file B: 0 of 1. Micro precision 3/4 (a per-file mean would give 1/2).
    res = score_beads([B("0:0 1:1 2:2"), B("0:1")], [B("0:0 1:1 2:2"), B("0:0")])
    assert res["strict"]["precision"] == pytest.approx(0.75)
    assert res["strict"]["recall"] == pytest.approx(0.75)
    assert res["counts"]["test_beads"] == 4


def test_file_count_mismatch_is_a_gold_error():
    with pytest.raises(GoldError):
        score_beads([B("0:0")], [])


_bead = st.tuples(st.lists(st.integers(0, 8), max_size=3).map(lambda x: tuple(sorted(set(x)))),
                  st.lists(st.integers(0, 8), max_size=3).map(lambda x: tuple(sorted(set(x)))))


@settings(max_examples=200, deadline=None)
@given(test=st.lists(_bead, max_size=12), gold=st.lists(_bead, max_size=12))
def test_scores_are_probabilities_and_gold_scores_perfect(test, gold):
    res = score_beads([test], [gold])
    for mode in ("strict", "lax"):
        assert all(0.0 <= res[mode][k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert all(res["lax"][k] >= res["strict"][k] for k in ("precision", "recall", "f1"))
    if any(s and t for s, t in gold):
        self_res = score_beads([gold], [gold])
        assert self_res["strict"]["f1"] == self_res["lax"]["f1"] == 1.0


def test_benchmark_gold_files_parse_and_score_perfect_against_themselves():
    bench = require_shared("benchmarks")
    stems = ["dev"] + [f"test{i}" for i in range(7)]
    pairs = [(bench / "textberg" / f"{n}.defr", "de", "fr") for n in stems]
    pairs += [(g, "en", "fr") for g in sorted((bench / "transread").glob("*.gold"))]
    assert len(pairs) == 19
    golds = []
    for gold, s, t in pairs:
        beads = read_beads(gold)
        n_src = len(gold.with_suffix(f".{s}").read_text(encoding="utf-8").splitlines())
        n_tgt = len(gold.with_suffix(f".{t}").read_text(encoding="utf-8").splitlines())
        assert max(i for b in beads for i in b[0]) < n_src and max(j for b in beads for j in b[1]) < n_tgt
        assert detect_gold_format(gold) == "vecalign"
        golds.append(beads)
    res = score_beads(golds, golds)
    assert res["strict"]["f1"] == res["lax"]["f1"] == 1.0


# --- gold formats ---------------------------------------------------------------------------------

def test_detect_gold_format(tmp_path):
    assert detect_gold_format(GOLD_JSONL) == "jsonl-units"
    beads = tmp_path / "g.defr"
    beads.write_text("\n[0]:[0, 1]\n")
    assert detect_gold_format(beads) == "vecalign"
    other = tmp_path / "g.txt"
    other.write_text("hello\n")
    with pytest.raises(GoldError):
        detect_gold_format(other)


def test_load_gold_units_reads_the_un_gold_and_names_bad_lines(tmp_path):
    assert len(GOLD) == 61 and GOLD[1]["id"] == "ga" and {"fr", "en", "kind"} <= GOLD[0].keys()
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "fr": "x", "en": "y"}\n{"id": "b", "fr": \n')
    with pytest.raises(GoldError, match=r"gold\.jsonl:2"):
        load_gold_units(bad)


def test_missing_language_key_is_a_gold_error():
    with pytest.raises(GoldError, match="'de'"):
        score_units([("a", "b")], GOLD, src_key="de", tgt_key="en")


# --- unit scoring ---------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("I’Organisation de la coopération", "l’Organisation de la coopération"),  # OCR I’ → l’
    ("1’Organisation", "l’Organisation"),
    ("a la treiziéme session", "à la treizième session"),  # lost or wrong accents
    ("regional and other organizations2,", "regional and other organizations,"),  # footnote digit
    ("21. Encourages", "Encourages"),  # paragraph number (two digits stays a token, one-sided is fine)
    ("œcuménique", "oecumenique"),
])
def test_tokens_fold_ocr_and_layout_noise(a, b):
    ta, tb = tokens(a), tokens(b)
    assert set(tb) <= set(ta)


@settings(max_examples=150, deadline=None)
@given(a=st.lists(st.sampled_from("abcde"), max_size=25), b=st.lists(st.sampled_from("abcdef"), max_size=25))
def test_bit_parallel_lcs_equals_dynamic_programming(a, b):
    dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            dp[i + 1][j + 1] = dp[i][j] + 1 if x == y else max(dp[i][j + 1], dp[i + 1][j])
    assert lcs_length(a, b) == dp[-1][-1]


def _split(text: str) -> list[str]:
    """Sentences on '. ' / '; ', with pieces of under two words (a leading '1.', 'A.') kept with a neighbour."""
    out: list[str] = []
    carry = ""
    for piece in re.split(r"(?<=[.;])\s+", text):
        piece = f"{carry} {piece}".strip()
        carry = ""
        if len(tokens(piece)) < 2:
            if out:
                out[-1] += " " + piece
            else:
                carry = piece
            continue
        out.append(piece)
    if carry:
        out.append(carry)
    return out


def _split_pairs(units) -> list[tuple[str, str]]:
    """Sentence pairs of each unit; a unit whose sides split differently stays whole (pairing them is guesswork)."""
    pairs = []
    for u in units:
        fr, en = _split(u["fr"]), _split(u["en"])
        pairs += zip(fr, en, strict=True) if len(fr) == len(en) else [(u["fr"], u["en"])]
    return pairs


def _ocr_repaired(fr: str) -> str:
    fr = re.sub(r"(?<![\w’])[1I\[]’", "l’", fr)
    return re.sub(r"^(?:\d+\.?|[*!%>®”8])\s+", "", fr)  # leading paragraph number / footnote marker


def _notes_removed(en: str) -> str:
    en = re.sub(r"(?<=[a-z])\d\b", "", en)
    return re.sub(r"^(?:\d+\.?|\*)\s+", "", en)


def _scores(res) -> tuple[float, float, float]:
    return res["precision"], res["recall"], res["f1"]


def test_a_each_unit_as_one_tu_is_perfect():
    res = score_units([(u["fr"], u["en"]) for u in GOLD], GOLD)
    assert _scores(res) == (1.0, 1.0, 1.0) and res["errors"] == []
    assert all(u["covered"] for u in res["units"]) and res["n_tus"] == res["n_units"] == 61


def test_b_units_split_into_sentences_still_perfect():
    pairs = _split_pairs(GOLD)
    assert len(pairs) > 61  # some units really are split
    assert _scores(score_units(pairs, GOLD)) == (1.0, 1.0, 1.0)


def _chunks(text: str, k: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i * len(words) // k:(i + 1) * len(words) // k]) for i in range(k)]


@pytest.mark.parametrize("k", [2, 3, 4])
def test_b_units_cut_into_clause_sized_fragments_still_perfect(k):
    # Fragments of a few words recur in many formulaic paragraphs; document order settles them.
    pairs = []
    for u in GOLD:
        parts = k if min(len(u["fr"].split()), len(u["en"].split())) >= 4 * k else 1
        pairs += zip(_chunks(u["fr"], parts), _chunks(u["en"], parts), strict=True)
    assert _scores(score_units(pairs, GOLD)) == (1.0, 1.0, 1.0)


def test_c_ocr_repairs_and_stripped_numbers_and_note_digits_still_perfect():
    pairs = [(_ocr_repaired(u["fr"]), _notes_removed(u["en"])) for u in GOLD]
    assert sum(a != u["fr"] for (a, _), u in zip(pairs, GOLD, strict=True)) > 40
    assert sum(b != u["en"] for (_, b), u in zip(pairs, GOLD, strict=True)) > 30
    assert _scores(score_units(pairs, GOLD)) == (1.0, 1.0, 1.0)
    assert _scores(score_units(_split_pairs(
        [{"fr": _ocr_repaired(u["fr"]), "en": _notes_removed(u["en"])} for u in GOLD]), GOLD)) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("i", [0, 1, 4, 10, 20, 40, 59])
def test_d_merged_units_are_wrong_only_when_one_side_is_merged(i):
    a, b = GOLD[i], GOLD[i + 1]
    both = score_units([(a["fr"] + " " + b["fr"], a["en"] + " " + b["en"])], GOLD)
    assert both["tus"][0]["correct"] and both["tus"][0]["src_units"] == [a["id"], b["id"]]
    assert both["n_units_covered"] == 2
    for pair in [(a["fr"] + " " + b["fr"], a["en"]), (a["fr"], a["en"] + " " + b["en"]),
                 (b["fr"], a["en"] + " " + b["en"])]:
        res = score_units([pair], GOLD)
        assert not res["tus"][0]["correct"] and res["recall"] == 0.0


def test_d_merged_pairs_in_a_full_run():
    pairs = [(u["fr"], u["en"]) for u in GOLD]
    pairs[10:12] = [(pairs[10][0] + " " + pairs[11][0], pairs[10][1] + " " + pairs[11][1])]  # both merged: fine
    pairs[20:22] = [(pairs[20][0] + " " + pairs[21][0], pairs[20][1]), ("", pairs[21][1])]  # one side merged
    res = score_units(pairs, GOLD)
    assert res["n_tus"] == 60 and res["n_correct"] == 58
    assert res["recall"] == pytest.approx(59 / 61)
    wrong = [t["index"] for t in res["tus"] if not t["correct"]]
    assert wrong == [20, 21]
    assert any(line.startswith("TU 20:") for line in res["errors"])


def test_e_target_shifted_by_one_scores_near_zero():
    pairs = [(GOLD[i]["fr"], GOLD[i + 1]["en"]) for i in range(len(GOLD) - 1)]
    p, r, f = _scores(score_units(pairs, GOLD))
    assert p <= 0.05 and r <= 0.05 and f <= 0.05
    shifted = _split_pairs(GOLD)
    shifted = [(s, t) for (s, _), (_, t) in zip(shifted, shifted[1:] + shifted[:1], strict=True)]
    assert score_units(shifted, GOLD)["precision"] < 0.35  # only sentences within one unit survive a shift


@pytest.mark.parametrize("fr,en,unit", [
    ("L’Assemblée générale,", "The General Assembly,", "ga"),
    ("L'Assemblée générale", "The General Assembly", "ga"),
    ("Coopération entre l’Organisation des Nations Unies et l’Organisation de la coopération islamique",
     "Cooperation between the United Nations and the Organization of Islamic Cooperation", "title"),
    ("Voir S/PV.7813.", "See S/PV.7813.", "fn3"),
    ("Voir résolution 70/1.", "See resolution 70/1.", "fn5"),
    ("A/71/160-S/2016/621.", "A/71/160-S/2016/621.", "fn2"),
    ("Prend note avec satisfaction du rapport du Secrétaire général ;",
     "Takes note with satisfaction of the report of the Secretary-General;", "op01"),
])
def test_f_short_headings_and_notes_map_to_their_own_unit(fr, en, unit):
    res = score_units([(fr, en)], GOLD)
    assert res["tus"][0]["src_units"] == [unit] and res["tus"][0]["tgt_units"] == [unit]
    assert res["tus"][0]["correct"]


def test_text_from_nowhere_maps_to_no_unit():
    idx = UnitIndex([u["en"] for u in GOLD])
    assert idx.match(". . . . . . , . 2").units == ()
    assert idx.match("The quick brown fox jumps over the lazy dog near the river bank.").units == ()
    res = score_units([("\\ r", "2/9")], GOLD)
    assert not res["tus"][0]["correct"] and "matches no gold unit" in res["tus"][0]["reason"]


def test_cleaned_un_paragraphs_each_map_to_one_unit():
    from align.text.cleanup import clean_paragraphs

    for lang in ("fr", "en"):
        idx = UnitIndex([u[lang] for u in GOLD])
        paras = clean_paragraphs((GOLD_JSONL.parent / f"{lang}.txt").read_text(encoding="utf-8"), lang)
        single = [p for p in paras if len(idx.match(p.text).units) == 1]
        assert len(single) >= 59, lang


_ops = st.lists(st.sampled_from(["keep", "split", "merge", "drop", "swap"]), min_size=61, max_size=61)


@settings(max_examples=8, deadline=None)
@given(ops=_ops)
def test_unit_scores_are_probabilities_and_perfect_input_scores_one(ops):
    perfect: list[tuple[str, str]] = []  # the gold re-cut: split or merged, still right
    damaged: list[tuple[str, str]] = []  # the same with units dropped, or targets swapped with the previous TU
    for u, op in zip(GOLD, ops, strict=True):
        if op == "split":
            perfect += _split_pairs([u])
            damaged += _split_pairs([u])
        elif op == "merge" and perfect:
            perfect[-1] = (perfect[-1][0] + " " + u["fr"], perfect[-1][1] + " " + u["en"])
            damaged.append((u["fr"], ""))
        else:
            perfect.append((u["fr"], u["en"]))
            if op == "swap" and damaged:
                (s0, t0) = damaged[-1]
                damaged[-1:] = [(s0, u["en"]), (u["fr"], t0)]
            elif op != "drop":
                damaged.append((u["fr"], u["en"]))
    res = score_units(damaged, GOLD)
    assert all(0.0 <= x <= 1.0 for x in _scores(res))
    assert res["n_correct"] <= res["n_tus"] and res["n_units_covered"] <= res["n_units"]
    assert _scores(score_units(perfect, GOLD)) == (1.0, 1.0, 1.0)


def test_a_label_repeated_in_several_units_is_placed_in_document_order():
    # DocBook admonitions: "Note"/"Note" and "Warning"/"Aviso" recur whole; the Spanish heading "1. Aviso"
    # (Disclaimer) holds the same word. Each TU belongs to the occurrence that follows the previous TU.
    units = [{"id": "h", "en": "1. Disclaimer", "es": "1. Aviso"},
             {"id": "w", "en": "Warning", "es": "Aviso"},
             {"id": "p1", "en": "Do not trust this text blindly.", "es": "No confíe ciegamente en este texto."},
             {"id": "n1", "en": "Note", "es": "Nota"},
             {"id": "p2", "en": "Shell prompts are shown as dollars.", "es": "Los indicadores son dólares."},
             {"id": "n2", "en": "Note", "es": "Nota"},
             {"id": "p3", "en": "Commands run in the English locale.", "es": "Las órdenes usan el inglés."}]
    res = score_units([(u["en"], u["es"]) for u in units], units, src_key="en", tgt_key="es")
    assert _scores(res) == (1.0, 1.0, 1.0), res["errors"]
