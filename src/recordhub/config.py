"""Stage 1: load site.yml into a frozen, validated SiteConfig, reporting every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from recordhub import yamldoc
from recordhub.diagnostics import ConfigError, DiagnosticError, error
from recordhub.validation import diagnostics_from

CONFIG_FILE = "site.yml"
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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organization(_Strict):
    """The company behind the hub, for the header and the Organization JSON-LD."""

    name: str
    logo: str | None = None
    url: str | None = None
    same_as: tuple[str, ...] = ()


class Contact(_Strict):
    """Addresses shown in the footer and security.txt."""

    press: str | None = None
    security: str | None = None


class Language(_Strict):
    """One language of the hub."""

    code: str
    name: str
    dir: Literal["ltr", "rtl"] = "ltr"

    @field_validator("code")
    @classmethod
    def _valid_tag(cls, value: str) -> str:
        if not _BCP47.match(value):
            raise ValueError(f"'{value}' is not a valid BCP 47 language tag (e.g. en, es, pt-BR)")
        return value


class MenuEntry(_Strict):
    """A menu link: a content file path (``faq/_index.md``) or an absolute URL."""

    title: str
    url: str


class MarkdownSettings(_Strict):
    """Python-Markdown extensions and their settings."""

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    extension_configs: dict[str, dict[str, object]] = Field(default_factory=dict)


class Settings(_Strict):
    """The keys of site.yml."""

    title: str
    description: str | None = None
    base_url: str
    language: str | None = None
    languages: tuple[Language, ...] = (Language(code="en", name="English"),)
    organization: Organization | None = None
    contact: Contact = Contact()
    copyright: str | None = None
    menu: tuple[MenuEntry, ...] = ()
    footer_menu: tuple[MenuEntry, ...] = ()
    verdicts: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VERDICTS))
    claim_review: bool = False
    markdown: MarkdownSettings = MarkdownSettings()
    allow_origins: tuple[str, ...] = ()

    @field_validator("base_url")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError("base_url must be an absolute URL such as https://facts.example.com/")
        return value if value.endswith("/") else value + "/"


@dataclass(frozen=True)
class SiteConfig:
    """Validated settings plus the project's folders."""

    root: Path
    settings: Settings

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


def _known_fields() -> dict[yamldoc.Path, tuple[str, ...]]:
    return {
        (): tuple(Settings.model_fields),
        ("organization",): tuple(Organization.model_fields),
        ("contact",): tuple(Contact.model_fields),
        ("markdown",): tuple(MarkdownSettings.model_fields),
    }


def load(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read root/site.yml; raise ConfigError listing every problem."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            [
                error(
                    CONFIG_FILE,
                    None,
                    None,
                    f"no {CONFIG_FILE} in {root}",
                    "run the command inside a hub, or create one with `recordhub init DIR`",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            [error(CONFIG_FILE, None, None, f"not UTF-8 (byte {exc.start})", "save as UTF-8")]
        ) from None
    try:
        data, positions = yamldoc.load(text, CONFIG_FILE)
    except DiagnosticError as exc:
        raise ConfigError(exc.diagnostics) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [error(CONFIG_FILE, 1, 1, "site.yml must be a mapping of settings", "see the README")]
        )
    if base_url is not None:
        data["base_url"] = base_url
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(diagnostics_from(exc, CONFIG_FILE, positions, _known_fields())) from None
    codes = [language.code for language in settings.languages]
    problems = []
    if settings.language and settings.language not in codes:
        line, col = positions.value(("language",))
        problems.append(
            error(
                CONFIG_FILE,
                line,
                col,
                f"language '{settings.language}' is not in languages",
                f"add it to languages or use one of: {', '.join(codes)}",
            )
        )
    for index, code in enumerate(codes):
        if code in codes[:index]:
            line, col = positions.value(("languages", index, "code"))
            problems.append(
                error(
                    CONFIG_FILE,
                    line,
                    col,
                    f"language '{code}' is listed twice",
                    "remove the duplicate entry",
                )
            )
    if problems:
        raise ConfigError(problems)
    return SiteConfig(root=root.resolve(), settings=settings)
