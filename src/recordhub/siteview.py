"""The Site object that templates see (the documented ``site`` API): the hub as a whole."""

from __future__ import annotations

from markupsafe import Markup
from msgspec import Struct, field

from recordhub import moments, strings
from recordhub.config import Contact, Organization, SiteConfig
from recordhub.pages import Feed, MenuItem, Page, Tag


class Site(Struct):
    """Everything the templates know about the hub."""

    config: SiteConfig
    home: Page
    pages: list[Page]
    sections: list[Page]
    tags: list[Tag]
    menu: list[MenuItem]
    footer_menu: list[MenuItem]
    root: str
    lang: str = ""
    languages: dict[str, Site] = field(default_factory=dict)  # the same hub in each language
    targets: dict[str, str] = field(default_factory=dict)  # content file -> URL, for links
    by_source: dict[str, Page] = field(default_factory=dict)  # content file -> its page
    hidden: frozenset[str] = frozenset()  # content files left out of this build
    invalid: frozenset[str] = frozenset()  # content files with errors of their own
    # content files only hidden pages name (with those pages), and all that hidden pages name
    held: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hidden_files: frozenset[str] = frozenset()
    feeds: list[Feed] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Site title, in this view's language when site.yml has it."""
        return self.config.settings.text_in("title", self.language) or ""

    @property
    def title_language(self) -> str:
        """The language the title shown is written in."""
        return self.config.settings.text_language("title", self.language)

    def said_as(self, lang: str) -> Markup:
        """lang and dir attributes for a text of site.yml in lang shown in a page of this
        view's language (a screen reader then speaks it as that language); none when the same."""
        if lang == self.language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(lang, self.direction(lang))

    @property
    def description(self) -> str | None:
        """One-line description of the hub, in this view's language when site.yml has it."""
        return self.config.settings.text_in("description", self.language)

    @property
    def base_url(self) -> str:
        """Absolute base URL, ending in '/'."""
        return self.config.settings.base_url

    @property
    def language(self) -> str:
        """Code of this view's language."""
        return self.lang or self.config.default_language

    @property
    def default_language(self) -> str:
        """Code of the language served at the root."""
        return self.config.default_language

    @property
    def language_names(self) -> dict[str, str]:
        """Each language's name in its own language, by code."""
        return {language.code: language.name for language in self.config.settings.languages}

    @property
    def dir(self) -> str:
        """Text direction of this view's language."""
        return self.direction(self.language)

    def direction(self, code: str) -> str:
        """ltr or rtl for a language code."""
        for language in self.config.settings.languages:
            if language.code == code:
                return language.dir or strings.direction_of(code)
        return "ltr"

    @property
    def organization(self) -> Organization:
        """The organisation, or one named after the site."""
        return self.config.settings.organization or Organization(name=self.title)

    @property
    def contact(self) -> Contact:
        """Press and security addresses."""
        return self.config.settings.contact

    @property
    def copyright(self) -> str | None:
        """Footer copyright line, in this view's language when site.yml has it."""
        return self.config.settings.text_in("copyright", self.language)

    @property
    def copyright_language(self) -> str:
        """The language the copyright line shown is written in."""
        return self.config.settings.text_language("copyright", self.language)

    @property
    def verdicts(self) -> dict[str, str]:
        """Verdict key to label."""
        return self.config.settings.verdicts

    @property
    def statements(self) -> list[Page]:
        """Statements, newest first."""
        found = [
            p
            for p in self.pages
            if p.matter.type == "statement" and p.kind == "page" and p.lang == self.language
        ]
        return sorted(
            found,
            # by the day in UTC, then the seconds into it: a time's own or its embargo's end
            key=lambda p: (moments.order(p.matter.date).date(), p.seconds_out, p.path),
            reverse=True,
        )

    @property
    def claims(self) -> list[Page]:
        """Claims, newest first."""
        found = [
            p
            for p in self.pages
            if p.matter.type == "claim" and p.kind == "page" and p.lang == self.language
        ]
        return sorted(found, key=lambda p: (moments.order(p.last_changed), p.path), reverse=True)

    def listing(self, kind: str) -> Page | None:
        """The section that lists this language's pages of a type, for a link to them all: the
        statements feed's, or the folder named for the type (claims/), where it holds some of
        them; else the section that holds most of them. None when no section holds any."""
        named = f"{kind}s/_index.md"
        feed = next((f for f in self.feeds if f.kind == f"{kind}s"), None)
        folder = feed.path.removesuffix("feed.xml") if feed is not None else None
        holds: dict[int, tuple[Page, int]] = {}
        for page in self.pages:
            if page.matter.type != kind or page.kind != "page" or page.lang != self.language:
                continue
            node = page.section
            while node is not None and node.kind == "section":
                found, count = holds.get(id(node), (node, 0))
                holds[id(node)] = (found, count + 1)
                node = node.section
        sections = sorted(
            holds.values(), key=lambda held: (-held[1], len(held[0].path), held[0].path)
        )
        for section, _ in sections:  # where readers were sent before, while it still fits
            if section.path == folder or (folder is None and section.rel_path == named):
                return section
        return sections[0][0] if sections else None  # most of them; the outer one of equals
