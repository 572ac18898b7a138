"""Theme words and verdict labels a page shows in another language than its own (a string its
language lacks, in the default language's words or the theme's English), marked with the
language they are in, so that a screen reader speaks them in that language's voice and not the
page's (WCAG 3.1.2)."""

from __future__ import annotations

import bisect
import re

from recordhub.config import SiteConfig
from recordhub.strings import Strings, direction_of

# t() cannot tell where a template prints its word. In an element's text a <span lang> can go.
# In an attribute (aria-label, title, alt, placeholder, a meta's content) no markup can, and the
# element's own lang would give all its content that language: such a word stays plain, as do
# words in <title>, <textarea>, <script> and <style>, which show a tag as its text. So t() hands
# a template the word between two of Unicode's noncharacters, which are kept for a program's
# own use and so are in no text, and the rendered page gets its span where it stands in text.
_OPEN = 0xFDD0  # + the index of the word's language
_CLOSE = "\ufdef"
_WORD = re.compile("([\ufdd0-\ufdee])([^\ufdd0-\ufdef]*)\ufdef")
_STRAY = re.compile("[\ufdd0-\ufdef]")  # a mark a filter cut from its word (truncate)
# the same marks as |tojson writes them in a script's data, and |urlencode in an address (a
# share link's text): the word stays plain there
_ESCAPED = re.compile(r"\\ufd[de][0-9a-f]|%EF%B7%[9A][0-9A-F]", re.IGNORECASE)
# and in a drawing or a formula, where a <span> would end the <svg> or <math> before its word
_RAW = re.compile(
    r"<(title|textarea|script|style|svg|math)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
# a start tag, its quoted values whole: a > in one (data-x='a>b') does not end it
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")


class Words:
    """t()'s words and verdict labels, marked where they are in another language than the
    page's."""

    def __init__(self, config: SiteConfig, strings: Strings) -> None:
        self.strings = strings
        self.languages: list[str] = []  # of the words marked, by the index in their mark
        self.marking = False  # a word was marked since the last page: most pages have none
        # a verdict's label is marked once per build, and shown by any page that lists its claim
        self.labelled = False
        # asked only of a page with a word marked: Babel's locale data, which tells a
        # language's direction, is 4 MB that most builds never load
        self.given = {language.code: language.dir for language in config.settings.languages}
        self.dirs: dict[str, str] = {}

    def held(self, lang: str, key: str, text: str, *, label: bool = False) -> str:
        """text, the string for key shown in a page in lang, marked with the language it is
        in when it is not lang's own (see Strings.get); label: a verdict's, kept by its page."""
        if key in self.strings.tables.get(lang, {}):
            return text
        default = self.strings.default
        shown = default if key in self.strings.tables.get(default, {}) else "en"
        return self.label(text, shown) if label else self._mark(text, shown)

    def label(self, text: str, shown: str) -> str:
        """A verdict's label in shown, the language it is in, marked for pages in any other."""
        self.labelled = True
        return self._mark(text, shown)

    def _mark(self, text: str, shown: str) -> str:
        self.marking = True
        if shown not in self.languages:
            self.languages.append(shown)
        return f"{chr(_OPEN + self.languages.index(shown))}{text}{_CLOSE}"

    def marked(self, html: str, lang: str) -> str:
        """A rendered page in lang with each marked word in a span of its language where it
        stands in text, and plain elsewhere; html itself when it has none."""
        if not (self.marking or self.labelled):
            return html
        self.marking = False
        escaped = "\\ufdef" in html or "%EF%B7%AF" in html  # as json.dumps and quote write it
        if _CLOSE not in html and not escaped:
            return html
        # where a word stays plain: in a tag's attribute, or an element that shows no tags
        plain = sorted(
            [found.span() for found in _RAW.finditer(html)]
            + [found.span() for found in _START_TAG.finditer(html) if _CLOSE in found[0]]
        )
        starts = [start for start, _ in plain]
        page_dir = self._dir(lang)

        def one(word: re.Match[str]) -> str:
            at = word.start()
            nearest = bisect.bisect_right(starts, at) - 1
            if nearest >= 0 and at < max(end for _, end in plain[: nearest + 1]):
                return word[2]
            code = self.languages[ord(word[1]) - _OPEN]
            if code == lang:  # a label of a claim in the word's language, listed in its page
                return word[2]
            shown = self._dir(code)
            turned = f' dir="{shown}"' if shown != page_dir else ""
            return f'<span lang="{code}"{turned}>{word[2]}</span>'

        html = _STRAY.sub("", _WORD.sub(one, html))
        return _ESCAPED.sub("", html) if escaped else html

    def _dir(self, code: str) -> str:
        if code not in self.dirs:
            self.dirs[code] = self.given.get(code) or direction_of(code)
        return self.dirs[code]
