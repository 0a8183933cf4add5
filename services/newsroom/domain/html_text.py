"""HTML to plain text with a streaming HTML parser: blocks become lines, junk elements vanish."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")

# Elements whose whole subtree is never article text.
_DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "figcaption",
        "head",
        "title",
        "menu",
        "dialog",
    }
)
# Elements that end a line of text.
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
        "article",
        "main",
        "table",
        "tr",
        "td",
        "th",
        "dd",
        "dt",
        "dl",
        "figure",
        "hr",
        "address",
    }
)
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCK and not self._drop_stack:
                self.parts.append("\n")
            return
        if self._drop_stack or tag in _DROP:
            self._drop_stack.append(tag)
            return
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and not self._drop_stack:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._drop_stack:
            # Pop up to the matching open tag; tolerate unclosed children.
            if tag in self._drop_stack:
                while self._drop_stack and self._drop_stack.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # Source newlines inside a paragraph are layout, not text: only blocks break lines.
        if not self._drop_stack:
            self.parts.append(_SPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML fragment, one block element per line."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
