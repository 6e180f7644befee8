"""HTML reader (lxml.html): the main text only; navigation, page header/footer, scripts and forms dropped.

Structural rules rather than a boilerplate classifier (trafilatura, justext): both keep the text but
drop the structure (headings, list items, `pre`) that units and segment kinds come from, and both
drop short units (a heading, a one-word table cell) as boilerplate.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from align import errors
from align.models import Kind, Paragraph
from align.readers.xmlsafe import check_tree, first_line

_DROP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "iframe",
         "svg", "button", "select", "textarea", "menu", "dialog", "object", "embed", "canvas", "head"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "complementary",
               "doc-backlink"}
_BLOCKS = {"p", "div", "li", "dd", "dt", "td", "th", "blockquote", "pre", "caption", "figcaption", "section",
           "article", "main", "body", "table", "tr", "ul", "ol", "dl", "address", "h1", "h2", "h3", "h4",
           "h5", "h6", "center", "hr", "details", "summary", "figure", "aside", "header", "footer"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
# Navigation by class or id: generated tables of contents, breadcrumbs, sidebars, prev/next bars,
# Sphinx's and DocBook's navigation headers and footers, and the pilcrow links beside headings.
_NAV = re.compile(r"^(?:(?:doc|sub|top|bottom|site|main|page|global|primary|secondary|local|book|mobile)?-?nav\w*|"
                  r"toc|toc-?\w+|breadcrumbs?|sphinxsidebar\w*|related|pager|pagination|banner|"
                  r"skip-?link|headerlink|navheader|navfooter|menu|topbar|site-?header|site-?footer|"
                  r"prev(?:ious)?|next|edit-?link|searchbox)$", re.IGNORECASE)
# "sidebar" names a site's link column and also DocBook's <sidebar> (a boxed TIP or NOTE, real text):
# only the one that is mostly links is navigation.
_SIDEBAR = re.compile(r"^side-?bar[\w-]*$", re.IGNORECASE)
_LINK_SHARE = 0.5
_NOTES = re.compile(r"foot-?notes?|end-?notes?|\bfn\b|(?:^|\s)notes(?:\s|$)", re.IGNORECASE)
_NOTE_REF = re.compile(r"^\s*[\[(]?(\d{1,3}|[*†‡§]{1,3})[\])]?\s*$")
_BACKREF = re.compile(r"back-?ref|backlink|footnote-back|reversefootnote", re.IGNORECASE)


def read_html(data: bytes, path: str) -> list[Paragraph]:
    """Paragraphs of the page's main content: headings by tag, footnote sections as footnotes."""
    # libxml2 takes a page that declares no charset for Latin-1; UTF-8 is what such pages are today.
    encoding = None
    if not re.search(rb"<meta[^>]+charset|encoding=", data[:4096], re.IGNORECASE) and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            pass
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
                                  encoding=encoding)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise errors.unreadable(path, "HTML page", first_line(str(e))) from None
    check_tree(root, path)
    for el in list(root.iter()):
        if el.getparent() is not None and _dropped(el):
            el.drop_tree()  # keeps the element's tail text, which belongs to the parent
    main = _main(root)
    walker = _Walker()
    walker.walk(main, Kind.BODY)
    walker.flush()
    body = [p for p in walker.out if p.kind is not Kind.FOOTNOTE]
    return body + [p for p in walker.out if p.kind is Kind.FOOTNOTE]


def _attrs(el: etree._Element) -> str:
    return " ".join(str(el.get(a, "")) for a in ("id", "class", "epub:type"))


def _dropped(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return True
    tag = el.tag.lower()
    role = (el.get("role") or "").lower()
    # An article's own header holds its title, and an aside may be a footnote (EPUB, DPUB roles).
    if tag == "header" and any(a.tag in ("article", "main") for a in el.iterancestors()):
        return False
    if tag == "aside" and (role in ("doc-footnote", "doc-endnotes") or _NOTES.search(_attrs(el))):
        return False
    if tag in _DROP or role in _DROP_ROLES:
        return True
    names = (el.get("class") or "").split() + [el.get("id") or ""]
    if any(_NAV.match(token) for token in names):
        return True
    if _is_sidebar(el):
        # The outermost sidebar decides for those inside it (and measuring each would be quadratic).
        return not any(_is_sidebar(a) for a in el.iterancestors()) and _link_share(el) >= _LINK_SHARE
    if tag == "a" and (el.get("rel") or "").lower() in ("prev", "next"):
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if tag == "a" and _BACKREF.search(_attrs(el)):
        return True
    # A superscript link or noteref holding only a number or a symbol is a footnote reference.
    if tag == "sup" and _NOTE_REF.match(el.text_content() or ""):
        linked = el.find(".//a") is not None or (el.getparent() is not None and el.getparent().tag == "a")
        return linked or "noteref" in (_attrs(el) + str(el.get("role", ""))).lower()
    if tag == "a" and (el.get("role") == "doc-noteref" or "noteref" in _attrs(el).lower()):
        return bool(_NOTE_REF.match(el.text_content() or ""))
    return False


def _is_sidebar(el: etree._Element) -> bool:
    return any(_SIDEBAR.match(token) for token in (el.get("class") or "").split() + [el.get("id") or ""])


def _link_share(el: etree._Element) -> float:
    """Share of the element's letters that sit inside links (1.0 for an element with no text)."""
    total = len("".join((el.text_content() or "").split()))
    linked = sum(len("".join((a.text_content() or "").split())) for a in el.iter("a"))
    return linked / total if total else 1.0


def _main(root: etree._Element) -> etree._Element:
    """The <main> (or role=main, or the only <article>) element, else <body>."""
    for query in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(query)
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


_KIND_OF = {"li": Kind.LIST_ITEM, "pre": Kind.CODE, "td": Kind.TABLE_CELL, "th": Kind.TABLE_CELL}


def _is_notes(el: etree._Element) -> bool:
    """A footnote container by class or type; by id only when the id says footnotes (a section titled
    "Notes" gets id="notes" and is ordinary text)."""
    marks = " ".join(str(el.get(a, "")) for a in ("class", "epub:type"))
    return bool(_NOTES.search(marks) or re.search(r"foot-?notes?|end-?notes?", str(el.get("id", "")), re.I))


class _Walker:
    """Collects inline text into paragraphs, closing one at every block boundary."""

    def __init__(self) -> None:
        self.out: list[Paragraph] = []
        self.buf: list[str] = []
        self.kind = Kind.BODY
        self.label = ""

    def flush(self) -> None:
        raw = "".join(self.buf)
        # Code keeps its lines and indentation; elsewhere HTML whitespace is one space.
        text = raw.strip("\n").rstrip() if self.kind is Kind.CODE else " ".join(raw.split())
        if text:
            self.out.append(Paragraph(text, self.kind, self.label))
        self.buf, self.label = [], ""

    def walk(self, el: etree._Element, kind: Kind) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCKS
        if _is_notes(el) or (el.get("role") or "").lower() in ("doc-endnotes", "doc-footnote"):
            kind = Kind.FOOTNOTE
        elif (tag in _HEADINGS or (tag == "p" and "title" in (el.get("class") or "").split())) and kind is Kind.BODY:
            kind = Kind.HEADING  # DocBook writes the title of a sidebar, example or admonition as <p class="title">
        elif tag in _KIND_OF and kind is not Kind.FOOTNOTE and kind is not Kind.CODE:
            kind = _KIND_OF[tag]
        if tag in _HEADINGS and kind is Kind.FOOTNOTE:
            return  # a "Notes" title over the footnotes is not a note of its own
        if block:
            self.flush()
            self.kind = kind
            if tag == "li" and kind is Kind.FOOTNOTE and el.getparent() is not None and el.getparent().tag == "ol":
                self.label = str(len(el.xpath("preceding-sibling::li")) + 1)
        elif tag == "br":
            self.buf.append("\n" if kind is Kind.CODE else " ")
        self.buf.append(el.text or "")
        for child in el:
            self.walk(child, kind)
            self.kind = kind
            self.buf.append(child.tail or "")
        if block:
            self.flush()
