"""What rendering needs that no page decides: the static files and assets, and the renderer.

With many pages, a build makes these while worker processes convert the pages (build.gather),
and compiles every template then: the processes that later render the pages are forked with
the compiled templates, where each would otherwise compile them again for itself.
"""

from __future__ import annotations

import os

import jinja2
from msgspec import Struct

from recordhub import assets, plan
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError
from recordhub.render import Renderer, nameable
from recordhub.urls import base_path


class Theming(Struct, frozen=True):
    """The assets to publish by name, the problems found planning them, and the renderer."""

    published: dict[str, assets.Asset]
    problems: list[Diagnostic]
    renderer: Renderer


def prepare(
    config: SiteConfig, preview: bool, search: bool, templates: jinja2.BytecodeCache | None
) -> Theming:
    """Plan the static files and assets, and make the renderer that links to them."""
    root = base_path(config.settings.base_url)  # the site's path on its host, as Site.root
    static, problems = plan.static_files(config)
    # the preview keeps plain names, so a stylesheet can be swapped in place
    published, found = assets.plan_assets(static, not preview, root)
    urls = {name: root + asset.rel for name, asset in published.items()}
    return Theming(published, problems + found, Renderer(config, urls, preview, templates, search))


class Preparation:
    """A build's Theming, made when first asked for, or ahead while workers convert pages."""

    def __init__(
        self,
        config: SiteConfig,
        preview: bool,
        search: bool,
        templates: jinja2.BytecodeCache | None,
    ) -> None:
        self._asked = (config, preview, search, templates)
        self._made: Theming | None = None

    def ahead(self) -> None:
        """Make it now and compile every template: the main process waits on the workers."""
        compile_all(self.made().renderer)

    def made(self) -> Theming:
        """The Theming, made now if it was not made ahead."""
        if self._made is None:
            self._made = prepare(*self._asked)
        return self._made


def compile_all(renderer: Renderer) -> None:
    """Compile every template ahead; one that does not compile is told by check_templates."""
    own = renderer.config.templates_dir
    for name in renderer.env.list_templates(["html"]):
        mine = own / name
        # of the hub's own, only what check_templates compiles too: not an editor's copy
        if os.path.lexists(mine) and not (mine.is_file() and nameable(name)):
            continue
        try:
            renderer.env.get_template(name)
        except (jinja2.TemplateError, DiagnosticError, OSError, UnicodeError):
            continue
