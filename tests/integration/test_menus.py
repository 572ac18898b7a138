"""Menu links tell a screen reader where the reader is: "current page" on the page itself,
"current" on the section the page is in, and nothing elsewhere."""

from __future__ import annotations

from pathlib import Path

from htmldoc import page
from hubtest import SITE_YML, make_site, run_cli

MENU = (
    "menu:\n  - {title: Claims, url: claims/_index.md}\n  - {title: About, url: about.md}\n"
    "footer_menu:\n  - {title: Claims, url: claims/_index.md}\n"
)
FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\n---\nText.\n",
    "content/claims/_index.md": "---\ntitle: Claims\n---\nAll of them.\n",
    "content/claims/one.md": "---\ntitle: One\n---\nText.\n",
}


def _marks(out: Path, rel: str, cls: str | None) -> dict[str, str | None]:
    doc = page(out, rel)
    nav = doc.one("nav", {"class": cls or "footer-nav"})
    return {a.attrs["href"]: a.attrs.get("aria-current") for a in nav.iter() if a.tag == "a"}


def test_menu_links_say_current_page_only_on_that_page(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + MENU)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    out = tmp_path / "out"
    assert _marks(out, "claims/index.html", "site-nav") == {"/claims/": "page", "/about/": None}
    # on a page in the section, the section's link is the current place, not the current page
    assert _marks(out, "claims/one/index.html", "site-nav") == {
        "/claims/": "true",
        "/about/": None,
    }
    assert _marks(out, "about/index.html", "site-nav") == {"/claims/": None, "/about/": "page"}
    assert _marks(out, "claims/one/index.html", None)["/claims/"] == "true"
    assert _marks(out, "claims/index.html", None)["/claims/"] == "page"
