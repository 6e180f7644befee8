"""Language tags: every common spelling to one BCP 47 tag, its primary subtag for rules, refusals in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.errors import InputError
from align.langtags import canonical, parse_tag, primary, same_language
from align.readers.tmx import read_tmx
from tests.fixtures.cli import one_line_error, tmbuild
from tests.fixtures.paths import CORPUS
from tm.reporting import terminal_text


@pytest.mark.parametrize("given_, tag, rules", [
    ("fr", "fr", "fr"), ("FR", "fr", "fr"), ("fr-FR", "fr-FR", "fr"), ("fr_FR", "fr-FR", "fr"),
    ("fr-fr", "fr-FR", "fr"), (" en-gb ", "en-GB", "en"), ("fra", "fr", "fr"), ("eng", "en", "en"),
    ("zh-hans", "zh-Hans", "zh"), ("zh_CN", "zh-CN", "zh"), ("es-419", "es-419", "es"), ("ar", "ar", "ar"),
    ("ru-RU", "ru-RU", "ru"), ("iw", "he", "he"),
])
def test_spellings_normalise_to_bcp47(given_: str, tag: str, rules: str) -> None:
    assert parse_tag(given_) == tag
    assert primary(given_) == rules


@pytest.mark.parametrize("bad", ["", " ", "xx", "und", "123", 'en" x="1', "fr--FR", "fr-", "français",
                                 "en\x1b[31m", "a" * 50, "fr FR", "<fr>"])
def test_malformed_tags_are_refused(bad: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_tag(bad)
    # The user's text is cut short in the message and escaped where it is printed: no raw control bytes, one line.
    shown = terminal_text(str(refused.value))
    assert "\n" not in shown and "\x1b" not in shown and len(shown) < 200
    assert bad.strip()[:40] in str(refused.value)  # as typed ("français", not "fran\xe7ais")


def test_lenient_forms_for_foreign_files() -> None:
    # A TMX from another tool may carry a code we would refuse on the command line: reading goes on.
    assert canonical("x-klingon") == "x-klingon" and primary("FR_xx") == "fr"
    assert same_language("fr-CA", "FR") and not same_language("fr", "en")


@given(st.sampled_from(["fr", "en", "de", "zh", "ar", "ru", "es"]), st.sampled_from(["", "-FR", "_GB", "-Hans"]))
def test_parse_is_idempotent(lang: str, region: str) -> None:
    try:
        tag = parse_tag(lang + region)
    except InputError:
        return
    assert parse_tag(tag) == tag and primary(tag) == lang


@pytest.mark.slow
def test_fr_underscore_and_hyphen_give_the_same_tmx_and_repairs(tmp_path: Path) -> None:
    outs = {}
    for spelling in ("fr_FR", "fr-FR"):
        out = tmp_path / f"{spelling}.tmx"
        proc = tmbuild("align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"), "-o", str(out),
                       "--src", spelling, "--tgt", "en-GB", cache=tmp_path / "cache")
        assert proc.returncode == 0, proc.stderr
        repairs = re.search(r"OCR repairs in fr.txt: (\d+)", proc.stdout)
        assert repairs and int(repairs.group(1)) > 100, proc.stdout
        outs[spelling] = (repairs.group(1), [(u.texts, u.props) for u in read_tmx(out)])
        text = out.read_text(encoding="utf-8")
        assert 'xml:lang="fr-FR"' in text and 'srclang="fr-FR"' in text and "fr_FR" not in text
    assert outs["fr_FR"] == outs["fr-FR"]


def test_malformed_tag_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    proc = tmbuild("align", str(CORPUS / "fr.txt"), str(CORPUS / "en.txt"), "-o", str(out), "--src", 'en" x="1')
    assert proc.returncode == 2
    assert "is not a language tag" in one_line_error(proc)
    assert not out.exists()
