"""Saved government web pages: the article body without navigation, share bars and footers."""
from __future__ import annotations

import re
from pathlib import Path

from ..clean import RawLine, build_document
from ..model import Document
from .text import decode_bytes

DROP_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "select"]
DROP_ATTR_RE = re.compile(r"nav|menu|breadcrumb|crumb|share|footer|foot|header|sidebar|position|location|bdshare|toolbar|copyright|related|links?$", re.I)
BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th", "pre", "center"}
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _text_lines(node) -> list[str]:
    """Text of a node with one line per block element; table cells joined by tabs."""
    from bs4 import NavigableString, Tag

    out: list[str] = []
    buf: list[str] = []

    def flush():
        line = "".join(buf).strip()
        if line:
            out.append(line)
        buf.clear()

    def walk(n):
        for child in n.children:
            if isinstance(child, NavigableString):
                buf.append(re.sub(r"\s+", " ", str(child)))
            elif isinstance(child, Tag):
                if child.name == "tr" and not child.find(["table", "p", "br", "div"]):
                    flush()
                    cells = [" ".join(c.get_text(" ").split()) for c in child.find_all(["td", "th"], recursive=False)]
                    out.append("\t".join(cells))
                    continue
                block = child.name in BLOCK_TAGS
                if block:
                    flush()
                walk(child)
                if block:
                    flush()

    walk(node)
    flush()
    return out


def _content_node(soup):
    """The article body, readability-style: every text block scores its parent fully and its
    grandparent by half (CJK characters outside links), and the best-scored element wins."""
    from bs4 import Tag

    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    blocks = soup.find_all(["p", "td", "pre", "li", "div", "span", "font"])
    for blk in blocks:
        # a block counts by its own text, not by text of block children counted on their own
        if blk.name in ("div", "td", "span", "font") and blk.find(["p", "div", "td", "table"]):
            continue
        text = blk.get_text("", strip=True)
        links = sum(len(a.get_text("", strip=True)) for a in blk.find_all("a"))
        cjk = len(CJK_RE.findall(text)) - links
        if cjk < 5:
            continue
        weight = cjk + 3 * len(re.findall(r"[，。；：、]", text))
        for parent, share in ((blk.parent, 1.0), (blk.parent.parent if blk.parent else None, 0.5)):
            if isinstance(parent, Tag) and parent.name not in ("html", "[document]"):
                scores[id(parent)] = scores.get(id(parent), 0.0) + share * weight
                nodes[id(parent)] = parent
    if not scores:
        return soup.body or soup
    best = nodes[max(scores, key=scores.get)]

    def own_cjk(node) -> int:
        text = node.get_text("", strip=True)
        return len(CJK_RE.findall(text)) - link_chars(node)

    def link_chars(node) -> int:
        return sum(len(a.get_text("", strip=True)) for a in node.find_all("a"))

    # the title, the number and the date often sit beside the body in the article block:
    # climb while the parent adds little text of its own
    climbs = 0
    while climbs < 2:
        parent = best.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        base = own_cjk(best)
        extra = own_cjk(parent) - base
        if extra > 0.25 * base or link_chars(parent) - link_chars(best) > 10:
            break  # the parent adds text of its own, or navigation
        if extra > 0:
            climbs += 1  # wrappers that add nothing (a lone <tr>) cost no climb
        best = parent
    return best


def load(path: Path, rules=None) -> Document:
    from bs4 import BeautifulSoup

    from ..rules import load_rules

    P = (rules or load_rules()).patterns("html")
    html, decode_warnings = decode_bytes(path.read_bytes())
    soup = BeautifulSoup(html, "lxml")
    metadata: dict = {}
    page_text = soup.get_text("\n")
    m = P.published.search(page_text)
    if m:
        metadata["published"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if soup.title and soup.title.string:
        metadata["page_title"] = soup.title.string.strip()
    for tag in soup(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": DROP_ATTR_RE}) + soup.find_all(attrs={"id": DROP_ATTR_RE}):
        if tag.parent is not None and tag.name not in ("body", "html"):
            tag.decompose()
    node = _content_node(soup)
    lines = _text_lines(node)
    heading = soup.find(["h1", "h2"])
    if heading is not None:
        h = " ".join(heading.get_text(" ").split())
        if h and not any(h.replace(" ", "") in l.replace(" ", "") for l in lines[:8]):
            lines.insert(0, h)
    # the page title names the notice when the article block has no title line of its own
    page_title = re.split(r"\s+[-_|—]+\s+", metadata.get("page_title", ""))[0].strip()
    if page_title and P.title_line.search(page_title) and not any(P.title_line.search(l) for l in lines[:8]):
        lines.insert(0, page_title)
    raw = [RawLine(t, 1, i) for i, t in enumerate(lines, start=1)]
    doc = build_document(raw, str(path), "html", metadata=metadata, layout=False, rules=rules)
    doc.warnings.extend(decode_warnings)
    return doc
