"""An id two elements of a page share: a link to it goes to the first, and the page is not
valid HTML. Told at the heading (or the element given the id) in the page's own file."""

from __future__ import annotations

import re

from recordhub import provenance
from recordhub.diagnostics import Diagnostic, warning
from recordhub.pages import Page
from recordhub.siteview import Site

FROM_FILES = {"home", "section", "page"}  # the kinds of page written from a file of content/
_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")


def told(page: Page | None, url: str, template: str, anchor: str, site: Site) -> Diagnostic:
    """A warning for an id two elements of a page have (a heading named as a part of the
    theme is, say): a link to it goes to the first, and the page is not valid HTML."""
    where, line = template, None
    hint = "give the heading an id of its own, `## Title {#another-id}`, or another title"
    if page is not None and page.kind in FROM_FILES:
        from recordhub.markdown import anchor as slug

        where = page.source_path
        try:
            text = (site.config.root / page.source_path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        for number, written in enumerate(text.splitlines(), 1):
            heading = _HEADING.fullmatch(written)
            if heading and (
                f"#{anchor}" in written or slug(_ATTRS.sub("", heading["text"]), "-") == anchor
            ):
                line = number
                break
        else:  # given by hand to another element: in an attribute list, or in HTML
            line = provenance.id_given_at(text, anchor)
            if line is not None:
                hint = "give the element an id of its own, or leave the id out"
    return warning(
        where,
        line,
        1 if line else None,
        f"{url} has two elements with the id '{anchor}': a link to #{anchor} goes to the first",
        hint,
    )
