"""What tmbuild makes and scores: gold files (E4xx), TMX and term lists (E7xx), and command use (E8xx)."""

from __future__ import annotations

from align.errors.base import GoldError, InputError, UsageError

# --- E4xx: scoring against a gold file -------------------------------------------------------------

def not_a_bead_line(name: str, lineno: int, line: str) -> GoldError:
    return GoldError(f"{name}:{lineno}: not a bead line: '{line.strip()[:60]}'",
                     "expected Vecalign format, e.g. [0]:[0], [1, 2]:[3] or []:[4]", code="E401")


def alignment_count_mismatch(n_test: int, n_gold: int) -> GoldError:
    return GoldError(f"{n_test} test alignments but {n_gold} gold alignments", "give one test file per gold file",
                     code="E402")


def unknown_gold_format(path: str) -> GoldError:
    return GoldError(f"{path}: neither unit JSONL nor Vecalign beads",
                     'expected lines like {"id": …, "fr": …, "en": …} or [0]:[0]', code="E403")


def gold_not_json(path: str, lineno: int, why: str) -> GoldError:
    return GoldError(f"{path}:{lineno}: not valid JSON ({why})", "one JSON object per line", code="E404")


def gold_without_id(path: str, lineno: int) -> GoldError:
    return GoldError(f"{path}:{lineno}: expected an object with an 'id'", 'e.g. {"id": "pp01", "fr": …, "en": …}',
                     code="E405")


def gold_empty(path: str) -> GoldError:
    return GoldError(f"{path}: no gold units", "the file holds no JSON lines", code="E406")


def gold_without_text(unit: object, key: str) -> GoldError:
    return GoldError(f"gold unit '{unit}' has no '{key}' text",
                     "set --src/--tgt to the language keys used in the gold file", code="E407")


# --- E7xx: translation memories and term lists -----------------------------------------------------

def not_tmx(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a usable TMX file: {why}", "give a TMX 1.4 file, e.g. one written by tmbuild align",
                      code="E701")


def no_bilingual_segments(path: str, src: str, tgt: str) -> InputError:
    return InputError(f"{path}: no aligned segments with both {src} and {tgt} text",
                      "give a TMX or project whose units have text in both languages, or check --src/--tgt",
                      code="E702")


def no_segments_to_mine() -> InputError:
    return InputError("no aligned segments to mine terms from", "align the documents first", code="E703")


def no_term_extraction(lang: str, supported: list[str]) -> InputError:
    return InputError(f"terminology extraction does not cover {lang!r} yet (it has word lists and rules for "
                      f"{', '.join(supported)} only)",
                      "align and export the memory as usual; extract terms from a pair of supported languages",
                      code="E704")


# --- E8xx: command use -----------------------------------------------------------------------------

def nothing_to_write() -> UsageError:
    return UsageError("nothing to write", "give -o OUTPUT, --project PROJECT, or both", code="E801")


def ui_not_installed(app: str) -> UsageError:
    return UsageError(f"{app}: the review UI is not installed", "run tmbuild ui from a source checkout", code="E802")


def output_is_input(path: str) -> UsageError:
    return UsageError(f"{path}: this is one of the input documents", "write the output to another file", code="E804")


def bad_arguments(what: str, command: str) -> UsageError:
    return UsageError(what, f"see {command} --help", code="E803")
