"""Language check: an error for a clear contradiction, a warning for a doubtful one, silence otherwise."""

from __future__ import annotations

import pytest

from align.errors import LanguageError, mixed_languages
from align.prepare import load_document
from align.text.langcheck import check_language, foreign_share
from tests.fixtures.cli import tmbuild
from tests.fixtures.paths import CORPUS, require_shared

FR = (CORPUS / "fr.txt").read_text(encoding="utf-8")
EN = (CORPUS / "en.txt").read_text(encoding="utf-8")


def test_right_language_is_silent():
    assert check_language(FR, "fr-FR", "fr.txt") is None
    assert check_language(EN, "en", "en.txt") is None


def test_clear_contradiction_is_an_error():
    with pytest.raises(LanguageError, match="expected French but the text reads as English"):
        check_language(EN, "fr", "en.txt")


def test_short_text_in_another_language_is_only_a_warning():
    warning = check_language("The Secretary-General shall report to the General Assembly.", "fr", "note.txt")
    assert warning is not None and "may be English" in warning and "continuing" in warning


def test_too_short_to_judge():
    assert check_language("Article 3", "fr", "t.txt") is None


def test_a_document_partly_in_another_language_warns():
    mixed = FR[:12000] + "\n\n" + EN[:8000]
    share, other = foreign_share(mixed, "fr")
    assert other == "en" and 0.25 <= share <= 0.6
    warning = check_language(mixed, "fr", "mixed.txt")
    assert warning is not None and "reads as English, not French" in warning


def test_official_udhr_texts_raise_no_warning():
    for lang in ("fr", "en"):
        text = require_shared("benchmarks", "udhr", f"{lang}.txt").read_text(encoding="utf-8")
        assert check_language(text, lang, f"{lang}.txt") is None


def test_load_document_collects_the_warning(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text(FR[:12000] + "\n\n" + EN[:8000], encoding="utf-8")
    warnings: list[str] = []
    doc = load_document(path, "fr", warnings=warnings)
    assert doc.segments and len(warnings) == 1 and "mixed.txt" in warnings[0]
    quiet: list[str] = []
    load_document(path, "fr", warnings=quiet, check_lang=False)
    assert quiet == []


@pytest.mark.slow
def test_cli_prints_the_warning_and_goes_on(tmp_path):
    src = tmp_path / "fr.txt"
    src.write_text(FR[:12000] + "\n\n" + EN[:8000], encoding="utf-8")
    out = tmp_path / "out.tmx"
    proc = tmbuild("align", str(src), str(CORPUS / "en.txt"), "-o", str(out), cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"warning {mixed_languages('', 0, '', '')[:4]}: ")
    assert "reads as English" in lines[0]
    assert out.exists()
