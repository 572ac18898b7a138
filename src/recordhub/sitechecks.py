"""site.yml's checks beyond the types of its keys: keys YAML read otherwise than meant, the
languages (in sitelanguages), and the addresses the site publishes. They are made on the
values as YAML read them, so that they are reported with every other problem of the file."""

from __future__ import annotations

import ipaddress
import json
import posixpath
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from recordhub import destinations, sitelanguages
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.urls import followable, site_path
from recordhub.validation import describe
from recordhub.yamldoc import Path as KeyPath
from recordhub.yamldoc import Positions

_FILE = "site.yml"  # config.CONFIG_FILE, which imports this module
# an origin as a Content-Security-Policy and the build's check both read it
_ORIGIN = re.compile(
    r"(?i)https?://([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?/?"
)


def check(data: dict[str, Any], positions: Positions, root: Path) -> list[Diagnostic]:
    """Every problem these checks find; verdict keys YAML read as true/false are put right."""
    return [
        *_verdict_keys(data, positions, root),
        *sitelanguages.check(data, positions),
        *_organization(data, positions, root),
        *_origins(data, positions),
        *_security(data, positions),
    ]


def _at(positions: Positions, path: KeyPath, message: str, hint: str) -> Diagnostic:
    return error(_FILE, *positions.value(path), message, hint)


def _verdict_keys(data: dict[str, Any], positions: Positions, root: Path) -> list[Diagnostic]:
    """Verdict keys YAML read as something else than text: `false:` is a true/false value."""
    found: list[Diagnostic] = []
    verdicts = data.get("verdicts")
    if isinstance(verdicts, dict) and not all(isinstance(key, str) for key in verdicts):
        lines = (root / _FILE).read_text("utf-8", "replace").splitlines()
        for at in [k for k in positions.keys if len(k) == 2 and k[0] == "verdicts"]:
            raw = str(at[1])
            line, col = positions.keys[at]
            if lines[line - 1 : line] and lines[line - 1][col - 1 : col] in ("'", '"'):
                continue  # written in quotes: text, whatever it says
            try:
                key = yaml.safe_load(raw)  # what YAML made of the key as written
            except yaml.YAMLError:
                continue  # no plain YAML value, so it was written in quotes: text
            if not isinstance(key, str | list | dict) and key in verdicts:
                # the label as written, in quotes: YAML may read it as true/false too (No)
                label = json.dumps(positions.raw.get(at, ""), ensure_ascii=False)
                message = f"verdict key `{raw}` was read by YAML as {describe(key)}, not as text"
                hint = f'put the key in quotes: "{raw}": {label}'
                found.append(error(_FILE, *positions.keys[at], message, hint))
                verdicts[raw] = verdicts.pop(key)
    return found


def _usable(value: object) -> str | None:
    """The text of an address that the settings' own types accept, else None (they say why)."""
    if not isinstance(value, str):
        return None
    try:
        followable(value)
        urlsplit(value)
    except ValueError:
        return None
    return value


def _web(value: str) -> bool:
    """True for a full web address: https://host..."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _full(value: str, example: str) -> str:
    """How to write a web address given without its https://."""
    if "." in value.split("/")[0] and not value.startswith(("/", "@")):
        return f"write the full address: {example.split('https://')[0]}https://{value}"
    return f"write the full address, e.g. {example}"


def _organization(data: dict[str, Any], positions: Positions, root: Path) -> list[Diagnostic]:
    """The company's site and profiles are full addresses; its logo is a file of the hub."""
    org = data.get("organization")
    if not isinstance(org, dict):
        return []
    found: list[Diagnostic] = []
    url = _usable(org.get("url"))
    if url is not None and not _web(url):
        message = f"organization.url needs https:// in front: {url}"
        hint = _full(url, "url: https://example.com")
        found.append(_at(positions, ("organization", "url"), message, hint))
    same_as = org.get("same_as")
    for index, profile in enumerate(same_as if isinstance(same_as, list) else []):
        profile = _usable(profile)
        if profile is not None and not _web(profile):
            message = f"organization.same_as[{index}] is not a profile's web address: {profile}"
            hint = _full(profile, "https://social.example/@example")
            found.append(_at(positions, ("organization", "same_as", index), message, hint))
    logo = _usable(org.get("logo"))
    if logo is not None:
        found += _logo(logo, data, positions, root)
    return found


def _logo(logo: str, data: dict[str, Any], positions: Positions, root: Path) -> list[Diagnostic]:
    """The logo is a file of the hub, by its address from the site's root."""
    at: KeyPath = ("organization", "logo")
    parts = urlsplit(logo)
    base = data.get("base_url")
    own = destinations.own_path(logo, base) if isinstance(base, str) and base else logo
    if own != logo and own.startswith("/"):  # the hub's own address, in full
        folder = urlsplit(base).path if isinstance(base, str) else "/"
        meant = "/" + site_path(own, folder if folder.endswith("/") else folder + "/")
        message = (
            f"organization.logo is {logo}, the hub's own address in full: the preview and a "
            "build with --base-url would show the logo of the published hub"
        )
        return [_at(positions, at, message, f"write logo: {meant}")]
    if parts.scheme or parts.netloc:  # on another site: every page would load it from there
        allowed = data.get("allow_origins")
        origins = (
            {destinations.origin(str(o)) for o in allowed} if isinstance(allowed, list) else set()
        )
        there = destinations.origin(logo)
        if there in origins - {None}:
            return []
        home = destinations.origin(base) if isinstance(base, str) else None
        # http:// on the hub's host is the hub's domain still, whose CDN sends it to https://
        if isinstance(base, str) and there and home and _hosts_match(there, home):
            return [_at(positions, at, *_beside_folder(logo, base, home))]
        message = (
            f"organization.logo loads {logo} from another site; readers' visits would be seen there"
        )
        hint = (
            "put the file in static/ and write logo: /logo.svg, or add its origin to allow_origins"
        )
        return [_at(positions, at, message, hint)]
    # static/logo.svg is published at /logo.svg: the folder is no part of its address
    place, _, bare = logo.lstrip("/").partition("/")
    place, bare = (place, bare) if place in ("static", "content") and bare else ("static", "")
    if not logo.startswith("/"):
        message = f"organization.logo is an address from the site's root, e.g. /{bare or logo}"
        hint = f"write logo: /{bare or logo} for the file {place}/{bare or logo}"
        return [_at(positions, at, message, hint)]
    folder = urlsplit(base).path if isinstance(base, str) else "/"
    path = unquote(parts.path)
    path = path.removeprefix(folder) if folder.endswith("/") and path.startswith(folder) else path
    name = path.lstrip("/")
    if posixpath.normpath(name or ".").split("/")[0] == "..":
        # static/../site.yml is a file, but not of the site: every page would link to nothing
        message = f"organization.logo is {logo}, which leads out of the site's root"
        hint = "put the logo in static/ and write its address from the site's root, e.g. /logo.svg"
        return [_at(positions, at, message, hint)]
    if name and any((root / place / name).is_file() for place in ("static", "content")):
        return []
    message = f"organization.logo is {logo}, and there is no file static/{name}"
    hint = f"put the logo at static/{name}, or correct the address"
    if bare and (root / place / bare).is_file():
        hint = f"write logo: /{bare}: the {place}/ folder is no part of the file's address"
    return [_at(positions, at, message, hint)]


def _hosts_match(one: str, other: str) -> bool:
    """Whether two origins differ at most in their scheme."""
    return one.partition("://")[2] == other.partition("://")[2]


def _beside_folder(logo: str, base: str, there: str) -> tuple[str, str]:
    """The message and hint for a logo on the hub's domain outside its folder: the company's
    own site sees no more of readers' visits than the hub does, but nothing checks that file."""
    name = posixpath.basename(unquote(urlsplit(logo).path)) or "logo.svg"
    message = (
        f"organization.logo is {logo}, on the hub's domain but outside its folder "
        f"{urlsplit(base).path}: the build cannot check that the file is there, and the "
        "preview would load it from the published domain"
    )
    hint = f"put the file in static/ and write logo: /{name}, or add {there} to allow_origins "
    if destinations.origin(logo) == there:
        return message, hint + "to load it from there"
    # http:// on an https:// hub: browsers block the insecure image on every page
    secure = there + urlsplit(logo)._replace(scheme="", netloc="").geturl()
    return message, hint + f"and write logo: {secure}"


def _origins(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """Each of allow_origins is an origin, which goes into the Content-Security-Policy as it is."""
    given = data.get("allow_origins")
    found: list[Diagnostic] = []
    for index, origin in enumerate(given if isinstance(given, list) else []):
        port = re.search(r":([0-9]+)/?$", origin) if isinstance(origin, str) else None
        if port and _ORIGIN.fullmatch(origin) and not 0 < int(port[1]) < 65536:
            # browsers drop such a source from the policy, and the origin stays blocked
            message = f"allow_origins[{index}] has a port that is not a number from 1 to 65535"
            message += f": {port[1]}"
            hint = "write the port the origin is served on, or none for the usual one"
            found.append(_at(positions, ("allow_origins", index), message, hint))
        if not isinstance(origin, str) or _ORIGIN.fullmatch(origin):
            continue
        name = f"allow_origins[{index}]"
        hint = "write the origin as scheme://host[:port], e.g. https://cdn.example.com"
        if origin == "*" or ("*." in origin and _ORIGIN.fullmatch(origin.replace("*.", "w.", 1))):
            message = f"{name} has a wildcard, which allow_origins does not take: {origin}"
            hint = "list each origin the pages load from, e.g. https://cdn.example.com"
        elif "://" not in origin:
            message = f"{name} has no https:// in front: {origin}"
            if _ORIGIN.fullmatch(f"https://{origin}"):
                hint = f"write https://{origin}"
        elif _ORIGIN.match(origin) and urlsplit(origin).path not in ("", "/"):
            message = f"{name} has a path, and an origin is only scheme://host[:port]: {origin}"
            parts = urlsplit(origin)
            hint = f"write {parts.scheme}://{parts.netloc}"
        else:
            message = f"{name} is not an origin (scheme://host[:port]): {origin}"
        found.append(_at(positions, ("allow_origins", index), message, hint))
    return found


def _security(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """security.txt takes a web address with https:// only (RFC 9116)."""
    contact = data.get("contact")
    security = contact.get("security") if isinstance(contact, dict) else None
    if not isinstance(security, str) or not security.strip().lower().startswith("http://"):
        return []
    rest = security.strip()[len("http://") :]
    message = f"contact.security goes into security.txt, which takes https:// only: {security}"
    return [_at(positions, ("contact", "security"), message, f"write security: https://{rest}")]


def _local(host: str) -> bool:
    """Whether a host is the editor's own machine, where http:// is the usual: a name under
    localhost, or a loopback address in any spelling a browser reads (127.1, [::ffff:127.0.0.1],
    [0:0:0:0:0:0:0:1]), or 0.0.0.0, which reaches only this machine."""
    name = host.rstrip(".")  # a name with its root's dot is the same name
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(name)
    except ValueError:
        try:  # browsers read an IPv4 address of fewer parts, or in hex, as inet_aton does
            address = ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return False
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return (mapped or address).is_loopback or address.is_unspecified


def plain_http(base_url: str, positions: Positions, given: bool) -> list[Diagnostic]:
    """A warning for a public hub's address of http://: every page, feed and the sitemap name
    their addresses with it."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or _local(parts.hostname or ""):
        return []
    secure = "https" + base_url[len("http") :]
    message = (
        f"base_url is {base_url}: every page, feed and the sitemap give their addresses with "
        "http://, which browsers mark as not secure, and which anyone between a reader and "
        "the hub can change"
    )
    hint = f"serve the hub over HTTPS and give base_url: {secure}"
    if given:  # by --base-url
        return [warning("--base-url", None, None, message, hint.replace("base_url: ", ""))]
    return [warning(_FILE, *positions.value(("base_url",)), message, hint)]
