"""schema.org JSON-LD for every page, with dates identical to the ones the page shows."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from markupsafe import Markup

from recordhub import faq
from recordhub.markdown import plain_text
from recordhub.pages import Page
from recordhub.schema import ClaimMatter
from recordhub.siteview import Site
from recordhub.urls import is_external

_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|li|ul|ol|br|h[1-6]|tr|td|th|table|blockquote|pre|dd|dt)\b[^>]*>", re.IGNORECASE
)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text_of(html: str) -> str:
    """Plain text of a fragment of HTML, for JSON-LD answers."""
    import html as htmllib

    # blocks become spaces; inline tags vanish, so "policy</a>." stays "policy."
    return _SPACE.sub(" ", htmllib.unescape(_TAGS.sub("", _BLOCK_TAGS.sub(" ", html)))).strip()


# the json module's compact form, character for character, in a seventh of the time: every page
# carries two or three blocks
_JSON = msgspec.json.Encoder(enc_hook=plain_text)


def script(objects: list[dict[str, Any]]) -> Markup:
    """JSON-LD script blocks, escaped so no value can close the script element."""
    blocks = []
    for obj in objects:
        data = _JSON.encode(obj).decode("utf-8")
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        blocks.append(f'<script type="application/ld+json">{data}</script>')
    return Markup("\n".join(blocks))


def organization(site: Site) -> dict[str, Any]:
    """The hub's organisation."""
    org = site.organization
    found: dict[str, Any] = {
        "@type": "Organization",
        "name": org.name,
        "url": org.url or site.base_url,
    }
    if org.logo:
        found["logo"] = _absolute(site, org.logo)
    if org.same_as:
        found["sameAs"] = list(org.same_as)
    contacts = []
    for kind, address in (("press", site.contact.press), ("security", site.contact.security)):
        if address:
            field = "url" if "://" in address else "email"  # a contact page, or an address
            contacts.append({"@type": "ContactPoint", "contactType": kind, field: address})
    if contacts:
        found["contactPoint"] = contacts
    return found


def _absolute(site: Site, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return site.base_url + url.lstrip("/").removeprefix(site.root.lstrip("/"))


def breadcrumbs(page: Page) -> dict[str, Any]:
    """BreadcrumbList from home to this page."""
    trail = [*page.breadcrumbs, page]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": crumb.title, "item": crumb.permalink}
            for index, crumb in enumerate(trail, start=1)
        ],
    }


def article(page: Page, site: Site) -> dict[str, Any]:
    """Article, or NewsArticle for statements."""
    matter = page.matter
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if matter.type == "statement" else "Article",
        "headline": matter.title,  # whole: a cut title can drop the clause that qualifies it
        "url": page.permalink,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.permalink},
        "inLanguage": page.lang,
        "author": organization(site),
        "publisher": organization(site),
    }
    if matter.summary:
        found["description"] = matter.summary
    if matter.date:
        found["datePublished"] = matter.date.isoformat()
    if page.last_changed:
        found["dateModified"] = page.last_changed.isoformat()
    if matter.reviewed:  # a property of the page (WebPage), not of an Article
        found["mainEntityOfPage"]["lastReviewed"] = matter.reviewed.isoformat()
    image = page.image or site.organization.logo
    if image:
        found["image"] = [_absolute(site, image)]
    if matter.type == "statement" and page.speaker:
        found["author"] = [
            {
                "@type": "Person",
                "name": page.speaker,
                **({"jobTitle": page.role} if page.role else {}),
            },
            organization(site),
        ]
    return found


def faq_page(page: Page) -> dict[str, Any]:
    """FAQPage with every question and its answer as text."""
    answers = faq.answers(str(page.content))
    questions = [q for category in page.faq for q in category.questions]
    texts = {q.id: text_of(answers.get(q.id, "")) for q in questions}
    names = {q.id: text_of(q.title) for q in questions}
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": page.permalink,
        "mainEntity": [
            {
                "@type": "Question",
                "name": names[q.id],
                "acceptedAnswer": {"@type": "Answer", "text": texts[q.id]},
            }
            for q in questions
            # a question must have a name and an answer text; one without is warned of
            if texts[q.id] and names[q.id]
        ],
    }


def claim_review(page: Page, site: Site) -> dict[str, Any]:
    """ClaimReview, for sites and pages that opt in."""
    matter = page.matter
    assert isinstance(matter, ClaimMatter)
    keys = list(site.verdicts)
    rating = {
        "@type": "Rating",
        "alternateName": page.verdict_label,
        # verdicts run from the most false: the first is the worst rating, as the scale of
        # ClaimReview has the claim's truth rise with the number
        "ratingValue": keys.index(matter.verdict) + 1 if matter.verdict in keys else 1,
        "bestRating": len(keys) or 1,
        "worstRating": 1,
    }
    claim: dict[str, Any] = {"@type": "Claim"}
    by = matter.claimed_by
    if by and by.who:
        claim["author"] = {"@type": "Organization", "name": by.who}
    if by and by.date:
        claim["datePublished"] = by.date.isoformat()
    if by and by.where:  # an address where the claim appeared, or words that say where
        key = "url" if is_external(by.where) and "://" in by.where else "name"
        claim["appearance"] = {"@type": "CreativeWork", key: by.where}
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page.permalink,
        "claimReviewed": matter.claim,
        "author": organization(site),
        "reviewRating": rating,
        "itemReviewed": claim,
    }
    if matter.date:
        found["datePublished"] = matter.date.isoformat()
    return found


def jsonld(page: Page, site: Site) -> Markup:
    """Every JSON-LD block a page carries."""
    objects: list[dict[str, Any]] = []
    if page.kind == "home":
        objects.append({"@context": "https://schema.org", **organization(site)})
        objects.append(
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": site.title,
                "url": site.base_url,
                "inLanguage": page.lang,
                "publisher": {"@type": "Organization", "name": site.organization.name},
            }
        )
    elif page.kind != "404":
        objects.append(breadcrumbs(page))
    if page.kind in {"page", "section"}:
        objects.append(article(page, site))
    # a retracted or superseded check no longer rates the claim, nor does a withdrawn FAQ
    # answer its questions: search engines must not keep showing its verdict or its answers,
    # without the banner that says they are withdrawn
    live = page.matter.status not in {"retracted", "superseded"}
    if page.matter.type == "faq" and page.faq and live:
        questions = faq_page(page)
        if questions["mainEntity"]:  # a FAQPage with no question is invalid; warned of
            objects.append(questions)
    if isinstance(page.matter, ClaimMatter) and page.kind == "page" and live:
        opted = page.matter.claim_review
        if opted or (opted is None and site.config.settings.claim_review):
            objects.append(claim_review(page, site))
    return script(objects)
