"""Stage 1: load site.yml into a frozen, validated SiteConfig, reporting every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from recordhub import frontmatter, hubroot, sitechecks, sitelanguages, yamldoc
from recordhub.diagnostics import ConfigError, Diagnostic, DiagnosticError, error
from recordhub.urls import followable, published_at
from recordhub.validation import as_option, diagnostics_from

CONFIG_FILE = hubroot.CONFIG_FILE
DEFAULT_EXTENSIONS = (
    "toc",
    "tables",
    "fenced_code",
    "attr_list",
    "footnotes",
    "admonition",
    "md_in_html",
    "sane_lists",
)
DEFAULT_VERDICTS = {
    "false": "False",
    "misleading": "Misleading",
    "missing-context": "Missing context",
    "outdated": "Outdated",
}
# BCP 47 language tag: language, optional script, region and variants (no extensions needed here)
_BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")


# an address a reader may follow: not one that runs code or carries a document
Address = Annotated[str, AfterValidator(followable)]
# a name or address shown as a link's text or followed: empty, or only spaces, nothing shows
Shown = StringConstraints(strip_whitespace=True, min_length=1)


class _Strict(BaseModel):
    # each model is built when first used, as in recordhub.schema
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Organization(_Strict):
    """The company behind the hub, for the header and the Organization JSON-LD."""

    name: Annotated[str, Shown]
    logo: Address | None = None
    url: Address | None = None
    same_as: tuple[Address, ...] = ()


class Contact(_Strict):
    """Addresses shown in the footer and security.txt: an email address, or a web page."""

    press: str | None = None
    security: str | None = None

    @field_validator("press", "security")
    @classmethod
    def _address(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.strip()
        value = value[len("mailto:") :] if value[:7].lower() == "mailto:" else value
        if re.fullmatch(r"[^@\s:/]+@[^@\s/]+|https?://\S+", value, re.IGNORECASE):
            return value
        plain = not re.search(r"[@:\s]", value) and not value.startswith("//")
        named = value.endswith((".md", ".html"))  # a content file, as a menu would take it
        if plain and not named and re.fullmatch(r"[^/.]+(\.[^/.]+)+(/.*)?", value):
            raise ValueError(f"'{value}' needs https:// in front, as a web address")
        if not plain or not (named or "/" in value):
            raise ValueError(f"'{value}' is neither an email address nor a web address")
        # the footer and security.txt show the contact as it is: on every page, and in mail
        message = f"'{value}' is a path, and contact.{info.field_name} takes an email address "
        raise ValueError(message + "or a page's full address")

    @staticmethod
    def href(value: str) -> str:
        """The link to an address: a mail to it, or the page itself."""
        return value if "://" in value else f"mailto:{value}"


class Language(_Strict):
    """One language of the hub."""

    code: str
    name: Annotated[str, Shown]
    dir: Literal["ltr", "rtl"] | None = None  # None: as the language is written (Babel says)

    @field_validator("code")
    @classmethod
    def _valid_tag(cls, value: str) -> str:
        if not _BCP47.match(value):
            raise ValueError(f"'{value}' is not a valid BCP 47 language tag (e.g. en, es, pt-BR)")
        return value


class MenuEntry(_Strict):
    """A menu link: a content file path (``faq/_index.md``) or an absolute URL."""

    title: str | dict[str, str]  # one title, or one per language code
    url: Annotated[str, Shown, AfterValidator(followable)]

    @field_validator("title")
    @classmethod
    def _some_title(cls, value: str | dict[str, str]) -> str | dict[str, str]:
        texts = value.values() if isinstance(value, dict) else [value]
        if not value or not all(text.strip() for text in texts):
            raise ValueError("a menu entry's title is empty")
        return value

    def title_in(self, lang: str, default: str) -> str:
        """The title for one language, falling back to the default language's."""
        if isinstance(self.title, str):
            return self.title
        return self.title.get(lang) or self.title.get(default) or next(iter(self.title.values()))


class MarkdownSettings(_Strict):
    """Python-Markdown extensions and their settings."""

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    extension_configs: dict[str, dict[str, object]] = Field(default_factory=dict)
    # seconds one page may take to convert: the timer that stops it overflows past a finite time
    time_limit: float = Field(default=10.0, gt=0, le=3600, allow_inf_nan=False, strict=True)


class Settings(_Strict):
    """The keys of site.yml."""

    title: str | dict[str, str]  # one text, or one per language code
    description: str | dict[str, str] | None = None  # one text, or one per language code
    base_url: Annotated[str, AfterValidator(published_at)]
    language: str | None = None
    languages: tuple[Language, ...] = (Language(code="en", name="English"),)
    organization: Organization | None = None
    contact: Contact = Contact()
    copyright: str | dict[str, str] | None = None
    menu: tuple[MenuEntry, ...] = ()
    footer_menu: tuple[MenuEntry, ...] = ()
    verdicts: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VERDICTS))
    claim_review: bool = False
    markdown: MarkdownSettings = MarkdownSettings()
    allow_origins: tuple[str, ...] = ()

    @field_validator("title")
    @classmethod
    def _titled(cls, value: str | dict[str, str]) -> str | dict[str, str]:
        texts = value.values() if isinstance(value, dict) else [value]
        if not value or not all(text.strip() for text in texts):
            raise ValueError("the hub's title is empty")
        return value

    def text_in(self, key: str, lang: str) -> str | None:
        """A text of site.yml given once or per language, in lang, else the default's, else any."""
        value = getattr(self, key)
        if not isinstance(value, dict):
            return value  # type: ignore[no-any-return]
        default = self.language or self.languages[0].code
        found = value.get(lang) or value.get(default) or next(iter(value.values()), None)
        return None if found is None else str(found)

    def text_language(self, key: str, lang: str) -> str:
        """The language text_in(key, lang) is written in."""
        value = getattr(self, key)
        default = self.language or self.languages[0].code
        if not isinstance(value, dict):
            return default  # one text, written in the hub's own language
        return lang if value.get(lang) else default if value.get(default) else next(iter(value))


@dataclass(frozen=True)
class SiteConfig:
    """Validated settings plus the project's folders."""

    root: Path
    settings: Settings
    positions: yamldoc.Positions = field(default_factory=yamldoc.Positions, compare=False)
    base_url_given: bool = False  # by --base-url, not by site.yml
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)  # told by each build

    @property
    def content_dir(self) -> Path:
        """Folder of Markdown pages."""
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        """Folder of template overrides."""
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        """Folder copied as is."""
        return self.root / "static"

    @property
    def default_language(self) -> str:
        """Code of the language served at the root."""
        return self.settings.language or self.settings.languages[0].code


def _known_fields(data: dict[str, object]) -> dict[yamldoc.Path, tuple[str, ...]]:
    known: dict[yamldoc.Path, tuple[str, ...]] = {
        (): tuple(Settings.model_fields),
        ("organization",): tuple(Organization.model_fields),
        ("contact",): tuple(Contact.model_fields),
        ("markdown",): tuple(MarkdownSettings.model_fields),
    }
    for key, model in (("menu", MenuEntry), ("footer_menu", MenuEntry), ("languages", Language)):
        items = data.get(key)
        for index in range(len(items) if isinstance(items, list) else 0):
            known[(key, index)] = tuple(model.model_fields)
    return known


def load(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read root/site.yml; raise ConfigError listing every problem."""
    path = root / CONFIG_FILE
    try:
        text = frontmatter.decode(path.read_bytes(), CONFIG_FILE)
    except FileNotFoundError:
        raise ConfigError([hubroot.missing(root)]) from None
    except DiagnosticError as exc:  # not UTF-8: placed, with the encoding it looks like
        raise ConfigError(exc.diagnostics) from None
    try:
        data, positions = yamldoc.load(text, CONFIG_FILE, lenient=True)  # twice: told below
    except DiagnosticError as exc:
        raise ConfigError(exc.diagnostics) from None
    if not isinstance(data, dict):
        message = "site.yml must be a mapping of settings"
        raise ConfigError([error(CONFIG_FILE, 1, 1, message, "see the README")])
    problems = positions.twice + sitechecks.check(data, positions, root)
    if base_url is not None:
        data["base_url"] = base_url
    try:
        settings = Settings.model_validate(data)
        markdown: MarkdownSettings | None = settings.markdown
    except ValidationError as exc:
        # the extensions are tried even when other keys are wrong: every problem is told at once
        wrong = {str((*e["loc"], "")[1]) for e in exc.errors() if e["loc"][:1] == ("markdown",)}
        given = data.get("markdown", {})
        if isinstance(given, dict) and not wrong & {"", "extensions"}:
            kept = {key: value for key, value in given.items() if key not in wrong}
            markdown = MarkdownSettings.model_validate(kept)
        else:
            markdown = None
        found = diagnostics_from(exc, CONFIG_FILE, positions, _known_fields(data), False)
        if base_url is not None:  # the override came from the command line, not the file
            found = [
                error("--base-url", None, None, d.message, as_option(d.hint))
                if positions.value(("base_url",)) == (d.line, d.col) and "base_url" in d.message
                else d
                for d in found
            ]
        # a value the checks above found wrong is told of once, with their more precise words
        told = {(d.line, d.col) for d in problems}
        problems += [d for d in found if (d.line, d.col) not in told]
    from recordhub import extensionnames, extensions  # they need this module

    if markdown is not None:
        problems += extensions.extension_problems(markdown, positions)
    cut = positions.cut_short(CONFIG_FILE) + sitelanguages.warnings(data, positions)
    cut += extensionnames.repeated(data, positions)
    if problems:
        raise ConfigError(problems + cut)
    cut += sitechecks.plain_http(settings.base_url, positions, base_url is not None)
    return SiteConfig(root.resolve(), settings, positions, base_url is not None, tuple(cut))
