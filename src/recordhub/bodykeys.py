"""A page body's key in the cache: its text, and everything else that decides its HTML."""

from __future__ import annotations

import functools
import hashlib

from recordhub import __version__
from recordhub.config import MarkdownSettings

CACHE_FORMAT = 30  # bump when conversion or sanitising changes what a body becomes


def settings_token(settings: MarkdownSettings) -> str:
    """What, besides the text, decides the HTML: the settings and this version of recordhub."""
    tools = _tools()
    if any(name.endswith("codehilite") for name in settings.extensions):
        tools += f"\0{_colours()}"
    return f"{__version__}\0{CACHE_FORMAT}\0{tools}\0{settings.model_dump_json()}"


@functools.cache
def _tools() -> str:
    """The converter's and the sanitiser's versions, which decide the HTML as much as the
    settings do (read from their installed metadata once per process, not per token)."""
    from importlib.metadata import version

    return f"{version('markdown')}\0{version('nh3')}"


@functools.cache
def _colours() -> str:
    """The Pygments that codehilite colours code with, or none (it then leaves code plain),
    as the module is found: installed, upgraded or removed, it changes the HTML."""
    from importlib import import_module

    try:
        pygments = import_module("pygments")  # which codehilite imports anyway, to convert
    except ImportError:
        return "no pygments"
    return f"pygments {getattr(pygments, '__version__', '?')}"


def body_key(body: str, token: str) -> str:
    """Cache key of one page body."""
    return hashlib.blake2b(
        f"{token}\0{body}".encode("utf-8", "surrogatepass"), digest_size=20
    ).hexdigest()
