"""A page's planned output: the page, and how to render it once it is written."""

from __future__ import annotations

from msgspec import Struct

from recordhub import assets, fingerprints, metadata, plan
from recordhub.pages import NO_MARKUP, Page
from recordhub.render import Renderer
from recordhub.siteview import Site
from recordhub.urls import output_file


def planned(
    renderer: Renderer,
    keys: fingerprints.Keys,
    page: Page,
    site: Site,
    references: assets.References,
) -> plan.Output:
    """The planned output of one page."""
    render = _PageRender(renderer, page, site, references)
    return plan.Output(output_file(page.path), page.source_path, keys.page(page), render, page=page)


class _PageRender(Struct, frozen=True):
    """Renders one page when its output is written."""

    # an object, not a closure: a build holds one per page, and this is half the size
    renderer: Renderer
    page: Page
    site: Site
    references: assets.References

    def __call__(self) -> str:
        page, site = self.page, self.site
        view = site.languages.get(page.lang, site)
        page.jsonld = metadata.jsonld(page, view)
        try:
            return self.references.rewrite(self.renderer.render(page, view))
        finally:
            page.jsonld = NO_MARKUP  # not kept: the model holds no page's markup once it is shown
