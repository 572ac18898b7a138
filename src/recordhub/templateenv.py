"""The Jinja environment of a build, which notes what of other pages a template reads."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import jinja2

from recordhub import pagereads
from recordhub.pages import Page


class Environment(jinja2.Environment):
    """Jinja's environment, which tells pagereads.reading of a page's whole front matter or FAQ
    read by a template (page.matter.status_note, say), as Page notes its own fields."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """obj.attribute in a template."""
        if attribute in _WHOLE and type(obj) is Page:
            pagereads.noted(obj)
        try:  # Jinja's own first step, without its call: a page reads a hundred attributes
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item then, or undefined, as Jinja does

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """Globals as one dict: Jinja's ChainMap is read in Python on each render and import."""
        return {**self.globals, **(d or {})}

    def getitem(self, obj: Any, argument: Any) -> Any:
        """obj[argument] in a template."""
        if argument in _WHOLE and type(obj) is Page:
            pagereads.noted(obj)
        return super().getitem(obj, argument)


_WHOLE = frozenset({"matter", "faq"})  # what a page's key does not hold, read through Page
