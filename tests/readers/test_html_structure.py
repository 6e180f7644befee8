"""HTML structure as documentation generators write it (Sphinx, DocBook): main text only, numbered headings
whole, list items, code and table cells as units of their own kind."""

from __future__ import annotations

import pytest

from align.models import Kind
from align.prepare import load_document
from align.readers import read_document

SPHINX = """<!DOCTYPE html><html><head><title>1. Outils — developers-reference</title></head><body>
<div class="related" role="navigation"><h3>Navigation</h3><ul><li><a href="index.html">index</a></li>
<li class="right"><a href="pkgs.html" rel="prev">précédent</a></li></ul></div>
<div class="document"><div class="body" role="main"><section id="outils">
<h1><span class="section-number">3.1. </span>Outils<a class="headerlink" href="#outils">¶</a></h1>
<p>Ce chapitre décrit les outils. Ils sont nombreux.</p>
<ul><li><p>le paquet <code>dpkg-dev</code> ;</p></li><li><p>le paquet <code>lintian</code>.</p></li></ul>
<div class="highlight"><pre><span></span>$ debuild -us -uc
$ lintian  --info  paquet.changes
</pre></div>
<table><tr><th>Outil</th><th>Rôle</th></tr><tr><td>dput</td><td>envoie les paquets.</td></tr></table>
</section></div>
<div class="sphinxsidebar" role="navigation"><h3>Table des matières</h3><ul><li>Outils</li></ul></div></div>
<div class="footer" role="contentinfo">© Copyright 2023</div></body></html>"""

DOCBOOK = """<html><body><div class="navheader"><table><tr><th>Chapitre 9. Astuces</th></tr>
<tr><td><a accesskey="p" href="ch08.html">Précédent</a></td><td><a href="ch10.html">Suivant</a></td></tr></table></div>
<div class="chapter"><div class="titlepage"><h1 class="title">Chapitre 9. Astuces du système</h1></div>
<div class="toc"><p><b>Table des matières</b></p><dl class="toc"><dt>9.1. Astuces pour la console</dt></dl></div>
<p>Je décris ici les astuces de base.</p></div>
<div class="navfooter"><a href="ch10.html">Suivant</a></div></body></html>"""


@pytest.mark.parametrize(("page", "expected"), [
    (SPHINX, [(Kind.HEADING, "3.1. Outils"), (Kind.BODY, "Ce chapitre décrit les outils. Ils sont nombreux."),
              (Kind.LIST_ITEM, "le paquet dpkg-dev ;"), (Kind.LIST_ITEM, "le paquet lintian."),
              (Kind.CODE, "$ debuild -us -uc\n$ lintian  --info  paquet.changes"),
              (Kind.TABLE_CELL, "Outil"), (Kind.TABLE_CELL, "Rôle"), (Kind.TABLE_CELL, "dput"),
              (Kind.TABLE_CELL, "envoie les paquets.")]),
    (DOCBOOK, [(Kind.HEADING, "Chapitre 9. Astuces du système"), (Kind.BODY, "Je décris ici les astuces de base.")]),
])
def test_main_content_and_kinds(tmp_path, page, expected):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert [(p.kind, p.text) for p in read_document(path, "fr").paragraphs] == expected


def test_numbered_heading_and_code_are_single_segments(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(SPHINX, encoding="utf-8")
    doc = load_document(path, "fr")
    texts = doc.texts()
    assert "3.1. Outils" in texts and "3.1." not in texts
    assert "$ debuild -us -uc\n$ lintian  --info  paquet.changes" in texts
    assert [s.text for s in doc.segments if s.kind is Kind.BODY] == ["Ce chapitre décrit les outils.",
                                                                     "Ils sont nombreux."]
    assert doc.repairs == []  # born-digital: no OCR repair by default


# Publican (debian-handbook) as it writes a page: a download banner, prev/home/next bars, a DocBook sidebar
# (a boxed TIP with a title: real text), and a site's link column that also calls itself a sidebar.
PUBLICAN = """<html><body><div id="banner"><a href="get/"><span class="text">Download the ebook</span></a></div>
<ul class="docnav top"><li class="previous"><a href="a.html"><strong>Prev</strong></a></li>
<li class="home">The Debian Administrator's Handbook</li><li class="next"><a href="b.html">Next</a></li></ul>
<div class="section"><h2 class="title"><a id="sect.syslog"></a>9.5. syslog System Events</h2>
<div class="para">The daemon collects messages.</div>
<div class="sidebar"><div class="titlepage"><p class="title"><strong><em>TIP</em> Named pipe</strong></p></div>
<div class="para">A named pipe is a particular type of file.</div></div></div>
<div class="sidebar-links"><ul><li><a href="x.html">Installation</a></li><li><a href="y">Upgrades</a></li></ul></div>
<ul class="docnav"><li class="up"><a href="#"><strong>Up</strong></a></li><li class="home"><a href="index.html">
<strong>Home</strong></a></li></ul></body></html>"""


def test_docbook_sidebar_kept_navigation_dropped(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PUBLICAN, encoding="utf-8")
    assert [(p.kind, p.text) for p in read_document(path, "en").paragraphs] == [
        (Kind.HEADING, "9.5. syslog System Events"), (Kind.BODY, "The daemon collects messages."),
        (Kind.HEADING, "TIP Named pipe"), (Kind.BODY, "A named pipe is a particular type of file.")]
