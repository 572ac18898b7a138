"""One broken hub per bad input: the exact diagnostic, the exit code, and an untouched output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hubtest import SITE_YML, Built, make_site, run_cli, tree
from recordhub.diagnostics import Severity
from recordhub.preview import Preview

BASE = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/x.md": "---\ntitle: X\n---\nText.\n",
    "content/y.md": "---\ntitle: Y\n---\nText.\n",
}
PAGE_OVERRIDE = "{% extends 'base.html' %}\n{% block content %}\n{BROKEN}\n{% endblock %}\n"


@pytest.fixture
def built(tmp_path: Path) -> Built:
    hub = make_site(tmp_path / "hub", BASE)
    out = tmp_path / "out"
    first = run_cli("-C", hub, "build", "-o", out)
    assert first.code == 0, first.err
    return Built(hub, out, tree(out))


def everything(folder: Path) -> list[str]:
    """Every file and folder under folder, so that new empty folders count too."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def has_block(err: str, block: str) -> bool:
    """True when block appears in err as whole consecutive lines."""
    return f"\n{block}\n" in f"\n{err}"


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def assert_untouched(built: Built) -> None:
    assert tree(built.out) == built.before
    leftovers = [p.name for p in built.out.parent.iterdir() if p.name.startswith(".out.")]
    assert leftovers == []


# (id, files written over the good hub, the diagnostic and its hint as printed)
BAD_PAGES = [
    (
        "quote-left-open-with-another-quote-further-down",  # YAML stops only at line 5
        {
            "content/x.md": '---\ntitle: "Do we sell data?\nsummary: s\ndate: 2026-01-05\n'
            'extra: {note: "A note"}\n---\n'
        },
        "content/x.md:2:8: error: invalid YAML: this quoted value is not closed on its line, so "
        'YAML reads on to the next " on line 5\n'
        '  hint: add the closing " at the end of this line',
    ),
    (
        "apostrophe-inside-single-quotes",
        {"content/x.md": "---\ntitle: 'We don't sell data'\nsummary: s\n---\n"},
        "content/x.md:2:15: error: invalid YAML: the value's closing ' is followed by more text\n"
        "  hint: an apostrophe inside '...' is written twice (don''t), or put the value in double "
        "quotes",
    ),
    (
        "double-quote-inside-double-quotes",
        {"content/x.md": '---\ntitle: "The "fact" page"\n---\n'},
        "content/x.md:2:13: error: invalid YAML: the value's closing \" is followed by more text\n"
        '  hint: a " inside "..." is written \\", or put the value in single quotes',
    ),
    (
        "a-required-field-written-with-a-capital",  # one mistake, so one error, not two
        {"content/x.md": "---\nTitle: About\nsummary: s\n---\n"},
        "content/x.md:2:1: error: unknown field 'Title'\n"
        "  hint: did you mean 'title'? Values of your own go under `extra:`",
    ),
    (
        "translation-into-an-undeclared-language-with-no-original",
        {"content/orphan.fr.md": "---\ntitle: Orphelin\n---\n"},
        "content/orphan.fr.md: error: translation into 'fr', a language site.yml does not "
        "declare\n"
        "  hint: add {code: fr, name: ...} to languages in site.yml (declared: en), or if it is "
        "no language, rename it content/orphan-fr.md",
    ),
    (
        "latin-1-after-a-byte-order-mark",  # the byte is counted from the file's start
        {"content/x.md": b"\xef\xbb\xbf---\ntitle: X\nsummary: caf\xe9 x\n---\n"},
        "content/x.md:3:13: error: not valid UTF-8 at byte 28 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n"
        "  hint: save as UTF-8",
    ),
    (
        "slug-that-another-page-has",  # placed at the slug that makes the clash
        {
            "content/a.md": "---\ntitle: A\n---\n",
            "content/x.md": "---\ntitle: X\nsummary: s\nslug: a\n---\n",
        },
        "content/x.md:4:7: error: maps to the same URL /a/ as content/a.md\n"
        "  hint: give one of them a different slug",
    ),
    (
        "link-that-climbs-out-of-content",
        {"content/x.md": "---\ntitle: X\n---\nSee [the FAQ](../faq/_index.md).\n"},
        "content/x.md:4:15: error: link to '../faq/_index.md' leads out of content/\n"
        "  hint: links are relative to this file's folder, and reach no higher than content/: "
        "remove a ../",
    ),
    (
        "date-that-is-words",  # no "input is too short" from the validator
        {"content/x.md": "---\ntitle: X\ndate: next week\n---\n"},
        "content/x.md:3:7: error: 'date' is not a valid date: next week\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    (
        "malformed-yaml",
        {"content/x.md": "---\ntitle: Fact: text\n---\n"},
        "content/x.md:2:12: error: invalid YAML: mapping values are not allowed in this context\n"
        "  hint: a value containing ': ' must be quoted: title: \"Fact: text\"",
    ),
    (
        # YAML notices the missing ':' at the next line; the line to fix is this one
        "a-line-with-no-key",
        {"content/x.md": "---\ntitle: X\nOur data stays in Virginia\n\nsummary: s\n---\n"},
        "content/x.md:3:1: error: invalid YAML: could not find expected ':'\n"
        "  hint: write this line as key: value, or indent it if it goes on with the value above",
    ),
    (
        # the closing --- forgotten: the body's rule closes it, and the text is read as YAML
        "page-text-above-a-rule-taken-for-the-front-matter-end",
        {"content/x.md": "---\ntitle: X\n\nSome text.\n\n---\n\nMore.\n"},
        "content/x.md:4:1: error: invalid YAML: could not find expected ':'\n"
        "  hint: write this line as key: value, or indent it if it goes on with the value above",
    ),
    (
        # pasted from a word processor: the value is quoted, but not for YAML
        "a-value-with-a-colon-in-curly-quotes",
        {"content/x.md": "---\ntitle: \u201cMyth: we sell data\u201d\n---\n"},
        "content/x.md:2:13: error: invalid YAML: mapping values are not allowed in this context\n"
        '  hint: curly quotes are text to YAML: quote the value with straight quotes, "..."',
    ),
    (
        # typed with an East Asian keyboard: the colon is not YAML's
        "a-full-width-colon-after-a-key",
        {"content/x.md": "---\ntitle: X\nsummary\uff1a In Virginia.\n---\n"},
        "content/x.md:3:1: error: invalid YAML: could not find expected ':'\n"
        "  hint: a full-width colon \uff1a is text to YAML: write ':' and a space after the key",
    ),
    (
        "a-full-width-colon-after-the-only-key",
        {"content/x.md": "---\ntitle\uff1aX\n---\n"},
        "content/x.md:2:6: error: front matter is a single value, not a mapping\n"
        "  hint: a full-width colon \uff1a is text to YAML: write ':' and a space after the key",
    ),
    (
        "a-key-indented-by-accident",  # not a colon to quote: the spaces are the mistake
        {"content/x.md": "---\ntitle: X\n  summary: s\n---\n"},
        "content/x.md:3:10: error: invalid YAML: mapping values are not allowed in this context\n"
        "  hint: remove the extra spaces before summary: so that it lines up with title: above it",
    ),
    (
        "tab-in-front-matter-indentation",
        {"content/x.md": b"---\ntitle: X\nextra:\n\tnote: n\n---\n"},
        "content/x.md:4:1: error: tab character in indentation\n"
        "  hint: YAML indentation must use spaces; replace the tab with spaces",
    ),
    (
        "tab-after-a-list-dash",  # the item's indentation, not a character YAML cannot start
        {"content/x.md": b"---\ntitle: X\nfacts:\n  -\tlabel: Storage\n    value: EU\n---\n"},
        "content/x.md:4:4: error: tab character in indentation\n"
        "  hint: YAML indentation must use spaces; replace the tab with spaces",
    ),
    (
        "duplicate-key",
        {"content/x.md": "---\ntitle: X\nsummary: S\ntitle: Again\n---\n"},
        "content/x.md:4:1: error: duplicate key 'title' (first set on line 2)\n"
        "  hint: remove one of the two; a key may appear once per mapping",
    ),
    (
        "front-matter-never-closed",
        {"content/x.md": "---\ntitle: X\n\nText.\n"},
        "content/x.md:1:1: error: front matter is never closed\n"
        "  hint: add a line with only --- after the last front matter line",
    ),
    (
        "blank-line-before-front-matter",  # bytes: make_site strips a text's leading lines
        {"content/x.md": b"\n---\ntitle: X\n---\nText.\n"},
        "content/x.md:1:1: error: the front matter starts after a blank line; the first line "
        "must be ---\n"
        "  hint: remove the blank line before the first ---",
    ),
    (
        "blank-lines-before-front-matter",
        {"content/x.md": b"\n  \n\t\n---\ntitle: X\n---\nText.\n"},
        "content/x.md:1:1: error: the front matter starts after 3 blank lines; the first line "
        "must be ---\n"
        "  hint: remove the blank lines before the first ---",
    ),
    (
        "toml-front-matter",
        {"content/x.md": '+++\ntitle = "X"\n+++\nText.\n'},
        "content/x.md:1:1: error: front matter between +++ lines is TOML; recordhub reads YAML "
        "between --- lines\n"
        '  hint: convert it to YAML: --- instead of each +++, and title: X for title = "X"',
    ),
    (
        "front-matter-closed-with-yaml-document-end",
        {"content/x.md": "---\ntitle: X\n...\nText.\n"},
        "content/x.md:3:1: error: front matter is closed with ..., YAML's document end; it "
        "must end with ---\n"
        "  hint: write --- instead of ...",
    ),
    (
        # the body's horizontal rule is not where the front matter ends
        "front-matter-closed-with-yaml-document-end-before-a-rule",
        {"content/x.md": "---\ntitle: X\n...\nText.\n\n---\n\nMore.\n"},
        "content/x.md:3:1: error: front matter is closed with ..., YAML's document end; it "
        "must end with ---\n"
        "  hint: write --- instead of ...",
    ),
    (
        "number-as-title",
        {"content/x.md": "---\ntitle: 123\n---\n"},
        "content/x.md:2:8: error: 'title' must be text, but YAML read `123` as a number\n"
        '  hint: put the value in quotes: title: "123"',
    ),
    (
        "impossible-date",
        {"content/x.md": "---\ntitle: X\ndate: 2025-02-30\n---\n"},
        "content/x.md:3:7: error: 'date' is not a valid date: 2025-02-30 "
        "(day value is outside expected range)\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    (
        "unknown-content-type",
        {"content/x.md": "---\ntitle: X\ntype: claimm\n---\n"},
        "content/x.md:3:7: error: unknown content type 'claimm'\n  hint: did you mean 'claim'?",
    ),
    (
        "unknown-verdict",
        {
            "content/x.md": "---\ntitle: X\ntype: claim\nclaim: The app reads minds.\n"
            "verdict: flase\nfact: It does not.\n---\n"
        },
        "content/x.md:5:10: error: unknown verdict 'flase'\n  hint: did you mean 'false'?",
    ),
    (
        "verdict-false-as-yaml-reads-it",  # quoted as written, "False" is no key of verdicts
        {
            "content/x.md": "---\ntitle: X\ntype: claim\nclaim: The app reads minds.\n"
            "verdict: False\nfact: It does not.\n---\n"
        },
        "content/x.md:5:10: error: 'verdict' must be text, but YAML read `False` as a true/false "
        "value\n"
        '  hint: put the value in quotes: verdict: "false"',
    ),
    (
        "type-with-no-value",  # not a type named 'None'
        {"content/x.md": "---\ntitle: X\ntype:\n---\n"},
        "content/x.md:3:6: error: 'type' has no value\n"
        "  hint: use one of: page, claim, faq, statement, roadmap",
    ),
    (
        "status-with-no-value",
        {"content/x.md": "---\ntitle: X\nstatus:\n---\n"},
        "content/x.md:3:8: error: 'status' has no value\n"
        "  hint: use one of: current, superseded, archived, retracted",
    ),
    (
        "changelog-kind-with-no-value-in-braces",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n"
            "  - {date: 2025-01-01, kind: , note: n}\n---\n"
        },
        "content/x.md:4:30: error: 'changelog[0].kind' has no value\n"
        "  hint: use one of: correction, clarification, update",
    ),
    (
        "milestone-status-that-yaml-reads-as-false",  # told as written, not as 'False'
        {
            "content/x.md": "---\ntitle: X\ntype: roadmap\nmilestones:\n"
            "  - title: M\n    status: no\n---\n"
        },
        "content/x.md:6:13: error: 'milestones[0].status' has unknown value 'no'\n"
        "  hint: use one of: done, in-progress, planned",
    ),
    (
        "date-that-yaml-reads-as-true",
        {"content/x.md": "---\ntitle: X\nreviewed: yes\n---\n"},
        "content/x.md:3:11: error: 'reviewed' is not a valid date: yes "
        "(YAML read it as a true/false value)\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    (
        "date-in-a-list",
        {"content/x.md": "---\ntitle: X\nupdated: [2025-01-01]\n---\n"},
        "content/x.md:3:10: error: 'updated' must be a date, not a list\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    (
        "time-in-a-list",
        {"content/x.md": "---\ntitle: X\nexpires:\n  - 2030-01-01\n---\n"},
        "content/x.md:4:3: error: 'expires' must be a time, not a list\n"
        "  hint: write times as 2026-03-01T09:00:00Z (or a date, 2026-03-01)",
    ),
    (
        # found at its line, not at the front matter's start, and told as written, not as True
        "a-key-yaml-reads-as-true",
        {"content/x.md": "---\ntitle: X\nyes: 1\n---\n"},
        "content/x.md:3:1: error: key yes is not text\n"
        "  hint: keys are field names such as title or date",
    ),
    (
        "missing-title",
        {"content/x.md": "---\nsummary: No title here.\n---\n"},
        "content/x.md:2:1: error: missing required field 'title'\n  hint: add `title: ...`",
    ),
    (
        "unknown-field",
        {"content/x.md": "---\ntitle: X\nsumary: S\n---\n"},
        "content/x.md:3:1: error: unknown field 'sumary'\n"
        "  hint: did you mean 'summary'? Values of your own go under `extra:`",
    ),
    (
        "template-syntax-error",
        {"templates/page.html": PAGE_OVERRIDE.replace("{BROKEN}", "<h1>{{ page.title }</h1>")},
        "templates/page.html:3:19: error: template syntax error: unexpected '}'\n"
        "  hint: check the {% %} and {{ }} tags on this line",
    ),
    (
        "two-files-one-url",
        {
            "content/a.md": "---\ntitle: A\nslug: b\n---\n",
            "content/b.md": "---\ntitle: B\n---\n",
        },
        "content/b.md: error: maps to the same URL /b/ as content/a.md\n"
        "  hint: give one of them a different slug",
    ),
    (
        "static-file-and-page-one-path",
        {"static/x/index.html": "<p>static</p>\n"},
        "static/x/index.html: error: writes x/index.html, which content/x.md also writes\n"
        "  hint: give one of them a different slug or file name",
    ),
    (
        # the folder's section page is made, as it has no _index.md: no file of that name to name
        "page-at-the-address-of-a-folder-without-an-index",
        {"content/x/item.md": "---\ntitle: Item\n---\n"},
        "content/x.md: error: writes x/index.html, the address of the folder content/x/ (which "
        "has no _index.md, so a section page is made for it)\n"
        "  hint: to make this page the folder's own, move it to content/x/_index.md; else change "
        "the page's name or slug, or the folder's name",
    ),
    (
        "content-file-and-generated-file-one-path",
        {"content/robots.txt": "User-agent: *\n"},
        "content/robots.txt: error: writes robots.txt, which recordhub also writes\n"
        "  hint: give one of them a different slug or file name",
    ),
    (  # as Netlify's and Cloudflare's guides say to: its rules would be lost, told at it
        "static-headers-of-the-writer",
        {"static/_headers": "/embed/*\n  X-Frame-Options: SAMEORIGIN\n"},
        "static/_headers: error: the build writes _headers itself, with the security and cache "
        "headers of every path, and does not merge this file's rules into it\n"
        "  hint: remove this file; give other headers in the host's own settings (on Netlify, "
        "[[headers]] in netlify.toml)",
    ),
    (
        "content-redirects-of-the-writer",
        {"content/_redirects": "/old/* /new/ 301\n"},
        "content/_redirects: error: the build writes _redirects itself, with a redirect for "
        "each old address in the pages' aliases:, and does not merge this file's rules into it\n"
        "  hint: remove this file; give each old address in its page's front matter, "
        "aliases: [/old/address/]",
    ),
    (
        "page-address-is-a-generated-file",
        {"content/robots.txt.md": "---\ntitle: Robots\n---\n"},
        "content/robots.txt.md: error: writes robots.txt/index.html, in a folder robots.txt/, "
        "where recordhub writes a file\n"
        "  hint: a file and a folder cannot have one name: give one of them a different slug or "
        "file name",
    ),
    (
        "page-slug-is-a-generated-file",
        {"content/x.md": "---\ntitle: X\nslug: sitemap.xml\n---\n"},
        "content/x.md:3:7: error: writes sitemap.xml/index.html, in a folder sitemap.xml/, "
        "where recordhub writes a file\n"
        "  hint: a file and a folder cannot have one name: give one of them a different slug or "
        "file name",
    ),
    (
        "alias-is-a-generated-file",
        {"content/x.md": "---\ntitle: X\naliases: [/sitemap.xml]\n---\n"},
        "content/x.md:3:11: error: the alias /sitemap.xml/ would write a redirect page where "
        "recordhub writes sitemap.xml\n"
        "  hint: remove that alias, or change it",
    ),
    (
        "second-alias-is-a-generated-file",
        {"content/x.md": "---\ntitle: X\naliases:\n  - /old/\n  - /robots.txt\n---\n"},
        "content/x.md:5:5: error: the alias /robots.txt/ would write a redirect page where "
        "recordhub writes robots.txt\n"
        "  hint: remove that alias, or change it",
    ),
    (
        "alias-is-a-generated-page",
        {"content/x.md": "---\ntitle: X\naliases: [/corrections/]\n---\n"},
        "content/x.md:3:11: error: the alias /corrections/ would write a redirect page where "
        "generated page /corrections/ writes corrections/index.html\n"
        "  hint: remove that alias, or change it",
    ),
    (
        "slug-with-dot-dot",
        {"content/x.md": "---\ntitle: X\nslug: ../escape\n---\n"},
        "content/x.md:3:7: error: slug '../escape' must be one URL segment, "
        "without '/' or '..'\n"
        "  hint: use letters, digits and dashes, e.g. slug: data-storage",
    ),
    (
        "link-to-missing-md",
        {"content/x.md": "---\ntitle: X\n---\nSee [the data](missing.md#where).\n"},
        "content/x.md:4:16: error: link to 'missing.md#where': content/missing.md does not exist\n"
        "  hint: check the file name; links are relative to this file",
    ),
    (
        # Markdown drops the backslash: the link is found where it is written, and told once
        "link-to-missing-md-with-an-escaped-underscore",
        {"content/x.md": "---\ntitle: X\n---\nSee [the data](our\\_data.md).\n"},
        "content/x.md:4:16: error: link to 'our_data.md': content/our_data.md does not exist\n"
        "  hint: check the file name; links are relative to this file",
    ),
    (
        "link-to-missing-md-in-html-with-a-character-reference",
        {"content/x.md": '---\ntitle: X\n---\nSee <a href="Q&amp;A.md">the FAQ</a>.\n'},
        "content/x.md:4:14: error: link to 'Q&A.md': content/Q&A.md does not exist\n"
        "  hint: check the file name; links are relative to this file",
    ),
    (
        "image-in-the-text-that-is-not-there",  # not told to link to pages by their .md file
        {"content/faq/q.md": "---\ntitle: Q\n---\n![Where data is stored](chart.png)\n"},
        "content/faq/q.md:4:25: error: broken link to chart.png: no page or file has that "
        "address\n"
        "  hint: put the image beside the page under content/ and give its file name, or in "
        "static/ and give its address from the site's root (static/images/x.png is "
        "/images/x.png)",
    ),
    (
        "link-to-a-page-in-another-case",  # found on a laptop's disk, not on the server
        {
            "content/x.md": "---\ntitle: X\n---\nSee [the FAQ](Faq/Data.md).\n",
            "content/faq/data.md": "---\ntitle: Data\n---\n",
        },
        "content/x.md:4:15: error: link to 'Faq/Data.md': content/Faq/Data.md does not exist\n"
        "  hint: the file is content/faq/data.md: write its name in the same case, as servers "
        "tell cases apart",
    ),
    (
        "link-to-page-removed",
        {
            "content/x.md": "---\ntitle: X\ndraft: true\n---\n",
            "content/y.md": "---\ntitle: Y\n---\nSee [x](x.md).\n",
        },
        "content/y.md:4:9: error: links to content/x.md, which is a draft, embargoed or expired\n"
        "  hint: publish that page first, or remove the link",
    ),
    (
        "windows-1252-bytes",
        {"content/x.md": b"---\ntitle: Caf\xe9\n---\n"},
        "content/x.md:2:11: error: not valid UTF-8 at byte 14 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n"
        "  hint: save as UTF-8",
    ),
    (
        # old-Mac line ends: each \r is a line end, as the editor shows it
        "windows-1252-bytes-with-cr-line-ends",
        {"content/x.md": b"---\rtitle: CR page\rsummary: caf\xe9 au lait\r---\rbody\r"},
        "content/x.md:3:13: error: not valid UTF-8 at byte 31 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n"
        "  hint: save as UTF-8",
    ),
    (
        "windows-1252-bytes-with-crlf-line-ends",
        {"content/x.md": b"---\r\ntitle: CRLF page\r\nsummary: caf\xe9 au lait\r\n---\r\n"},
        "content/x.md:3:13: error: not valid UTF-8 at byte 35 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n"
        "  hint: save as UTF-8",
    ),
    (
        "a-nul-byte-with-cr-line-ends",
        {"content/x.md": b"---\rtitle: X\r---\rone\rtwo\x00\r"},
        "content/x.md:5: error: file contains a NUL byte; it is not a text file\n"
        "  hint: save as UTF-8 text",
    ),
    (
        "utf-16",
        {"content/x.md": "---\ntitle: X\n---\n".encode("utf-16")},
        "content/x.md: error: file is UTF-16 encoded (byte 0)\n  hint: save as UTF-8",
    ),
    (
        "a-control-character-from-shift-enter-in-word",
        {"content/x.md": "---\ntitle: Where data\x0bis stored\n---\n"},
        "content/x.md:2:18: error: invisible control character U+000B, which YAML does not allow\n"
        "  hint: delete it (Word's Shift+Enter makes it); it does not show on screen, so retype "
        "the line if your editor cannot find it",
    ),
    (
        "a-non-breaking-space-after-a-key-pasted-from-word",
        {"content/x.md": "---\ntitle:\u00a0Where data is stored\nsummary: In Virginia.\n---\n"},
        "content/x.md:2:7: error: a non-breaking space (U+00A0) where YAML needs a normal space\n"
        "  hint: replace it with a normal space",
    ),
    (
        "a-zero-width-space-before-a-key",  # the name looks like summary on screen
        {"content/x.md": "---\ntitle: X\n\u200bsummary: x\n---\n"},
        "content/x.md:3:1: error: unknown field 'summary': its name has an invisible zero-width "
        "space (U+200B) in it\n"
        "  hint: delete it; it does not show on screen, so retype the line if your editor cannot "
        "find it",
    ),
    (
        "alias",
        {"content/x.md": "---\ntitle: &t X\nsummary: *t\n---\n"},
        "content/x.md:2:8: error: YAML anchors and aliases are not allowed here\n"
        "  hint: write the value out in full instead of using & and *",
    ),
    (
        "python-tag",
        {"content/x.md": "---\ntitle: !!python/object:os.system X\n---\n"},
        "content/x.md:2:8: error: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'\n"
        "  hint: tags such as !!python/object are not allowed; remove the tag",
    ),
    (
        "an-alias-two-pages-give",
        {
            "content/x.md": "---\ntitle: X\naliases: [/old/]\n---\n",
            "content/y.md": "---\ntitle: Y\naliases:\n  - /new/\n  - /old/\n---\n",
        },
        "content/y.md:5:5: error: alias /old/ is also an alias of content/x.md\n"
        "  hint: keep it on one of the two pages",
    ),
    (
        "an-alias-that-is-a-page-address",
        {"content/x.md": "---\ntitle: X\naliases: [/y/]\n---\n"},
        "content/x.md:3:11: error: alias /y/ is the address of content/y.md\n"
        "  hint: remove the alias: that page is served there",
    ),
    (
        "an-alias-with-a-dot-part-that-is-a-page-address",  # browsers drop "./": the same path
        {"content/x.md": "---\ntitle: X\naliases: [/ok/, /./y/]\n---\n"},
        "content/x.md:3:17: error: alias /./y/ is the address of content/y.md\n"
        "  hint: remove the alias: that page is served there",
    ),
    (
        "an-alias-with-an-encoded-dot-part-that-is-a-page-address",
        {"content/x.md": "---\ntitle: X\naliases: [/y/%2E/]\n---\n"},
        "content/x.md:3:11: error: alias /y/%2E/ is the address of content/y.md\n"
        "  hint: remove the alias: that page is served there",
    ),
    (
        "an-alias-that-_redirects-reads-as-a-pattern",  # it would redirect pages that exist
        {"content/x.md": "---\ntitle: X\naliases:\n  - /old/\n  - /old/*\n---\n"},
        "content/x.md:5:5: error: alias '/old/*' has a '*' or a ':' starting a part, which "
        "_redirects reads as a pattern: it would redirect every address it matches, pages that "
        "exist included\n"
        "  hint: give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    ),
    (
        "an-alias-that-climbs-out-in-percent-encoding",
        {"content/x.md": "---\ntitle: X\naliases: [/a/%2e%2e/faq/]\n---\n"},
        "content/x.md:3:11: error: alias '/a/%2e%2e/faq/' is not a path of this site\n"
        "  hint: give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    ),
    (
        # content/../gone.png would be no help: the path climbs out, as a link's may
        "a-share-image-above-content",
        {"content/faq/q.md": "---\ntitle: Q\nimage: ../../chart.png\n---\n"},
        "content/faq/q.md:3:8: error: image '../../chart.png' leads out of content/\n"
        "  hint: put the image beside the page under content/ and give its file name, or give "
        "its address from the site's root, e.g. /images/share.png",
    ),
    (
        "superseded-by-a-page-above-content",
        {"content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: ../y.md\n---\n"},
        "content/x.md:4:16: error: superseded_by '../y.md' leads out of content/\n"
        "  hint: paths are relative to this file's folder, and reach no higher than content/",
    ),
    (
        "menu-entry-above-content",
        {"site.yml": SITE_YML + "menu:\n  - {title: Y, url: ../y.md}\n"},
        "site.yml:6:21: error: menu[0] 'Y' points to ../y.md, which leads out of content/\n"
        "  hint: give a path under content/, e.g. faq/_index.md",
    ),
    (
        "a-share-image-that-is-not-there",
        {"content/faq/q.md": "---\ntitle: Q\nimage: chart.png\n---\n"},
        "content/faq/q.md:3:8: error: image 'chart.png': content/faq/chart.png does not exist\n"
        "  hint: put the image beside the page under content/ and give its file name, or give "
        "its address from the site's root, e.g. /images/share.png",
    ),
    (
        "faq-updated-line-with-a-date-that-does-not-exist",
        {
            "content/x.md": (
                "---\ntitle: X\ntype: faq\n---\n## Data\n\n### Where is it?\n\n"
                "Updated: 2026-02-30\n\nIn Europe.\n"
            )
        },
        "content/x.md:9:10: error: 'Updated: 2026-02-30' under a question is not a date\n"
        "  hint: that day is not in the calendar: check the month (01 to 12) and the day",
    ),
    (
        # as an Arabic answer's text writes it: digits, but not the ones a date is read from
        "faq-updated-line-in-arabic-indic-digits",
        {
            "content/x.md": (
                "---\ntitle: X\ntype: faq\n---\n### Where is it?\n\n"
                "Updated: \u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661\n\nIn Europe.\n"
            )
        },
        "content/x.md:7:10: error: 'Updated: \u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661' "
        "under a question is not a date\n"
        "  hint: write the date with the digits 0 to 9: Updated: 2026-03-01",
    ),
    (
        "faq-updated-line-not-written-as-yyyy-mm-dd",
        {"content/x.md": "---\ntitle: X\ntype: faq\n---\n### Where is it?\nUpdated: 2026-1-5\n"},
        "content/x.md:6:10: error: 'Updated: 2026-1-5' under a question is not a date\n"
        "  hint: write it as YYYY-MM-DD",
    ),
    (
        "faq-updated-line-not-a-date-right-above-the-answer",  # the answer is not in the message
        {
            "content/x.md": (
                "---\ntitle: X\ntype: faq\n---\n### Where is it?\n\n"
                "Updated: March 2026\nIn Europe.\n"
            )
        },
        "content/x.md:7:10: error: 'Updated: March 2026' under a question is not a date\n"
        "  hint: write it as YYYY-MM-DD",
    ),
    (
        "faq-updated-line-with-an-ampersand-below-blank-lines",  # as written, on its own line
        {
            "content/x.md": (
                "---\ntitle: X\ntype: faq\n---\n## Data\n\n### Where is it?\n\n\n"
                "Updated: 1 & 2 March\n\nIn Europe.\n"
            )
        },
        "content/x.md:10:10: error: 'Updated: 1 & 2 March' under a question is not a date\n"
        "  hint: write it as YYYY-MM-DD",
    ),
    (
        "a-script-address-in-a-source",  # the body's sanitiser never sees front matter
        {
            "content/x.md": (
                '---\ntitle: X\nsources:\n  - {title: S, url: "javascript:alert(1)"}\n---\n'
            )
        },
        "content/x.md:4:21: error: 'javascript:' addresses are not allowed in links: "
        "javascript:alert(1)\n"
        "  hint: give a web address (https://...), or a path to a file of the hub",
    ),
    (  # YAML notices the } left out only at the next item: the line to fix is above it
        "a-fact-whose-braces-are-never-closed",
        {
            "content/x.md": "---\ntitle: X\nfacts:\n  - {label: Primary storage, value: Virginia\n"
            "  - {label: Backup, value: Singapore}\n---\n"
        },
        "content/x.md:4:5: error: invalid YAML: a mapping in {...} is never closed\n"
        "  hint: add the closing } at the end of the mapping",
    ),
    (  # a line break in what a message quotes would cut its line in two
        "a-line-break-in-a-key",
        {"content/x.md": '---\ntitle: X\n"ti\\ntle": Y\n---\n'},
        "content/x.md:3:1: error: unknown field 'ti\\ntle'\n"
        "  hint: did you mean 'title'? Values of your own go under `extra:`",
    ),
    (
        "a-line-break-in-a-links-address",
        {"content/x.md": '---\ntitle: X\n---\n<a href="no\nne.md">Here</a>\n'},
        "content/x.md:4:10: error: link to 'no\\nne.md': content/no\\nne.md does not exist\n"
        "  hint: check the file name; links are relative to this file",
    ),
    (
        "a-data-address-hidden-by-a-tab",
        {
            "content/x.md": (
                '---\ntitle: X\nfacts:\n  - {label: L, value: V, source: " da\tta:x"}\n---\n'
            )
        },
        # the tab is shown as the escape that writes it, never as blank space
        "content/x.md:4:34: error: 'data:' addresses are not allowed in links:  da\\tta:x\n"
        "  hint: give a web address (https://...), or a path to a file of the hub",
    ),
    (
        "a-page-in-the-folder-of-fingerprinted-files",  # served as immutable for a year
        {"content/x.md": "---\ntitle: X\nslug: assets\n---\n"},
        "content/x.md:3:7: error: the page's address /assets/ is in /assets/, cached for a year\n"
        "  hint: give the page another slug, or move it out of a folder named assets",
    ),
    (
        "a-share-image-from-the-root-that-is-not-there",
        {"content/x.md": "---\ntitle: X\nimage: /images/share.png\n---\n"},
        "content/x.md:3:8: error: image '/images/share.png': the site has no file at that "
        "address\n  hint: put the image in static/ (static/images/x.png is /images/x.png)",
    ),
    (  # the hub's own address in full: taken for another site's, and never looked for
        "a-share-image-by-the-hubs-own-full-address-that-is-not-there",
        {"content/x.md": "---\ntitle: X\nimage: https://hub.example/images/share.png\n---\n"},
        "content/x.md:3:8: error: image 'https://hub.example/images/share.png': the site has no "
        "file at that address\n"
        "  hint: put the image in static/ (static/images/x.png is /images/x.png)",
    ),
    (  # the hint was the general one, "expected a mapping of key: value lines"
        "a-cascade-given-as-its-type-alone",
        {
            "content/claims/_index.md": "---\ntitle: Claims\ncascade: claim\n---\n",
            "content/claims/c.md": "---\ntitle: C\n---\n",
        },
        "content/claims/_index.md:3:10: error: 'cascade' must be a mapping of key: value lines, "
        "not text\n"
        "  hint: give the defaults by name, e.g. cascade: {type: claim}",
    ),
    (  # refused as a missing file content/javascript:alert(1) before
        "a-share-image-that-is-a-javascript-address",
        {"content/x.md": "---\ntitle: X\nimage: 'javascript:alert(1)'\n---\n"},
        "content/x.md:3:8: error: image 'javascript:alert(1)' is a javascript: address, not one "
        "of an image\n"
        "  hint: put the image beside the page under content/ and give its file name, or give "
        "its address from the site's root, e.g. /images/share.png",
    ),
    (  # the hint was to add templates//etc/passwd
        "a-template-from-the-disks-root",
        {"content/x.md": "---\ntitle: X\ntemplate: /etc/passwd\n---\n"},
        "content/x.md:3:11: error: template '/etc/passwd' is not the name of a file in "
        "templates/\n"
        "  hint: name a template by its path inside templates/, e.g. template: page.html",
    ),
    (  # it was called a partial, for its first folder
        "a-template-that-climbs-out-of-templates",
        {"content/x.md": "---\ntitle: X\ntemplate: partials/../../x.html\n---\n"},
        "content/x.md:3:11: error: template 'partials/../../x.html' is not the name of a file in "
        "templates/\n"
        "  hint: name a template by its path inside templates/, e.g. template: page.html",
    ),
    (  # the share image's address was written after the site's: https://hub.example/data:...
        "a-share-image-that-is-a-data-address",
        {"content/x.md": "---\ntitle: X\nimage: 'data:image/png;base64,iVBORw0KGgo='\n---\n"},
        "content/x.md:3:8: error: image is a data: address, which sites that show a page's "
        "share image cannot load\n"
        "  hint: put the image beside the page under content/ and give its file name, or give "
        "its address from the site's root, e.g. /images/share.png",
    ),
    (  # https://hub.example//cdn.example/share.png, a path of the site
        "a-share-image-on-another-host-with-no-scheme",
        {"content/x.md": "---\ntitle: X\nimage: //cdn.example/share.png\n---\n"},
        "content/x.md:3:8: error: image '//cdn.example/share.png' names another host, but no "
        "https: before it\n"
        "  hint: write image: https://cdn.example/share.png",
    ),
    (
        "an-alias-that-is-no-path-of-the-site",
        {"content/x.md": "---\ntitle: X\naliases: [/old/, 'https://elsewhere.example/x?a']\n---\n"},
        "content/x.md:3:18: error: alias 'https://elsewhere.example/x?a' is not a path of this "
        "site\n"
        "  hint: give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    ),
    (  # the old address copied from the browser's address bar
        "an-alias-given-as-a-full-address",
        {"content/x.md": "---\ntitle: X\naliases: [/old/, 'https://hub.example/old/x/']\n---\n"},
        "content/x.md:3:18: error: alias 'https://hub.example/old/x/' is a full address: give an "
        "old address of this site by its path alone, /old/x/\n"
        "  hint: give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    ),
    (  # else published as a folder /javascript:alert(1)/, with its _redirects rule
        "an-alias-with-a-scheme-and-no-slashes",
        {"content/x.md": "---\ntitle: X\naliases: [/old/, 'javascript:alert(1)']\n---\n"},
        "content/x.md:3:18: error: alias 'javascript:alert(1)' is not a path of this site\n"
        "  hint: give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    ),
    (
        "number-as-date",  # pydantic alone reads a number as seconds since 1970
        {"content/x.md": "---\ntitle: X\ndate: 20250120\n---\n"},
        "content/x.md:3:7: error: 'date' is not a valid date: 20250120 (YAML read it as a number)\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01",
    ),
    (
        "number-as-time",
        {"content/x.md": "---\ntitle: X\npublish_at: 1900000000\n---\n"},
        "content/x.md:3:13: error: 'publish_at' is not a valid time: 1900000000 "
        "(YAML read it as a number)\n"
        "  hint: write times as 2026-03-01T09:00:00Z (or a date, 2026-03-01)",
    ),
    (
        # the day as an Arabic page's text writes it: digits, but not the ones dates are read in
        "a-date-in-arabic-indic-digits",
        {
            "content/x.md": "---\ntitle: X\ndate: "
            "\u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661\n---\n"
        },
        "content/x.md:3:7: error: 'date' is not a valid date: "
        "\u0662\u0660\u0662\u0666-\u0660\u0663-\u0660\u0661\n"
        "  hint: write dates as YYYY-MM-DD, e.g. 2026-03-01, with the digits 0 to 9",
    ),
    (
        "a-date-with-a-time-of-day-but-no-offset",  # 10:00 in Brussels, or in New York?
        {"content/x.md": "---\ntitle: X\ndate: 2026-3-1 10:00:00\n---\n"},
        "content/x.md:3:7: error: 'date' has a time of day but no offset from UTC: "
        "2026-3-1 10:00:00\n"
        "  hint: add the offset: 2026-03-01T10:00:00Z for UTC, or e.g. "
        "2026-03-01T10:00:00+01:00 for an hour ahead of UTC",
    ),
    (
        "an-updated-time-of-day-without-offset",
        {"content/x.md": "---\ntitle: X\nupdated: 2026-03-01T17:45:00\n---\n"},
        "content/x.md:3:10: error: 'updated' has a time of day but no offset from UTC: "
        "2026-03-01T17:45:00\n"
        "  hint: add the offset: 2026-03-01T17:45:00Z for UTC, or e.g. "
        "2026-03-01T17:45:00+01:00 for an hour ahead of UTC",
    ),
    (
        "a-date-with-a-time-in-a-named-zone",  # an offset is a number: CET is +01:00 in winter
        {"content/x.md": "---\ntitle: X\ndate: 2026-03-01 09:30 CET\n---\n"},
        "content/x.md:3:7: error: 'date' is not a valid time: 2026-03-01 09:30 CET "
        "(invalid timezone sign)\n"
        "  hint: write a time with its offset from UTC, e.g. 2026-03-01T09:30:00+01:00, or the "
        "day alone, 2026-03-01",
    ),
    (
        "an-updated-time-past-the-end-of-the-day",
        {"content/x.md": "---\ntitle: X\nupdated: 2026-03-01T25:00:00+01:00\n---\n"},
        "content/x.md:3:10: error: 'updated' is not a valid time: 2026-03-01T25:00:00+01:00 "
        "(hour value is outside expected range of 0-23)\n"
        "  hint: write a time with its offset from UTC, e.g. 2026-03-01T09:30:00+01:00, or the "
        "day alone, 2026-03-01",
    ),
    (
        "a-date-with-a-time-past-year-9999-in-utc",
        {"content/x.md": "---\ntitle: X\ndate: 9999-12-31T23:30:00-05:00\n---\n"},
        "content/x.md:3:7: error: 'date' is not a valid time: 9999-12-31T23:30:00-05:00 "
        "(outside the years 1 to 9999 once set to UTC)\n"
        "  hint: write a time with its offset from UTC, e.g. 2026-03-01T09:30:00+01:00, or the "
        "day alone, 2026-03-01",
    ),
    (
        "a-changelog-date-with-a-time-of-day",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n"
            "  - {date: 2026-03-01T09:30:00Z, kind: update, note: x}\n---\n"
        },
        "content/x.md:4:12: error: 'changelog[0].date' takes a day without a time of day, not "
        "2026-03-01T09:30:00Z\n"
        "  hint: write the day alone, 2026-03-01",
    ),
    (
        "time-past-year-9999-in-utc",  # every use compares it in UTC, which has no year 10000
        {"content/x.md": "---\ntitle: X\npublish_at: 9999-12-31T23:30:00-05:00\n---\n"},
        "content/x.md:3:13: error: 'publish_at' is not a valid time: 9999-12-31T23:30:00-05:00 "
        "(outside the years 1 to 9999 once set to UTC)\n"
        "  hint: write times as 2026-03-01T09:00:00Z (or a date, 2026-03-01)",
    ),
    (
        "time-before-year-1-in-utc",
        {"content/x.md": "---\ntitle: X\nexpires: 0001-01-01T00:30:00+01:00\n---\n"},
        "content/x.md:3:10: error: 'expires' is not a valid time: 0001-01-01T00:30:00+01:00 "
        "(outside the years 1 to 9999 once set to UTC)\n"
        "  hint: write times as 2026-03-01T09:00:00Z (or a date, 2026-03-01)",
    ),
    (
        "empty-title",
        {"content/x.md": "---\ntitle:\n---\n"},
        "content/x.md:2:7: error: 'title' has no value\n  hint: write a value after `title:`",
    ),
    (
        "blank-title",
        {"content/x.md": '---\ntitle: "  "\n---\n'},
        "content/x.md:2:8: error: 'title' is empty\n  hint: write a title after `title:`",
    ),
    (
        "number-in-a-list-of-texts",
        {"content/x.md": "---\ntitle: X\ntags: [privacy, 2024]\n---\n"},
        "content/x.md:3:17: error: 'tags[1]' must be text, but YAML read `2024` as a number\n"
        '  hint: put the value in quotes: "2024"',
    ),
    (
        "fraction-where-a-whole-number-goes",
        {"content/x.md": "---\ntitle: X\nweight: 1.5\n---\n"},
        "content/x.md:3:9: error: 'weight' must be a whole number, not 1.5\n"
        "  hint: expected a whole number",
    ),
    (
        # pydantic takes true for 1: the page would move in every listing without a word
        "true-false-where-a-whole-number-goes",
        {"content/x.md": "---\ntitle: X\nweight: yes\n---\n"},
        "content/x.md:3:9: error: 'weight' must be a whole number, but YAML read `yes` as a "
        "true/false value\n"
        "  hint: expected a whole number, e.g. weight: 1",
    ),
    (
        # a blank tag would make a topic page with no title
        "blank-tag",
        {"content/x.md": '---\ntitle: X\ntags: [privacy, " "]\n---\n'},
        "content/x.md:3:17: error: 'tags[1]' is empty\n"
        "  hint: remove the empty item from `tags:`, or write the tag in it",
    ),
    (
        "empty-tag-in-a-block-list",
        {"content/x.md": '---\ntitle: X\ntags:\n  - privacy\n  - ""\n---\n'},
        "content/x.md:5:5: error: 'tags[1]' is empty\n"
        "  hint: remove the empty item from `tags:`, or write the tag in it",
    ),
    (
        "strings-file-with-broken-yaml",
        {"strings/en.yml": 'home: "Home\n'},
        "strings/en.yml:1:7: error: invalid YAML: a quoted value is never closed\n"
        "  hint: add the closing quote at the end of the value",
    ),
    (
        "strings-file-with-a-control-character",
        {"strings/en.yml": "home: Ho\x1bme\n"},
        "strings/en.yml:1:9: error: invisible control character U+001B, which YAML does not allow\n"
        "  hint: delete it; it does not show on screen, so retype the line if your editor cannot "
        "find it",
    ),
    (
        "strings-file-not-utf8",
        {"strings/en.yml": b"home: Caf\xe9\n"},
        "strings/en.yml:1:10: error: not valid UTF-8 at byte 9 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n  hint: save as UTF-8",
    ),
    (
        "strings-file-a-list",
        {"strings/en.yml": "- home\n- about\n"},
        "strings/en.yml:1:1: error: strings/en.yml must be a mapping of keys to texts\n"
        "  hint: write one `key: text` line per string, as in the theme's strings/en.yml",
    ),
    (
        "strings-file-value-a-list",
        {"strings/en.yml": "home: [Home, Start]\n"},
        "strings/en.yml:1:7: error: the string 'home' must be text, not a list\n"
        "  hint: write it on one line: home: ...",
    ),
    (
        # shown as YAML reads it, the word would say "False"
        "strings-file-value-a-true-false-word",
        {"strings/en.yml": "home: Home\nsearch: No\n"},
        "strings/en.yml:2:9: error: the string 'search' must be text, but YAML read `No` as a "
        "true/false value\n"
        '  hint: put the value in quotes: search: "No"',
    ),
    (
        # a template's t("yes") would not find it, and a warning would name a string 'True'
        "strings-file-key-a-true-false-word",
        {"strings/en.yml": "home: Home\nyes: Yes\n"},
        "strings/en.yml:2:1: error: the key `yes` must be text, but YAML read it as a true/false "
        "value\n"
        '  hint: put the key in quotes: "yes": ...',
    ),
    (
        "strings-file-value-a-number",
        {"strings/en.yml": "next: 1.50\n"},
        "strings/en.yml:1:7: error: the string 'next' must be text, but YAML read `1.50` as a "
        "number\n"
        '  hint: put the value in quotes: next: "1.50"',
    ),
    (
        "template-not-utf8",
        {"templates/page.html": b"{% extends 'base.html' %}\n{# caf\xe9 #}\n"},
        "templates/page.html:2:7: error: not valid UTF-8 at byte 32 (0xe9); the file looks like "
        "Windows-1252 or Latin-1\n  hint: save as UTF-8",
    ),
    (
        # the claims below it are not also told that their fields are of the wrong type
        "section-index-unreadable",
        {
            "content/claims/_index.md": (
                "---\ntitle: Claims\nsummary: Claims: and facts.\ncascade: {type: claim}\n---\n"
            ),
            **{
                f"content/claims/c{n}.md": (
                    f'---\ntitle: C{n}\nclaim: A claim.\nverdict: "false"\nfact: A fact.\n---\n'
                )
                for n in range(3)
            },
        },
        "content/claims/_index.md:3:16: error: invalid YAML: mapping values are not allowed in "
        "this context\n"
        "  hint: a value containing ': ' must be quoted: summary: \"Claims: and facts.\"",
    ),
    (
        "section-cascades-unknown-type",
        {
            "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claims}\n---\n",
            "content/claims/c.md": "---\ntitle: C\nclaim: A claim.\nfact: A fact.\n---\n",
        },
        "content/claims/_index.md:3:17: error: 'cascade.type' has unknown value 'claims'\n"
        "  hint: did you mean 'claim'?",
    ),
    (
        # the } is there, in the comment the '#' starts: "add the closing }" would mislead
        "changelog-note-with-a-hash-in-braces",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n"
            "  - {date: 2026-01-02, kind: correction, note: Fixed table #2}\n---\n"
        },
        "content/x.md:4:60: error: invalid YAML: a mapping in {...} is never closed: a '#' "
        "after a space starts a comment, which holds the }\n"
        '  hint: put the text with the # in quotes: "Fixed table #2"',
    ),
    (
        "tag-with-a-hash-in-brackets",  # a '#' in quotes is text, and not the one to blame
        {"content/x.md": '---\ntitle: X\ntags: ["#privacy", issue #12, data]\n---\n'},
        "content/x.md:3:26: error: invalid YAML: a list in [...] is never closed: a '#' "
        "after a space starts a comment, which holds the ]\n"
        '  hint: put the text with the # in quotes: "issue #12"',
    ),
    (
        "status-given-as-a-list",  # told in words, not as Python writes a list
        {"content/x.md": "---\ntitle: X\nstatus: [retracted]\n---\n"},
        "content/x.md:3:9: error: 'status' must be one value, not a list\n"
        "  hint: write the value alone: status: retracted",
    ),
    (
        "changelog-kind-given-as-a-list",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n  - date: 2026-01-02\n"
            "    kind:\n      - corection\n    note: Fixed.\n---\n"
        },
        "content/x.md:6:7: error: 'changelog[0].kind' must be one value, not a list\n"
        "  hint: write the value alone: kind: correction",
    ),
    (
        "changelog-kind-given-as-a-mapping",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n"
            "  - {date: 2026-01-02, kind: {correction: yes}, note: Fixed.}\n---\n"
        },
        "content/x.md:4:30: error: 'changelog[0].kind' must be one value, not a mapping\n"
        "  hint: use one of: correction, clarification, update",
    ),
    (
        "partial-not-utf8",  # read only while a page is rendered
        {"templates/partials/article.html": b"{# caf\xe9 #}\n"},
        "templates/partials/article.html:1:7: error: not valid UTF-8 at byte 6 (0xe9); the file "
        "looks like Windows-1252 or Latin-1\n  hint: save as UTF-8",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [pytest.param(*row[1:], id=row[0]) for row in BAD_PAGES]
)
def test_bad_page(built: Built, files: dict[str, str | bytes], expected: str) -> None:
    make_site(built.hub, files, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1, run.err
    assert has_block(run.err, expected), run.err
    assert error_lines(run.err) == [expected.splitlines()[0]]
    assert "Traceback" not in run.err + run.out
    assert_untouched(built)


def test_a_page_builds_once_the_blank_lines_before_its_front_matter_are_removed(
    built: Built,
) -> None:
    make_site(built.hub, {"content/x.md": b"\n\n---\ntitle: X\n---\nText.\n"}, site_yml=None)
    assert run_cli("-C", built.hub, "build", "-o", built.out).code == 1
    make_site(built.hub, {"content/x.md": b"---\ntitle: X\n---\nText.\n"}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err


def test_the_same_unreadable_faq_date_twice_is_reported_at_each_line(built: Built) -> None:
    body = "### One?\n\nUpdated: soon\n\nA.\n\n### Two?\n\nUpdated: soon\n\nB.\n"
    make_site(built.hub, {"content/x.md": f"---\ntitle: X\ntype: faq\n---\n{body}"}, None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/x.md:7:10: error: 'Updated: soon' under a question is not a date",
        "content/x.md:13:10: error: 'Updated: soon' under a question is not a date",
    ]
    assert_untouched(built)


def test_undefined_variable_in_template(built: Built) -> None:
    make_site(
        built.hub,
        {"templates/page.html": PAGE_OVERRIDE.replace("{BROKEN}", "<p>{{ page.nope }}</p>")},
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert has_block(
        run.err,
        "templates/page.html:3:12: error: page has no attribute 'nope'\n"
        "  hint: while rendering content/x.md; the variables templates can use are listed in "
        "the README",
    ), run.err
    assert "Traceback" not in run.err + run.out
    assert_untouched(built)


@pytest.mark.parametrize(
    ("expression", "told"),
    [
        ("site.nope", "site has no attribute 'nope'"),
        ("site.organization.nope", "organization has no attribute 'nope'"),
        ("page.matter.nope", "front matter has no attribute 'nope'"),
    ],
)
def test_an_attribute_no_object_has_is_told_by_the_objects_name_in_templates(
    built: Built, expression: str, told: str
) -> None:
    # not as Python names it: 'recordhub.siteview.Site object' has no attribute 'nope'
    make_site(
        built.hub,
        {
            "templates/page.html": PAGE_OVERRIDE.replace(
                "{BROKEN}", f"<p>{{{{ {expression} }}}}</p>"
            )
        },
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    # the column of the name that is not there, after "<p>{{ " and the last dot
    col = len("<p>{{ ") + expression.rindex(".") + 2
    assert error_lines(run.err) == [f"templates/page.html:3:{col}: error: {told}"]
    assert_untouched(built)


@pytest.mark.parametrize("name", ["page", "site"])
def test_a_macro_imported_without_context_that_asks_for_the_page_is_told_to_take_it(
    built: Built, name: str
) -> None:
    partial = f"{{% macro seen() -%}}\n<p>{{{{ {name}.title }}}}</p>\n{{%- endmacro %}}\n"
    page = (
        "{% extends 'base.html' %}\n"
        '{% from "seen.html" import seen %}\n'
        "{% block content %}{{ seen() }}{% endblock %}\n"
    )
    make_site(built.hub, {"templates/seen.html": partial, "templates/page.html": page}, None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert has_block(
        run.err,
        f"templates/seen.html:2:7: error: '{name}' is undefined\n"
        "  hint: while rendering content/x.md; a macro in a partial sees only its arguments "
        "and the globals: pass it what it needs, or import the partial 'with context'",
    ), run.err
    assert "Traceback" not in run.err + run.out
    assert_untouched(built)


def test_a_replaced_partial_sees_the_page_and_the_site(built: Built) -> None:
    # the theme imports its own partials without the context; a hub's may need it
    partial = (
        "{% macro tags(items) -%}\n"
        "<p class=seen>{{ page.title }} on {{ site.title }}, {{ items | length }} tags</p>\n"
        "{%- endmacro %}\n"
    )
    make_site(built.hub, {"templates/partials/tags.html": partial}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err
    html = (built.out / "x" / "index.html").read_text(encoding="utf-8")
    assert "<p class=seen>X on Test Hub, 0 tags</p>" in html


def test_a_partial_imported_with_context_sees_the_page(built: Built) -> None:
    partial = "{% macro seen() -%}\n<p class=seen>{{ page.title }}</p>\n{%- endmacro %}\n"
    page = (
        "{% extends 'base.html' %}\n"
        '{% from "partials/seen.html" import seen with context %}\n'
        "{% block content %}{{ seen() }}{% endblock %}\n"
    )
    files = {"templates/partials/seen.html": partial, "templates/page.html": page}
    make_site(built.hub, files, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err
    assert "<p class=seen>X</p>" in (built.out / "x" / "index.html").read_text(encoding="utf-8")


def test_template_error_reported_once(built: Built) -> None:
    make_site(
        built.hub,
        {"templates/page.html": PAGE_OVERRIDE.replace("{BROKEN}", "<p>{{ page.nope }}</p>")},
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert len(error_lines(run.err)) == 1, run.err


def test_link_to_an_invalid_page_is_not_called_missing(built: Built) -> None:
    # from a page's Markdown, its finished HTML, or a menu: only the page's own error is shown
    make_site(
        built.hub,
        {
            "content/x.md": "---\ntitle: 123\n---\n",
            "content/y.md": "---\ntitle: Y\n---\nSee [x](x.md).\n",
        },
        site_yml=SITE_YML + "footer_menu:\n  - {title: X, url: x.md}\n",
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert [line.split(" error: ")[0] for line in error_lines(run.err)] == ["content/x.md:2:8:"]
    assert error_lines(run.err)[0].startswith("content/x.md:2:8: error: 'title' must be text")


def test_front_matter_naming_an_invalid_page_is_not_called_missing(built: Built) -> None:
    # a source, a fact's source or what a page is superseded by: only the page's own error
    named = (
        "---\ntitle: Y\nstatus: superseded\nsuperseded_by: x.md\n"
        "sources:\n  - {title: Our report, url: x.md}\n"
        "facts:\n  - {label: Storage, value: EU, source: x.md#where}\n---\nText.\n"
    )
    make_site(
        built.hub,
        {"content/x.md": "---\ntitle: 123\n---\n", "content/y.md": named},
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/x.md:2:8: error: 'title' must be text, but YAML read `123` as a number"
    ], run.err
    assert_untouched(built)


def test_link_to_a_page_whose_name_clashes_by_case_is_not_called_missing(built: Built) -> None:
    # About.md is kept, about.md refused for its name: links to either are that one error
    make_site(
        built.hub,
        {
            "content/About.md": "---\ntitle: About caps\n---\n",
            "content/about.md": "---\ntitle: About\n---\n",
            "content/y.md": "---\ntitle: Y\n---\nSee [about](about.md).\n",
        },
        site_yml=SITE_YML + "footer_menu:\n  - {title: About, url: about.md}\n",
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/about.md: error: differs only in case from content/About.md"
    ]
    assert_untouched(built)


def test_links_to_a_page_whose_folder_clashes_with_a_file_are_that_one_error(
    built: Built,
) -> None:
    # slug: index.html asks for the folder index.html/, where the home page writes its file:
    # the page is not written, and the pages around it (its neighbours' next and previous
    # links, a link in a page's text) do not add a broken link each
    make_site(built.hub, CLASHING)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [CLASH]
    assert_untouched(built)


def test_the_preview_tells_a_clash_once_too(built: Built, tmp_path: Path) -> None:
    make_site(built.hub, CLASHING)
    outcome = Preview(built.hub, tmp_path / "preview").rebuild(None)
    assert not outcome.ok
    errors = [d.format().split("\n")[0] for d in outcome.problems if d.severity is Severity.ERROR]
    assert errors == [CLASH]


CLASHING = {
    "content/a.md": "---\ntitle: A\nweight: 1\n---\nSee [b](b.md).\n",
    "content/b.md": "---\ntitle: B\nweight: 2\nslug: index.html\n---\nText.\n",
    "content/c.md": "---\ntitle: C\nweight: 3\n---\nText.\n",
}
CLASH = (
    "content/b.md:4:7: error: writes index.html/index.html, in a folder index.html/, where "
    "content/_index.md writes a file"
)


def test_a_key_given_twice_is_reported_with_the_other_problems_of_the_page(built: Built) -> None:
    page = (
        "---\ntitle: X\nsummary: S\nsources:\n  - {title: A, title: B, url: https://a.example/}\n"
        "title: Again\ntitel: Y\ndate: soon\n---\n"
    )
    make_site(built.hub, {"content/x.md": page})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert [line.split(": error: ")[0] for line in error_lines(run.err)] == [
        "content/x.md:5:16",
        "content/x.md:6:1",
        "content/x.md:7:1",
        "content/x.md:8:7",
    ]
    assert "content/x.md:5:16: error: duplicate key 'title' (first set on line 5)" in run.err
    assert "content/x.md:6:1: error: duplicate key 'title' (first set on line 2)" in run.err
    assert_untouched(built)


def told(err: str, path: str) -> list[str]:
    """The lines of a run's report about one file, with their hints."""
    return [line for line in err.splitlines() if path in line or line.startswith("  hint: ")]


def test_a_hash_that_cuts_a_text_short_is_a_warning_at_the_hash(built: Built) -> None:
    page = (
        "---\ntitle: X\nsummary: We are #1 in privacy\nextra:\n  notes:\n"
        "    - Sold to #nobody, ever\n  launched: 2026-01-05  # a comment, as meant\n"
        '  quoted: "We are #1"\n---\n'
    )
    make_site(built.hub, {"content/x.md": page})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err
    assert told(run.err, "content/x.md") == [
        "content/x.md:3:17: warning: '#1 in privacy' is left out of summary: after a space, # "
        "starts a comment in YAML",
        '  hint: put the whole value in quotes: summary: "We are #1 in privacy"',
        "content/x.md:6:15: warning: '#nobody, ever' is left out of this item of notes: after "
        "a space, # starts a comment in YAML",
        '  hint: put the whole value in quotes: "Sold to #nobody, ever"',
    ]
    html = (built.out / "x" / "index.html").read_text("utf-8")
    assert '<meta name="description" content="We are">' in html


COMMA_CUT = (
    "---\ntitle: X\ndate: 2026-01-05\nupdated: 2026-01-09\nchangelog:\n"
    "  - {date: 2026-01-09, kind: correction, note: fixed, with thanks to readers}\n---\n"
)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(
            COMMA_CUT,
            [
                "content/x.md:6:55: error: unknown field 'changelog[0].with thanks to readers'",
                "  hint: if it is the end of the value before it, cut off at a comma, put that "
                'whole value in quotes: note: "..., with thanks to readers"',
            ],
            id="words-cut-off",
        ),
        pytest.param(
            # a key on a line of its own, with no value: a field of the writer's; and one word
            # after the comma is cut off as well as many
            COMMA_CUT.replace("title: X\n", "title: X\nsee also:\n").replace(
                ", with thanks to readers", ", thanks"
            ),
            [
                "content/x.md:3:1: error: unknown field 'see also'",
                "  hint: Values of your own go under `extra:`",
                "content/x.md:7:55: error: unknown field 'changelog[0].thanks'",
                "  hint: if it is the end of the value before it, cut off at a comma, put that "
                'whole value in quotes: note: "..., thanks"',
            ],
            id="a-key-of-its-own-and-one-word",
        ),
    ],
)
def test_a_comma_that_cuts_a_value_in_braces_short_is_told_to_quote_it(
    built: Built, page: str, expected: list[str]
) -> None:
    make_site(built.hub, {"content/x.md": page}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert told(run.err, "content/x.md") == expected
    assert "remove it" not in run.err  # which would cut the correction's note short
    assert_untouched(built)


def test_a_hash_that_cuts_a_setting_short_is_a_warning_at_the_hash(built: Built) -> None:
    site = (
        SITE_YML + "description: The #1 app for clips\n"
        "footer_menu:\n  - {title: Terms, url: x.md}\n  - title: Our #2 promise\n"
        "    url: /\n"
    )
    make_site(built.hub, {"site.yml": site, "content/x.md": "---\ntitle: X\n---\n"})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err
    assert told(run.err, "site.yml") == [
        "site.yml:5:18: warning: '#1 app for clips' is left out of description: after a space, "
        "# starts a comment in YAML",
        '  hint: put the whole value in quotes: description: "The #1 app for clips"',
        "site.yml:8:16: warning: '#2 promise' is left out of title: after a space, # starts a "
        "comment in YAML",
        '  hint: put the whole value in quotes: title: "Our #2 promise"',
    ]
    html = (built.out / "x" / "index.html").read_text("utf-8")
    assert '<meta name="description" content="The">' in html
    # with an error in site.yml too, the build stops and the warning is still told, once
    make_site(built.hub, {"site.yml": site.replace("https://hub.example/", "hub.example")})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 2
    assert run.err.count("'#1 app for clips' is left out of description") == 1
    assert "site.yml:2:11: error: base_url must be an absolute URL" in run.err
    assert "Traceback" not in run.err


def test_unknown_template(built: Built) -> None:
    make_site(
        built.hub, {"content/x.md": "---\ntitle: X\ntemplate: nope.html\n---\n"}, site_yml=None
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    [line] = error_lines(run.err)
    assert re.fullmatch(r"content/x\.md(:\d+:\d+)?: error: unknown template 'nope\.html'", line)
    assert "page.html" in run.err  # the hint names the templates there are
    assert "Traceback" not in run.err + run.out
    assert_untouched(built)


def test_unknown_template_position(built: Built) -> None:
    make_site(
        built.hub, {"content/x.md": "---\ntitle: X\ntemplate: nope.html\n---\n"}, site_yml=None
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert "content/x.md:3:11: error: unknown template 'nope.html'\n" in run.err
    assert "partials/" not in run.err


def test_a_missing_md_file_named_by_a_reference_and_a_link_is_told_at_both(
    built: Built,
) -> None:
    page = "---\ntitle: X\n---\nSee [the data][d] and [again](gone.md).\n\n[d]: gone.md\n"
    make_site(built.hub, {"content/x.md": page}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/x.md:4:31: error: link to 'gone.md': content/gone.md does not exist",
        "content/x.md:6:6: error: link to 'gone.md': content/gone.md does not exist",
    ]
    assert_untouched(built)


def test_each_line_indented_with_a_tab_is_told(built: Built) -> None:
    page = b"---\ntitle: X\nextra:\n\tnote: n\n\tother: o\n---\n"
    make_site(built.hub, {"content/x.md": page}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/x.md:4:1: error: tab character in indentation",
        "content/x.md:5:1: error: tab character in indentation",
    ]
    assert_untouched(built)


@pytest.mark.parametrize("written", ["press", "templates/press.html"])
def test_unknown_template_that_names_a_template_of_the_hub_in_another_way(
    built: Built, written: str
) -> None:
    press = "{% extends 'base.html' %}\n{% block content %}Press{% endblock %}\n"
    page = f"---\ntitle: X\ntemplate: {written}\n---\n"
    make_site(built.hub, {"templates/press.html": press, "content/x.md": page}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert has_block(
        run.err,
        f"content/x.md:3:11: error: unknown template '{written}'\n"
        "  hint: did you mean 'press.html'? A template is named by its file's path inside "
        "templates/",
    ), run.err
    assert_untouched(built)


def test_every_problem_in_every_file_in_one_run(built: Built) -> None:
    make_site(
        built.hub,
        {
            "content/x.md": "---\ntitle: 123\nsumary: S\n---\n",
            "content/y.md": "---\ntitle: Y\ndate: 2025-02-30\n---\n",
            "content/z.md": "---\ntitle: Z\n---\nSee [gone](gone.md).\n",
            "content/faq/broken.md": "---\ntitle: Fact: text\n---\n",
            "content/faq/open.md": "---\ntitle: Never closed\n",
            "content/a.md": "---\ntitle: A\nslug: b\n---\n",
            "content/b.md": "---\ntitle: B\n---\n",
        },
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/b.md: error: maps to the same URL /b/ as content/a.md",
        "content/faq/broken.md:2:12: error: invalid YAML: mapping values are not allowed in "
        "this context",
        "content/faq/open.md:1:1: error: front matter is never closed",
        "content/x.md:2:8: error: 'title' must be text, but YAML read `123` as a number",
        "content/x.md:3:1: error: unknown field 'sumary'",
        "content/y.md:3:7: error: 'date' is not a valid date: 2025-02-30 "
        "(day value is outside expected range)",
        "content/z.md:4:12: error: link to 'gone.md': content/gone.md does not exist",
    ]
    assert "Traceback" not in run.err + run.out
    assert_untouched(built)


@pytest.mark.parametrize("strict", [False, True])
def test_problems_in_the_finished_pages_are_listed_beside_earlier_ones(
    built: Built, strict: bool
) -> None:
    # a missing file is found while reading the pages, a missing anchor only in the HTML;
    # under --strict, a warning fails the build as early, and hides nothing either
    summary = "x" * 170
    make_site(
        built.hub,
        {
            "content/x.md": f"---\ntitle: X\nsummary: {summary}\n---\nSee [y](y.md#nope).\n",
            "content/y.md": "---\ntitle: Y\n---\nSee [gone](gone.md).\n",
        },
        site_yml=None,
    )
    run = run_cli("-C", built.hub, "build", "-o", built.out, *(["--strict"] if strict else []))
    assert run.code == 1, run.err
    long = "content/x.md:3:10: {}: summary is 170 characters, over 160"
    assert error_lines(run.err) == [
        *([long.format("error")] if strict else []),  # what fails a strict build is an error
        "content/x.md:5:9: error: broken link to y.md#nope: the page has no anchor #nope",
        "content/y.md:4:12: error: link to 'gone.md': content/gone.md does not exist",
    ]
    assert (long.format("warning") in run.err) is not strict
    assert_untouched(built)


def test_check_lists_the_same_problems(built: Built) -> None:
    make_site(
        built.hub,
        {
            "content/x.md": "---\ntitle: 123\n---\n",
            "content/y.md": "---\ntitle: Y\ndate: 2025-02-30\n---\n",
        },
        site_yml=None,
    )
    build_run = run_cli("-C", built.hub, "build", "-o", built.out)
    check_run = run_cli("-C", built.hub, "check")
    assert check_run.code == build_run.code == 1
    assert error_lines(check_run.err) == error_lines(build_run.err)
    assert len(error_lines(check_run.err)) == 2
    assert_untouched(built)


# (id, output folder relative to the hub's parent, the reason printed)
BAD_OUTPUTS = [
    ("project-root", "hub", "it is the project folder or one of its parents"),
    ("parent-of-project", ".", "it is the project folder or one of its parents"),
    ("content-folder", "hub/content", "it is inside the content/ folder"),
    ("inside-content", "hub/content/out", "it is inside the content/ folder"),
    ("templates-folder", "hub/templates", "it is inside the templates/ folder"),
    ("foreign-folder", "mine", "it is not empty and was not created by recordhub"),
]
HINTS = {
    "it is not empty and was not created by recordhub": "empty it yourself, or choose a new folder"
}


@pytest.mark.parametrize(
    ("out_name", "reason"), [pytest.param(*row[1:], id=row[0]) for row in BAD_OUTPUTS]
)
def test_refused_output_folder(tmp_path: Path, out_name: str, reason: str) -> None:
    hub = make_site(tmp_path / "hub", {**BASE, "templates/page.html": "{{ page.title }}\n"})
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine, not recordhub's\n")
    out = (tmp_path / out_name).resolve()
    files_before, paths_before = tree(tmp_path), everything(tmp_path)
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 2
    hint = HINTS.get(reason, "use a folder such as public/")
    assert has_block(
        run.err,
        f"{out}: error: refusing to use {out} as the output folder: {reason}\n  hint: {hint}",
    ), run.err
    assert "Traceback" not in run.err + run.out
    assert tree(tmp_path) == files_before
    assert everything(tmp_path) == paths_before


def test_refused_output_file(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    out = tmp_path / "out"
    out.write_text("a file\n")
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 2
    assert has_block(
        run.err,
        f"{out}: error: refusing to use {out} as the output folder: it is a file\n"
        "  hint: remove the file or choose another folder",
    ), run.err
    assert out.read_text() == "a file\n"


@pytest.mark.parametrize("below", ["sub", "sub/deeper"])
def test_an_output_folder_below_a_file_is_refused(tmp_path: Path, below: str) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    blocker = tmp_path / "afile"
    blocker.write_text("hi\n")
    out = blocker / below
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 2
    assert run.err == (
        f"{out}: error: refusing to use {out} as the output folder: {blocker} is a file, "
        "not a folder\n"
        "  hint: choose another folder, or move that file\n"
    )
    assert blocker.read_text() == "hi\n"


def test_symlinked_output_folder_is_refused(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "link")
    assert run.code == 2
    assert "it is a symlink" in run.err
    assert everything(real) == []


def test_a_logo_that_is_not_published_is_told_at_its_line_in_site_yml(
    built: Built, tmp_path: Path
) -> None:
    # static/logo.svg is a link to a brand folder outside the project, which is not followed:
    # no page can show it, and the theme's templates that do are not the hub's to fix
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", "utf-8")
    (built.hub / "static").mkdir()
    (built.hub / "static" / "logo.svg").symlink_to(brand / "logo.svg")
    with_logo = "organization: {name: Example Co, logo: /logo.svg}"
    site_yml = SITE_YML.replace("organization: {name: Example Co}", with_logo)
    make_site(built.hub, {"site.yml": site_yml})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert has_block(
        run.err,
        "site.yml:3:40: error: broken link to /logo.svg, given as organization.logo in "
        "site.yml: no page or file has that address\n"
        "  hint: give the address of a page the hub publishes, or of one on another host",
    ), run.err
    assert len(error_lines(run.err)) == 1
    assert_untouched(built)


def test_each_alias_that_is_no_path_is_told_at_its_own_line(built: Built) -> None:
    aliases = ["/old#part", "/fine/", "/old?x=1", "/old/:id/"]
    page = "---\ntitle: X\naliases:\n" + "".join(f"  - {a}\n" for a in aliases) + "---\n"
    make_site(built.hub, {"content/x.md": page})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 1
    assert [line.split(": error: ")[0] for line in error_lines(run.err)] == [
        "content/x.md:4:5",
        "content/x.md:6:5",
        "content/x.md:7:5",
    ]
    assert_untouched(built)


def test_characters_html_does_not_allow_are_a_warning_where_they_are(built: Built) -> None:
    page = (
        '---\ntitle: "Escaped \\x1b[31m colour"\nsummary: Fine.\n---\n\n'
        "A line from a terminal: \x1b[31mred\x1b[0m, and a page break \x0c here.\n"
    )
    make_site(built.hub, {"content/x.md": page})
    run = run_cli("-C", built.hub, "build", "-o", built.out)
    assert run.code == 0, run.err
    assert told(run.err, "content/x.md") == [
        "content/x.md:2:8: warning: invisible control character U+001B, which HTML does not "
        "allow: browsers show it as nothing, or as a box",
        "  hint: remove the escape in the quoted text that makes it (such as \\x01 or \\u0001)",
        "content/x.md:6:25: warning: invisible control character U+001B (and 1 more), which HTML "
        "does not allow: browsers show it as nothing, or as a box",
        "  hint: delete it; it does not show on screen, so retype the line if your editor cannot "
        "find it",
    ]
    strict = run_cli("-C", built.hub, "build", "--strict", "-o", built.out)
    assert strict.code == 1


PLAIN_HTTP = (
    "warning: base_url is http://hub.example/: every page, feed and the sitemap give their "
    "addresses with http://, which browsers mark as not secure, and which anyone between a "
    "reader and the hub can change"
)


def test_a_public_base_url_of_plain_http_is_a_warning_at_it(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\n"},
        SITE_YML.replace("https://hub.example/", "HTTP://hub.example"),
    )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert f"site.yml:2:11: {PLAIN_HTTP}\n" in run.err
    assert "  hint: serve the hub over HTTPS and give base_url: https://hub.example/\n" in run.err
    strict = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out2")
    assert strict.code == 1
    assert f"site.yml:2:11: {PLAIN_HTTP.replace('warning', 'error', 1)}\n" in strict.err
    assert not (tmp_path / "out2").exists()


def test_a_base_url_of_plain_http_given_on_the_command_line_is_told_there(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\n"})
    given = ("--base-url", "http://hub.example/")
    run = run_cli("-C", hub, "build", "--no-search", *given, "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert f"--base-url: {PLAIN_HTTP}\n" in run.err
    assert "  hint: serve the hub over HTTPS and give https://hub.example/\n" in run.err


@pytest.mark.parametrize(
    "local",
    [
        *("http://localhost:8000/", "http://127.0.0.1/", "http://[::1]:8080/"),
        *("http://hub.localhost/", "http://localhost.:8000/", "http://hub.localhost./"),
        *("http://127.1:8000/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]:80/"),
        "http://0.0.0.0:8000/",
    ],
)
def test_a_base_url_of_plain_http_on_this_machine_is_not_told(tmp_path: Path, local: str) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\n"},
        SITE_YML.replace("https://hub.example/", local),
    )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "base_url is" not in run.err


@pytest.mark.parametrize("others", [0, 60], ids=["converted-here", "converted-by-workers"])
def test_a_page_with_front_matter_errors_has_its_links_checked_too(
    tmp_path: Path, others: int
) -> None:
    # fixing the front matter must not bring up a broken link the same build could have told
    page = (
        "---\ntitle: Page\ndate: soon\n---\n"
        "See [gone](gone.md), [home](_index.md), [draft](draft.md), [other](other.md).\n\n"
        "And [gone](gone.md) again.\n"
    )
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/page.md": page,
        "content/draft.md": "---\ntitle: Draft\ndraft: true\n---\n",
        "content/other.md": "---\ntitle: [not, text]\n---\n",
        **{f"content/more/p{n}.md": f"---\ntitle: P{n}\n---\nText {n}.\n" for n in range(others)},
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/other.md:2:8: error: 'title' must be text, not a list",
        "content/page.md:3:7: error: 'date' is not a valid date: soon",
        "content/page.md:5:12: error: link to 'gone.md': content/gone.md does not exist",
        "content/page.md:5:49: error: links to content/draft.md, which is a draft, embargoed or "
        "expired",
        "content/page.md:7:12: error: link to 'gone.md': content/gone.md does not exist",
    ]
    assert not (tmp_path / "out").exists()


def test_a_reference_used_twice_on_a_page_with_front_matter_errors_is_told_once(
    tmp_path: Path,
) -> None:
    # as on a page without errors: the target is written once, in the reference's definition
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/page.md": "---\ntitle: Page\ndate: soon\n---\nSee [a][r] and [b][r].\n\n"
        "[r]: gone.md\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/page.md:3:7: error: 'date' is not a valid date: soon",
        "content/page.md:7:6: error: link to 'gone.md': content/gone.md does not exist",
    ]


@pytest.mark.parametrize("drafts", [False, True], ids=["published-only", "with-drafts"])
def test_links_of_a_page_with_front_matter_errors_that_would_not_be_published_are_not_checked(
    tmp_path: Path, drafts: bool
) -> None:
    # fixed, a draft, a scheduled page or one in a draft section is not published, and its
    # links are not checked: its errors must not bring up link errors that fixing takes away
    link = "See [d](/draft.md) and [g](gone.md).\n"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/draft.md": "---\ntitle: Draft\ndraft: true\n---\n",
        "content/mine.md": "---\ntitle: Mine\ndraft: true\ndate: soon\n---\n" + link,
        "content/quoted.md": '---\ntitle: Q\ndraft: "true"\ndate: soon\n---\n' + link,
        "content/soon.md": "---\ntitle: S\npublish_at: 2999-01-01\ndate: soon\n---\n" + link,
        "content/later/_index.md": "---\ntitle: Later\ndraft: true\n---\n",
        "content/later/item.md": "---\ntitle: Item\ndate: soon\n---\n" + link,
    }
    hub = make_site(tmp_path / "hub", files)
    flags = ["--drafts", "--future"] if drafts else []
    run = run_cli("-C", hub, "build", "--no-search", *flags, "-o", tmp_path / "out")
    assert run.code == 1
    told = [
        "content/later/item.md:3:7: error: 'date' is not a valid date: soon",
        "content/mine.md:4:7: error: 'date' is not a valid date: soon",
        "content/quoted.md:4:7: error: 'date' is not a valid date: soon",
        "content/soon.md:4:7: error: 'date' is not a valid date: soon",
    ]
    if drafts:  # shown, so checked
        told = [
            told[0],
            "content/later/item.md:5:28: error: link to 'gone.md': content/later/gone.md does "
            "not exist",
            told[1],
            "content/mine.md:6:28: error: link to 'gone.md': content/gone.md does not exist",
            told[2],
            "content/quoted.md:6:28: error: link to 'gone.md': content/gone.md does not exist",
            told[3],
            "content/soon.md:6:28: error: link to 'gone.md': content/gone.md does not exist",
        ]
    assert error_lines(run.err) == told


def test_what_supersedes_a_page_with_front_matter_errors_is_checked_too(tmp_path: Path) -> None:
    # as its links are: fixing the changelog must bring up no more errors
    changelog = "changelog:\n  - {date: 2026-01-02, kind: corection, note: Replaced.}\n"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/gone.md": f"---\ntitle: G\nstatus: superseded\nsuperseded_by: nwe.md\n{changelog}"
        "---\nOld.\n",
        "content/self.md": '---\ntitle: S\nstatus: superseded\nsuperseded_by: "#now"\n'
        f"{changelog}---\nOld.\n",
        "content/kept.md": f"---\ntitle: K\nstatus: superseded\nsuperseded_by: new.md\n{changelog}"
        "---\nOld.\n",
        "content/draft.md": "---\ntitle: D\ndraft: true\nstatus: superseded\n"
        f"superseded_by: nwe.md\n{changelog}---\nOld.\n",
        "content/new.md": "---\ntitle: New\n---\nNow.\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    kind = "error: 'changelog[0].kind' has unknown value 'corection'"
    assert error_lines(run.err) == [
        f"content/draft.md:7:30: {kind}",
        "content/gone.md:4:16: error: superseded_by points to content/nwe.md, which does not exist",
        f"content/gone.md:6:30: {kind}",
        f"content/kept.md:6:30: {kind}",
        "content/self.md:4:16: error: superseded_by points to this page itself",
        f"content/self.md:6:30: {kind}",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("others", [0, 60], ids=["converted-here", "converted-by-workers"])
def test_a_page_whose_front_matter_does_not_parse_has_its_links_checked_too(
    tmp_path: Path, others: int
) -> None:
    # as for front matter that parses but has errors: fixing it must bring up no more
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/page.md": "---\ntitle: [not closed\n---\n"
        "See [gone](gone.md) and [home](_index.md).\n",
        **{f"content/more/p{n}.md": f"---\ntitle: P{n}\n---\nText {n}.\n" for n in range(others)},
    }
    hub = make_site(tmp_path / "hub", files)
    for cache in ("--no-cache", "--no-search"):  # converted, then from the cache
        run = run_cli("-C", hub, "build", "--no-search", cache, "-o", tmp_path / "out")
        assert run.code == 1
        assert error_lines(run.err) == [
            "content/page.md:2:8: error: invalid YAML: a list in [...] is never closed",
            "content/page.md:4:12: error: link to 'gone.md': content/gone.md does not exist",
        ]
    assert not (tmp_path / "out").exists()


def test_links_of_pages_with_errors_are_told_when_every_other_body_is_in_the_cache(
    tmp_path: Path,
) -> None:
    # the pages with errors, enough to go to the worker processes, are all the build converts:
    # their links are told once those are done, not only those of the few converted here
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        **{f"content/p{n}.md": f"---\ntitle: P{n}\n---\nText {n}.\n" for n in range(50)},
    }
    hub = make_site(tmp_path / "hub", files)
    first = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert first.code == 0, first.err
    failing = {
        f"content/f{n:02}.md": f"---\ntitle: F\ndate: soon\n---\nSee [g](gone{n:02}.md).\n"
        for n in range(50)
    }
    make_site(hub, failing, site_yml=None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    told = [line for line in error_lines(run.err) if "link to" in line]
    assert told == [
        f"content/f{n:02}.md:5:9: error: link to 'gone{n:02}.md': content/gone{n:02}.md does not "
        "exist"
        for n in range(50)
    ]
