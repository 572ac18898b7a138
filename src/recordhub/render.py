"""Stage 7: one Jinja environment per build; every page rendered to a string."""

from __future__ import annotations

import datetime as dt
import functools

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from recordhub import faq, markdown, outlines, templateenv, templateerrors
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, error
from recordhub.fallbackwords import Words
from recordhub.leftout import is_ignored
from recordhub.loaders import Own, Theme, has_partials
from recordhub.pages import Page
from recordhub.siteview import Site
from recordhub.strings import THEME_DIR, Strings, format_date, format_moment
from recordhub.templateerrors import check_day
from recordhub.urls import base_path, rooted, site_path

KIND_TEMPLATES = {
    "home": "home.html",
    "tag": "tag.html",
    "tags": "tags.html",
    "corrections": "corrections.html",
    "search": "search.html",
    "404": "404.html",
}


def isodate(day: dt.date | None) -> str:
    """A date for <time datetime>."""
    if day is None:
        return ""
    check_day("isodate", day)
    return day.isoformat()


class Renderer:
    """The build's Jinja environment plus the helpers templates call."""

    def __init__(
        self,
        config: SiteConfig,
        assets: dict[str, str],
        preview: bool = False,
        cache: jinja2.BytecodeCache | None = None,
        search: bool = False,
    ) -> None:
        self.config = config
        self.assets = assets
        self.preview = preview
        own = outlines.read_own(config.templates_dir)  # once per build: a hub has a few
        self.templates = outlines.Templates(own, config.templates_dir)
        # a key only the hub's own templates ask for is a string of the hub's, not a typo
        self.strings = Strings(config, outlines.used_keys(own))
        self.words = Words(config, self.strings)  # marks a word shown in another language
        self.lang = config.default_language  # the language of the page being rendered
        self._where: dict[str, str] = {}  # template name -> where it lives, as shown
        self.broken: set[str] = set()  # templates that are missing or do not compile
        self.unexported: set[tuple[str, str]] = set()  # (partial, macro) the theme lacks
        self.env = templateenv.Environment(
            loader=jinja2.ChoiceLoader(
                [
                    Own(config.templates_dir, config.root),
                    Theme(THEME_DIR / "templates", has_partials(config.templates_dir)),
                ]
            ),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            bytecode_cache=cache,
        )
        self.env.filters["date"] = self.date
        self.env.filters["datetime"] = self.datetime
        self.env.filters["isodate"] = isodate
        root = base_path(config.settings.base_url)
        self.env.filters["rooted"] = functools.partial(rooted, root=root)
        self.env.globals.update(t=self.t, asset=self.asset, preview=preview, search=search)

    def t(self, key: str) -> str:
        """A theme string in the page's language; an unknown key is a template error."""
        text = self.strings.get(self.lang, key)
        if text is None:
            raise jinja2.TemplateRuntimeError(self.strings.unknown(key))
        return self.words.held(self.lang, key, text)

    def date(self, day: dt.date | None) -> str:
        """A date formatted for the page's language."""
        if day is not None:
            check_day("date", day)
        return format_date(day, self.lang)

    def datetime(self, moment: dt.date | None) -> str:
        """A time (publish_at, expires) with its date and zone, for the page's language."""
        if moment is not None:
            check_day("datetime", moment)
        return format_moment(moment, self.lang)

    def verdict(self, page: Page) -> str | None:
        """A claim's verdict label in the page's language (site.yml's label by default)."""
        key = page.verdict
        if not key:
            return None
        settings = self.config.settings
        label = settings.verdicts.get(str(key), str(key))
        if "verdicts" not in settings.model_fields_set:
            # the built-in labels are English: the default language too has its own word
            name = f"verdict_{key}"
            text = self.strings.get(page.lang, name)
            return label if text is None else self.words.held(page.lang, name, text, label=True)
        if page.lang != self.config.default_language:
            translated = self.strings.verdict_in(page.lang, str(key), label)
            if translated:
                return translated
            self.strings.untranslated(page.lang, f"verdict_{key}", f"site.yml's label '{label}'")
            return self.words.label(label, self.config.default_language)  # site.yml's own
        return label

    def asset(self, name: str) -> str:
        """URL of a static asset, by its plain name."""
        try:
            return self.assets[name]
        except KeyError:
            message = f"no static asset named '{name}'"
            # an address from the site's root ('/press.css', '/facts/press.css'), as a link has
            plain = site_path(name, base_path(self.config.settings.base_url))
            if plain != name and plain in self.assets:
                message += f": asset() takes its path inside static/, asset('{plain}')"
            raise jinja2.TemplateRuntimeError(message) from None

    def template_name(self, page: Page) -> str:
        """The template a page asks for, or the one for its kind and type."""
        if page.matter.template:
            return page.matter.template
        if page.kind in KIND_TEMPLATES:
            return KIND_TEMPLATES[page.kind]
        if page.kind == "section" and page.matter.type == "page":
            return "section.html"
        return f"{page.matter.type}.html"

    def template_path(self, page: Page) -> str:
        """Where the page's template lives, as messages show it."""
        name = self.template_name(page)
        if name not in self._where:  # asked for every page; a build has a few templates
            own = (self.config.templates_dir / name).is_file()
            self._where[name] = f"templates/{name}" if own else f"recordhub theme: {name}"
        return self._where[name]

    def check_templates(self, pages: list[Page]) -> list[Diagnostic]:
        """Compile every template pages ask for, reporting unknown names and syntax errors."""
        found: list[Diagnostic] = []
        self.broken.clear()
        listed = [
            name
            for name in self.env.list_templates(["html"])
            if "/" not in name and name not in {"base.html", "404.html"}
        ]
        choices = ", ".join(listed)
        asked = {self.template_name(p) for p in pages}
        for name in sorted(asked):
            if name.startswith("partials/") or name == "base.html":
                # it renders, to a page of a byte or none: the macros or frame, not a page
                self.broken.add(name)
                message, hint = _NOT_A_PAGE["base" if name == "base.html" else "partial"]
                found += [
                    error(*_named_at(page), message.format(name=name), hint + choices)
                    for page in pages
                    if self.template_name(page) == name
                ]
                continue
            try:
                self.env.get_template(name)
            except jinja2.TemplateNotFound:
                self.broken.add(name)
                # the name as a file of templates/ is named: without .html, or with the folder
                spelt = (f"{name}.html", name.removeprefix("templates/"))
                meant = next((m for m in spelt if m != name and m in listed), None)
                hint = (
                    f"did you mean '{meant}'? A template is named by its file's path inside "
                    "templates/"
                    if meant
                    else f"add templates/{name}, or use one of: {choices}"
                )
                found += [
                    error(*_named_at(page), f"unknown template '{name}'", hint)
                    for page in pages
                    if self.template_name(page) == name
                ]
            except jinja2.TemplateSyntaxError as exc:
                self.broken.add(name)
                found.append(templateerrors.syntax(exc, self.config.root))
            except DiagnosticError as exc:  # a template that is not UTF-8
                self.broken.add(name)
                found += exc.diagnostics
        found += [d for d in self._own_unreadable() if d not in found]
        unknown, wrong = self.templates.unknown_blocks()
        self.broken |= wrong  # told once here rather than shown as an empty page
        # told once, at the extends line, rather than as a recursion on every page
        looping = self.templates.extending_itself()
        if looping:  # a loop runs through the hub's templates: without one, none to follow
            self.broken |= {name for name in asked if self.templates.loops(name)}
        found += looping
        missing, self.unexported = self.templates.missing_macros()
        return found + unknown + missing

    def _own_unreadable(self) -> list[Diagnostic]:
        """Every template of the hub that does not compile: a page stops at the first broken
        partial it imports, which would hide the others until that one is fixed."""
        found: list[Diagnostic] = []
        folder = self.config.templates_dir
        for path in sorted(folder.rglob("*") if folder.is_dir() else ()):
            name = path.relative_to(folder).as_posix()
            if path.suffix not in (".html", ".xml") or not path.is_file() or not nameable(name):
                continue
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                found.append(templateerrors.syntax(exc, self.config.root))
            except DiagnosticError as exc:  # not UTF-8, or a link that leads out
                found += exc.diagnostics
            except jinja2.TemplateNotFound:  # removed meanwhile
                continue
        return found

    def render(self, page: Page, site: Site) -> str:
        """Render one page; raise DiagnosticError naming the template line and the page."""
        self.lang = page.lang
        content = page.content
        shown = faq.stamp(str(content), self._faq_updated) if page.matter.type == "faq" else content
        shown = markdown.backlinks(shown, lambda: self.t("footnote_back"))
        if shown is not content:
            page = _with_content(page, Markup(shown))
        name = self.template_name(page)
        if name in self.broken:
            raise DiagnosticError([])  # reported once already, by check_templates
        try:
            template = self.env.get_template(name)
            return self.words.marked(template.render(page=page, site=site), page.lang)
        except jinja2.TemplateSyntaxError as exc:
            raise DiagnosticError([templateerrors.syntax(exc, self.config.root)]) from None
        except DiagnosticError:
            raise  # a page's own problem, found when its HTML was read (convert._again)
        except RecursionError as exc:
            found = templateerrors.recursion(exc, page.source_path, self.config.root)
            raise DiagnosticError([found]) from None
        except Exception as exc:  # any template runtime error becomes a diagnostic
            if templateerrors.unexported(exc) in self.unexported:
                raise DiagnosticError([]) from None  # told once, at the hub's partial
            raise DiagnosticError(
                [templateerrors.runtime(exc, page.source_path, self.config.root)]
            ) from None

    def _faq_updated(self, day: dt.date) -> str:
        label = escape(self.t("answer_updated"))
        return f'{label} <time datetime="{isodate(day)}">{escape(self.date(day))}</time>'


_NOT_A_PAGE = {
    "partial": (
        "'{name}' is a partial: macros for templates to import, not a template for a page",
        "name a template for whole pages: ",
    ),
    "base": (
        "'base.html' is the frame the templates for pages extend, not a template for a page",
        "name one that extends it: ",
    ),
}


def nameable(name: str) -> bool:
    """False for an editor's temporary file, and for a name that is not UTF-8 (told apart)."""
    return not is_ignored(name.rsplit("/", 1)[-1]) and not any(
        "\udc80" <= c <= "\udcff" for c in name
    )


def _named_at(page: Page) -> tuple[str, int | None, int | None]:
    """Where a page names its template: its template: line, or the page when it names none."""
    if page.positions and page.matter.template:
        return (page.source_path, *page.positions.value(("template",)))
    return page.source_path, None, None


def _with_content(page: Page, content: Markup) -> Page:
    """A shallow copy of page with other content, leaving the site's page untouched."""
    copy = Page.__new__(Page)
    copy.__dict__.update(page.__dict__)
    copy.content = content
    return copy
