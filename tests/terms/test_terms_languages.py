"""Term extraction covers French and English only: other languages get a one-line refusal, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.models import Alignment, Bead, Document, Paragraph, Segment
from tests.fixtures.cli import one_line_error, tmbuild
from tm.terms.lexicon import TERM_LANGUAGES
from tm.tmx import write_tmx

TEXTS = {"zh-CN": "语言环境数据必须从语言环境数据库中编译。", "ar": "قَالَ نَعَمْ.", "ru": "Это важно.",
         "es": "Es importante.", "en": "It matters.", "fr": "C’est important."}


def _tmx(path: Path, src: str, tgt: str) -> Path:
    docs = [Document(lang, [Paragraph(TEXTS[lang])], [Segment(0, TEXTS[lang], 0)], f"doc.{lang}")
            for lang in (src, tgt)]
    write_tmx(Alignment(docs[0], docs[1], [Bead((0,), (0,), 0.95)]), path)
    return path


@pytest.mark.parametrize(("src", "tgt"), [("zh-CN", "en"), ("en", "ar"), ("ru", "fr"), ("es", "en")])
def test_other_languages_are_refused_plainly(tmp_path: Path, src: str, tgt: str) -> None:
    tmx = _tmx(tmp_path / "m.tmx", src, tgt)
    out = tmp_path / "terms.tbx"
    proc = tmbuild("terms", str(tmx), "-o", str(out), "--src", src, "--tgt", tgt, "--encoder", "none")
    assert proc.returncode == 2
    line = one_line_error(proc)
    unsupported = next(lang for lang in (src, tgt) if lang.split("-")[0] not in TERM_LANGUAGES)
    assert unsupported in line
    assert not out.exists()
