"""Corpus mode's messages (tmbuild batch, tmbuild merge): E81x command use, E705 merging memories."""

from __future__ import annotations

from align.errors.base import InputError, UsageError

__all__ = ["unknown_pairing_rule", "no_language_trees", "bad_manifest", "bad_batch_inputs", "no_pairs",
           "ledger_mismatch", "bad_ledger", "unknown_engine", "ray_unavailable", "remote_ray_address",
           "merge_languages"]


def unknown_pairing_rule(rule: str, rules: tuple[str, ...]) -> UsageError:
    return UsageError(f"{rule!r} is not a pairing rule", f"use one of {', '.join(rules)}", code="E811")


def no_language_trees(root: str, src: str, tgt: str) -> InputError:
    return InputError(f"{root}: no {src}/ and {tgt}/ folders in it",
                      "lay the versions out as ROOT/fr/… and ROOT/en/…, or choose --pairing suffix or un", code="E812")


def bad_manifest(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a usable manifest: {why}",
                      "give a CSV with the header src,tgt[,id,src_lang,tgt_lang] or JSONL objects with those keys",
                      code="E813")


def bad_batch_inputs(paths: list[str]) -> UsageError:
    return UsageError(f"cannot pair {' '.join(paths)}",
                      "give one folder, a source folder and a target folder, or one CSV/JSONL manifest", code="E814")


def no_pairs(where: str, unpaired: int) -> InputError:
    return InputError(f"{where}: no document pairs found ({unpaired} files without a partner)",
                      "name files name.fr.txt/name.en.txt or A_72_L.10_F.pdf/A_72_L.10_E.pdf, or give a manifest",
                      code="E815")


def ledger_mismatch(path: str, key: str, was: str, now: str) -> UsageError:
    return UsageError(f"{path}: this batch was started with {key} {was}, not {now}",
                      "re-run it with the same options, or give another output (or --ledger) to start afresh",
                      code="E816")


def bad_ledger(path: str, why: str) -> InputError:
    return InputError(f"{path}: not a tmbuild batch ledger: {why}", "give another --ledger path", code="E817")


def unknown_engine(engine: str, engines: tuple[str, ...]) -> UsageError:
    return UsageError(f"{engine!r} is not an engine", f"use one of {', '.join(engines)}", code="E818")


def ray_unavailable(why: str) -> UsageError:
    return UsageError(f"the Ray engine cannot start: {why}", "pip install ray, or run with the default --engine local",
                      code="E819")


def remote_ray_address(address: str) -> UsageError:
    return UsageError(f"{address}: not a Ray cluster address",
                      "use auto, or HOST:PORT of the head node (e.g. 127.0.0.1:6379)", code="E820")


def merge_languages(path: str, srclang: str, tgtlang: str) -> InputError:
    return InputError(f"{path}: holds no {srclang}→{tgtlang} units",
                      "give TMX files of the same language pair, or set --src/--tgt", code="E705")
