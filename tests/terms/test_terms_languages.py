"""Term extraction beyond French and English: Spanish, Russian, Chinese on sentences of Debian's translated
manuals (debian-reference 2.100 es/zh-CN, developers-reference 12.18 ru); other languages are refused plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.models import Alignment, Bead, Document, Paragraph, Segment
from tests.fixtures.cli import one_line_error, tmbuild
from tm.terms.extract import extract_candidates
from tm.terms.lexicon import TERM_LANGUAGES
from tm.terms.pairs import AlignedSegment, pair_terms
from tm.tmx import write_tmx

# debian-reference ch02 (es), as shipped.
ES = ["Se respeta la configuración manual del administrador del sistema.",
      "Las funcionalidades completas del software empaquetado están disponibles para el administrador del sistema.",
      "El administrador del sistema puede realizar manualmente configuraciones esotéricas.",
      "Elimina los archivos instalados excepto los archivos de configuración",
      "Elimina los archivos instalados incluidos los archivos de configuración",
      "elimina el paquete «foo» sin eliminar sus archivos de configuración"]
EN = ["The manual configuration by the system administrator is respected.",
      "Full functionalities of packaged software are available to the system administrator.",
      "Esoteric configuration may be manually enabled by the system administrator.",
      "Remove the installed files except the configuration files",
      "Remove the installed files including the configuration files",
      "remove the package \"foo\" without removing its configuration files"]
# developers-reference "Managing packages" (ru).
RU = ["Убедитесь, что номер версии верен.",
      "Он должен быть больше, чем номер версии текущего пакета, но меньше, чем версии пакетов в более поздних "
      "выпусках.",
      "Будьте внимательны, не используйте повторно номер версии, который вы использовали для предыдущей загрузки, "
      "либо номер, конфликтующий с binNMU."]
# debian-reference ch02 (zh-CN).
ZH = ["Debian 尊重系统管理员的手动配置。", "系统管理员可以使用软件包工具的全部功能。",
      "高深的配置可以由系统管理员手动启用。", "你作为系统管理员要对你的系统负责到底。"]


def _free(texts: list[str], lang: str) -> set[str]:
    cands = extract_candidates([(str(i), t) for i, t in enumerate(texts)], lang)
    return {c.text.lower() for c in cands.values() if c.free > 0 and c.termhood > 0}


@pytest.mark.parametrize(("lang", "texts", "terms", "not_terms"), [
    ("es", ES, {"administrador del sistema", "archivos de configuración", "archivos instalados"},
     {"elimina", "eliminar", "administrador", "sistema", "respeta", "manualmente configuraciones esotéricas"}),
    ("en", EN, {"system administrator", "configuration files", "installed files"}, {"remove", "administrator"}),
    ("ru", RU, {"номер версии"}, {"убедитесь", "используйте", "номер", "версии"}),
    ("zh", ZH, {"系统管理员", "软件包工具"}, {"使用", "可以", "尊重系统管理员", "系统"}),
])
def test_expected_candidates(lang: str, texts: list[str], terms: set[str], not_terms: set[str]) -> None:
    free = _free(texts, lang)
    assert terms <= free
    assert not (not_terms & free)


def test_spanish_pairs_with_english() -> None:
    segs = [AlignedSegment(s, t, str(n)) for n, (s, t) in enumerate(zip(ES, EN, strict=True), 1)]
    pairs = {(p.source, p.target) for p in pair_terms(segs, src="es", tgt="en")}
    assert ("administrador del sistema", "system administrator") in pairs
    assert ("archivos de configuración", "configuration files") in pairs


def test_term_languages_are_the_documented_ones() -> None:
    assert {"fr", "en", "es", "ru", "zh"} == set(TERM_LANGUAGES)


TEXTS = {"ar": "قَالَ نَعَمْ.", "de": "Es ist wichtig.", "en": "It matters.", "fr": "C’est important."}


def _tmx(path: Path, src: str, tgt: str) -> Path:
    docs = [Document(lang, [Paragraph(TEXTS[lang])], [Segment(0, TEXTS[lang], 0)], f"doc.{lang}")
            for lang in (src, tgt)]
    write_tmx(Alignment(docs[0], docs[1], [Bead((0,), (0,), 0.95)]), path)
    return path


@pytest.mark.parametrize(("src", "tgt"), [("en", "ar"), ("de", "fr")])
def test_other_languages_are_refused_plainly(tmp_path: Path, src: str, tgt: str) -> None:
    tmx = _tmx(tmp_path / "m.tmx", src, tgt)
    out = tmp_path / "terms.tbx"
    proc = tmbuild("terms", str(tmx), "-o", str(out), "--src", src, "--tgt", tgt, "--encoder", "none")
    assert proc.returncode == 2
    line = one_line_error(proc)
    unsupported = next(lang for lang in (src, tgt) if lang.split("-")[0] not in TERM_LANGUAGES)
    assert unsupported in line and "E704" in line
    assert not out.exists()


@pytest.mark.parametrize(("form", "citation"), [
    ("командой безопасности", "команда безопасности"), ("нового пакета", "новый пакет"),
    ("архива Debian", "архив Debian"), ("номер версии", "номер версии"), ("исходного пакета", "исходный пакет"),
])
def test_russian_terms_are_recorded_in_the_nominative(form: str, citation: str) -> None:
    from tm.terms.languages import citation_form

    assert citation_form(form, "ru") == citation
