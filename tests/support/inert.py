"""An HTML page that runs nothing and loads nothing: the check shared by the page tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def assert_inert(page: str) -> None:
    """No script, no event handler, nothing that loads or links anywhere."""
    parsed = Tags()
    parsed.feed(page)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {
        "script",
        "iframe",
        "object",
        "embed",
        "img",
        "link",
        "base",
        "form",
        "a",
        "svg",
    }, names
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name)
            assert name.lower() not in {"src", "href", "srcset", "action", "background"}, (
                tag,
                name,
            )
            if name == "style":
                assert "url(" not in (value or "").lower()
    assert "@import" not in parsed.style and "url(" not in parsed.style.lower()
    assert not re.search(r"<\s*script", page, re.I)
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.I)  # escaped text has no '<'

    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
