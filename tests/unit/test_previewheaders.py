"""The deployed headers as the preview sends them: the rules of _headers, and the policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordhub import previewheaders

RULES = """\
# Written by recordhub build. Security headers for every path:
/record/*
  Content-Security-Policy: default-src 'self'; upgrade-insecure-requests
  X-Frame-Options: DENY

/record/assets/*
  Cache-Control: public, max-age=31536000, immutable

/record/
  Cache-Control: public, max-age=0, must-revalidate
/record/about/*
  x-frame-options: SAMEORIGIN
"""


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        (
            "/record/",
            {
                "Content-Security-Policy": "default-src 'self'; upgrade-insecure-requests",
                "X-Frame-Options": "DENY",
                "Cache-Control": "public, max-age=0, must-revalidate",
            },
        ),
        (  # every rule that matches applies; a header given twice is joined, in order
            "/record/about/team/",
            {
                "Content-Security-Policy": "default-src 'self'; upgrade-insecure-requests",
                "X-Frame-Options": "DENY, SAMEORIGIN",
            },
        ),
        ("/other/", {}),  # outside the hub: the domain's own rules, not these
        ("/record", {}),  # no rule names it: the host redirects it to /record/
    ],
)
def test_the_rules_that_match_a_path_give_its_headers(path: str, sent: dict[str, str]) -> None:
    assert previewheaders.matching(RULES, path) == sent


BUILT = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "upgrade-insecure-requests"
)


@pytest.mark.parametrize(
    ("deployed", "host", "policy"),
    [
        (
            BUILT,
            "127.0.0.1:8000",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' "
            "http://127.0.0.1:8000/__recordhub/preview.js http://127.0.0.1:8000/livereload.js; "
            "style-src 'self' http://127.0.0.1:8000/__recordhub/overlay.css; "
            "img-src 'self' data:; connect-src 'self' ws://127.0.0.1:8000/livereload; "
            "object-src 'none'; frame-ancestors 'none'",
        ),
        (  # the socket is on the port the preview listens on, as livereload.js is told
            "connect-src 'none'",
            "localhost",
            "connect-src ws://localhost:8000/livereload",
        ),
        (  # a directive not written falls back on default-src: widened for it alone
            "default-src https://cdn.example; img-src 'self'",
            "localhost:8000",
            "default-src https://cdn.example; img-src 'self'; script-src https://cdn.example "
            "http://localhost:8000/__recordhub/preview.js http://localhost:8000/livereload.js; "
            "style-src https://cdn.example http://localhost:8000/__recordhub/overlay.css; "
            "connect-src https://cdn.example ws://localhost:8000/livereload",
        ),
        (  # no form for an IPv6 address, nor for a Host header that is no host: 'self'
            "script-src 'none'; connect-src 'none'; upgrade-insecure-requests",
            "[::1]:8000",
            "script-src 'self'; connect-src 'self'",
        ),
        ("script-src 'none'", "a.example; script-src *", "script-src 'self'"),
        ("script-src 'none'", None, "script-src 'self'"),
    ],
)
def test_the_policy_lets_in_exactly_what_the_preview_adds(
    deployed: str, host: str | None, policy: str
) -> None:
    assert previewheaders.policy(deployed, host, 8000) == policy


def test_the_preview_sends_the_rules_but_its_own_caching() -> None:
    assert previewheaders.for_preview(RULES, "/record/", "localhost:8000", 8000) == {
        "Content-Security-Policy": "default-src 'self'; script-src 'self' "
        "http://localhost:8000/__recordhub/preview.js http://localhost:8000/livereload.js; "
        "style-src 'self' http://localhost:8000/__recordhub/overlay.css; "
        "connect-src 'self' ws://localhost:8000/livereload",
        "X-Frame-Options": "DENY",
    }


def test_the_rules_sent_are_the_last_builds_or_before_one_those_site_yml_gives(
    tmp_path: Path,
) -> None:
    before = previewheaders.deployed_rules(tmp_path, ["https://media.example/a"], "/record/")
    allowed = "'self' https://media.example"
    assert before == (
        "/record/*\n"
        f"  Content-Security-Policy: default-src {allowed}; "
        f"script-src {allowed} 'wasm-unsafe-eval'; style-src {allowed}; "
        f"img-src {allowed} data:; font-src {allowed}; connect-src {allowed}; "
        f"media-src {allowed}; frame-src {allowed}; object-src 'none'; base-uri 'self'; "
        f"form-action {allowed}; frame-ancestors 'none'; upgrade-insecure-requests\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: no-referrer\n"
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "browsing-topics=()\n"
        "  Strict-Transport-Security: max-age=63072000\n"
        "  X-Frame-Options: DENY\n"
        "  Cross-Origin-Opener-Policy: same-origin\n"
    )
    # a hub at the root of its domain speaks for its hosts too
    assert "max-age=63072000; includeSubDomains\n" in previewheaders.deployed_rules(
        tmp_path, [], "/"
    )
    (tmp_path / "_headers").write_text(RULES, "utf-8")
    assert previewheaders.deployed_rules(tmp_path, ["https://media.example"], "/") == RULES
