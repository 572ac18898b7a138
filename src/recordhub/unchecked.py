"""What a build leaves unchecked: the drafts it does not publish."""

from __future__ import annotations

from recordhub.diagnostics import Diagnostic, counted, notice
from recordhub.visibility import Placed, Visibility, is_hidden


def drafts(pages: list[Placed], visibility: Visibility) -> list[Diagnostic]:
    """One notice of the drafts left out: their links and other references to pages are checked
    only where drafts are built, so a writer would otherwise learn of a broken one on the day
    the draft is published, when it stops that build."""
    if visibility.drafts:
        return []
    left = [p for p in pages if p.matter.draft and is_hidden(p.matter, visibility)]
    if not left:
        return []
    were = "was" if len(left) == 1 else "were"
    message = (
        f"{counted(len(left), 'draft')} {were} not checked: links to other pages, anchors and "
        "the pages named in front matter are checked only where drafts are shown"
    )
    hint = (
        "run recordhub check --drafts to check them, or preview them with recordhub serve, "
        "which shows drafts and tells their problems"
    )
    return [notice("content", None, None, message, hint)]
