"""Born-digital documents: the units and kinds a word processor's ODT, DOCX and PDF hold, read back exactly."""

from __future__ import annotations

import pytest

from align.models import Kind
from align.readers import read_document
from tests.fixtures.odtmaker import Block, convert, export_all, gold_units, make_odt, soffice

# Text from Debian's Developer's Reference (French translation and English original), chosen for what a
# layout reader gets wrong: numbered headings, footnotes, lists, code with runs of spaces, a table.
BLOCKS = {
    "fr": [
        Block("heading", "1.5. dupload"),
        Block("body", "dupload est un paquet et un script qui envoie automatiquement les paquets Debian vers "
                      "l'archive Debian, enregistre l'envoi et envoie des courriels à propos de l'envoi d'un "
                      "paquet. Vous pouvez le configurer pour de nouveaux emplacements ou méthodes d'envoi.",
              notes=("Voir aussi dput, qui remplit le même rôle d'une autre façon.",)),
        Block("heading", "1.5.1. Outils d'aide", level=2),
        Block("bullet", "les règles pour Perl dans Debian ;"),
        Block("bullet", "la spécification de gestion de configuration pour Debian ;"),
        Block("number", "Recréez les fichiers POT et PO."),
        Block("number", "Faites une copie du fichier POT."),
        Block("code", "cp templates.pot templates.pot.orig\nmkdir po_fridge;   cp *.po po_fridge"),
        Block("table", rows=(("Paquet", "Rôle"), ("lintian", "vérifie les paquets"),
                             ("debhelper", "automatise les tâches courantes"))),
        Block("body", "Le programme lintian dissèque les paquets Debian et émet des informations sur les bogues "
                      "et les violations de la Charte.", notes=("Voir https://lintian.debian.org/ pour la liste.",)),
    ],
    "en": [
        Block("heading", "1.5. dupload"),
        Block("body", "dupload is a package and a script that automatically uploads Debian packages to the "
                      "Debian archive, logs the upload, and sends mail about the upload of a package. You can "
                      "configure it for new upload locations or methods.",
              notes=("See also dput, which does the same job in another way.",)),
        Block("heading", "1.5.1. Helper tools", level=2),
        Block("bullet", "the Perl policy for Debian;"),
        Block("bullet", "the configuration management specification for Debian;"),
        Block("number", "Regenerate the POT and PO files."),
        Block("number", "Make a copy of the POT file."),
        Block("code", "cp templates.pot templates.pot.orig\nmkdir po_fridge;   cp *.po po_fridge"),
        Block("table", rows=(("Package", "Role"), ("lintian", "checks packages"),
                             ("debhelper", "automates common tasks"))),
        Block("body", "The lintian program dissects Debian packages and emits information about bugs and policy "
                      "violations.", notes=("See https://lintian.debian.org/ for the list.",)),
    ],
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Each language as ODT, and as DOCX and PDF exported by LibreOffice."""
    return export_all(BLOCKS, tmp_path_factory.mktemp("borndigital"))


@pytest.mark.parametrize("fmt", ["odt", "docx", "pdf"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_units_and_kinds_come_back_exactly(documents, lang, fmt):
    got = read_document(documents[(lang, fmt)], lang).paragraphs
    assert [(p.kind, p.text) for p in got] == gold_units(BLOCKS[lang])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_keeps_footnote_numbers_and_list_labels(documents, lang):
    got = read_document(documents[(lang, "pdf")], lang).paragraphs
    assert [p.label for p in got if p.kind is Kind.FOOTNOTE] == ["1", "2"]
    assert [p.label for p in got if p.kind is Kind.LIST_ITEM] == ["•", "•", "1.", "2."]
    # The superscript reference is gone from the body text, and nothing else is.
    body = [p.text for p in got if p.kind is Kind.BODY]
    assert all(not t.rstrip(".").endswith(("1", "2")) for t in body)


def test_pdf_producer_is_known(documents):
    content = read_document(documents[("fr", "pdf")], "fr")
    assert content.pdf is not None and "LibreOffice" in content.pdf.producer
    assert content.pdf.image_pages == 0 and content.pdf.text_pages >= 1


@pytest.mark.parametrize("columns", [1, 2])
def test_running_header_page_numbers_and_columns(tmp_path, columns):
    """A title that is also the running header stays on page 1; headers, page numbers and columns do not
    get into the text."""
    if soffice() is None:
        pytest.skip("LibreOffice is absent (make sysdeps installs libreoffice-writer-nogui)")
    title = "Guide de référence du développeur Debian"
    blocks = [Block("heading", title)] + [b for _ in range(4) for b in BLOCKS["fr"][1:] if b.kind == "body"] * 3
    odt = make_odt(blocks, tmp_path / "long.odt", "fr", header=title, columns=columns)
    pdf = convert(odt, "pdf", tmp_path)
    got = read_document(pdf, "fr").paragraphs
    assert [(p.kind, p.text) for p in got] == gold_units(blocks)
