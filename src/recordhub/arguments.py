"""The command line's words: commands, options, and the values they take."""

from __future__ import annotations

import argparse
import difflib
import shlex
import sys
from pathlib import Path
from typing import Any, NoReturn

from recordhub import __version__


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line read, an unknown option told by the usage of the command it follows
    (argparse tells it by the usage of recordhub, which lists no option of the command)."""
    top, commands = _parsers()
    given = sys.argv[1:] if argv is None else argv
    args, unknown = top.parse_known_args(_command_first(given, commands))
    if unknown:
        command = commands[args.command]
        hint = _unknown_hint(args, unknown, commands)
        command.error(
            f"unrecognized arguments: {' '.join(unknown)}" + (f"; {hint}" if hint else "")
        )
    return args


def _unknown_hint(
    args: argparse.Namespace, unknown: list[str], commands: dict[str, argparse.ArgumentParser]
) -> str:
    """What the words a command does not take were most likely meant as, or nothing."""
    plain = not any(word.startswith("-") for word in unknown)
    if args.command == "new" and plain:  # the shell split a title given without quotes
        title = " ".join([args.title, *unknown])
        quoted = f'"{title}"' if not set(title) & set('"$`\\!') else shlex.quote(title)
        return f"give the title in quotes: recordhub new {args.type} {quoted}"
    if args.command == "build" and plain and len(unknown) == 1:
        return f"to build into that folder, give -o {shlex.quote(unknown[0])}"

    def options(name: str) -> list[str]:
        return [word for action in commands[name]._actions for word in action.option_strings]

    told = []
    for word in unknown:
        name = word.partition("=")[0]
        # an option of another command: its nearest here may mean the opposite (--no-drafts)
        owners = [other for other in commands if other != args.command and name in options(other)]
        guess = None if owners else _nearest(name, options(args.command))
        if owners:
            told.append(f"{name} is an option of {' and '.join(owners)}, not of {args.command}")
        elif guess:
            told.append(
                f"did you mean {guess}?" if len(unknown) == 1 else f"{word}: did you mean {guess}?"
            )
    return "; ".join(told)


# recordhub's own options, which come before the command's name, and whether each takes a value
_OWN = {
    "-C": True,
    "--root": True,
    "--debug": False,
    "--version": False,
    "-h": False,
    "--help": False,
}
_ATTACHED = ("-C", "--root=")  # -C or --root with its folder in the same word


def _command_first(argv: list[str], commands: dict[str, argparse.ArgumentParser]) -> list[str]:
    """argv with a command's options given before its name moved after it, where argparse
    looks for them: `recordhub --drafts build` is `recordhub build --drafts`."""
    actions = [action for command in commands.values() for action in command._actions]
    valued = {name for action in actions if action.nargs != 0 for name in action.option_strings}
    longs = {name for action in actions for name in action.option_strings if name[:2] == "--"}
    kept: list[str] = []
    moved: list[str] = []
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] not in ("-", "--"):
        # argparse takes an option by the start of its name (--ro for --root) when only one
        # begins so; it is read here the same way
        whole = (
            [name for name in longs if name.startswith(argv[at])] if argv[at][:2] == "--" else []
        )
        word = whole[0] if len(whole) == 1 else argv[at]
        own = word in _OWN or word.startswith(_ATTACHED)
        width = 2 if _OWN.get(word) or (not own and word in valued) else 1
        (kept if own else moved).extend(argv[at : at + width])
        at += width
    if argv[at : at + 1] == ["--"]:  # what follows is no option: left as it was given
        return argv
    tail = [*moved, *argv[at + 1 :]]
    if argv[at : at + 1] == ["new"]:
        tail = _dashed_title(tail)
    return [*kept, *argv[at : at + 1], *tail]


def _dashed_title(words: list[str]) -> list[str]:
    """new's words, a last one that begins with one dash read as the title when no other word
    is (`new page -5%`): new has no option it could be but recordhub's own; a word with two
    dashes (`new page --drafts`) is still taken for a mistyped option."""
    last = words[-1] if words else ""
    if "--" in words or not last.startswith("-") or last.startswith("--") or last in _OWN:
        return words
    if last.startswith(_ATTACHED):
        return words
    plain, at = 0, 0
    while at < len(words) - 1:
        plain += not words[at].startswith("-")
        at += 2 if _OWN.get(words[at]) else 1  # -C's folder is no word of new's
    return [*words[:-1], "--", last] if plain == 1 else words


def _nearest(word: str, names: list[str]) -> str | None:
    """The name nearest to a misspelt one (`--stirct`: `--strict`), if one is near enough."""
    if not word.startswith("-") and any(name.startswith("-") for name in names):
        return None  # a stray value, not a misspelt option
    # the dashes are left out of the likeness, or every short option would be near --host
    folded = {name.casefold().lstrip("-"): name for name in names}
    typed = word.casefold().lstrip("-")

    def likeness(name: str) -> tuple[bool, float]:
        # two letters swapped is the commonest slip: --prot is --port before --root
        return sorted(name) == sorted(typed), difflib.SequenceMatcher(None, typed, name).ratio()

    best = max(folded, key=likeness, default=None)
    return folded[best] if best is not None and likeness(best)[1] >= 0.6 else None


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose 'invalid choice' also names the nearest choice."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        listed = ", ".join(repr(choice) for choice in choices)
        message = f"invalid choice: {value!r} (choose from {listed})"
        near = _nearest(str(value), [str(choice) for choice in choices])
        if near is not None:
            message += f"; did you mean {near!r}?"
        elif str(value).casefold() == "help":  # as git and pip take it
            message += "; for help, run recordhub --help, or recordhub COMMAND --help"
        raise argparse.ArgumentError(action, message)

    def error(self, message: str) -> NoReturn:
        """Exit 2 with message; a missing command is told with the commands there are."""
        if message == "the following arguments are required: COMMAND":  # `recordhub` alone
            message += " (build, check, serve, init or new; recordhub --help says what each does)"
        super().error(message)


def parser() -> argparse.ArgumentParser:
    """The commands, their options and what each takes."""
    return _parsers()[0]


def _parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser of the command line, and that of each command by its name."""
    parser = _Parser(
        prog="recordhub", description="Build and preview a 'set the record straight' hub."
    )
    parser.add_argument("--version", action="version", version=f"recordhub {__version__}")
    parser.add_argument(
        "-C",
        "--root",
        type=folder,
        default=Path("."),
        help="the hub's folder (default: the current folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def content_flags(command: argparse.ArgumentParser) -> None:
        command.add_argument("--drafts", action="store_true", help="include draft pages")
        command.add_argument("--future", action="store_true", help="include embargoed pages")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument("--base-url", help="override base_url from site.yml")
        command.add_argument(
            "--no-cache", action="store_true", help="neither use nor update .recordhub-cache/"
        )

    def common(command: argparse.ArgumentParser, root: str = "the hub's folder") -> None:
        # before or after the command's name, as the README says: `recordhub build -C hub`
        command.add_argument("-C", "--root", type=folder, default=argparse.SUPPRESS, help=root)
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
        )

    build = commands.add_parser(
        "build",
        help="build the hub into the output folder",
        description="Check every page and write the site into public/ (or -o); when anything "
        "is wrong, list every problem and leave the previous output as it was.",
    )
    build.add_argument(
        "-o",
        "--output",
        type=folder,
        default=None,
        help="output folder (default: public/ in the hub)",
    )
    build.add_argument(
        "--precompress", action="store_true", help="also write .br and .gz beside text files"
    )
    build.add_argument("--no-search", action="store_true", help="leave out the site search index")
    content_flags(build)
    check = commands.add_parser(
        "check",
        help="build in memory and report every problem",
        description="Do everything build does, and report every problem, but write nothing.",
    )
    check.add_argument(
        "--external",
        action="store_true",
        help="also check links to other sites (needs the network)",
    )
    content_flags(check)
    serve = commands.add_parser(
        "serve",
        help="preview the hub, rebuilding as files change",
        description="Build the hub into a temporary folder and preview it, drafts included, at "
        "http://127.0.0.1:8000/; every save shows in the open page.",
    )
    serve.add_argument(
        "--port",
        type=port,
        default=None,
        help="port (default: 8000, or the next free one; 0: any free one)",
    )
    serve.add_argument("--host", type=host, default="127.0.0.1", help="address to listen on")
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve.add_argument(
        "--no-drafts",
        action="store_true",
        help="hide drafts and embargoed pages, as the published site does",
    )
    serve.add_argument("--poll", action="store_true", help="watch by polling (for network drives)")
    init = commands.add_parser(
        "init",
        help="create a new hub with example content",
        description="Make a hub of example pages, ready to build, in the new folder dir.",
    )
    init.add_argument("dir", type=folder, help="the new hub's folder (in the -C folder, if given)")
    new = commands.add_parser(
        "new",
        help="write a new page of a content type",
        description="Write a draft page of TYPE, named after its title, into the section for "
        "that type, with every field of the type.",
    )
    new.add_argument(
        "type",
        type=str.casefold,  # `new FAQ "..."` as the README spells the type
        choices=["page", "claim", "faq", "statement", "roadmap"],
        help="the content type: page, claim, faq, statement or roadmap",
    )
    new.add_argument("title", help="the page's title, in quotes")
    for command in (build, check, serve, new):
        common(command)
    common(init, "the folder to make the new hub's folder in (default: the current folder)")
    return parser, {"build": build, "check": check, "serve": serve, "init": init, "new": new}


def folder(text: str) -> Path:
    """A folder as given; a ~ the shell left as it was (in quotes, or after =) is the home folder,
    never a folder named ~ in the current one."""
    return Path(text).expanduser()


def host(text: str) -> str:
    """An address to listen on; an IPv6 one as the preview prints it ([::1]) is taken too."""
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise argparse.ArgumentTypeError(
            "give an address: 127.0.0.1 (this machine), or 0.0.0.0 (every network)"
        )
    return host


def port(text: str) -> int:
    """A TCP port number; the system would take a larger one modulo 65536."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port number: use 0 to 65535 (0 picks any free port)"
        )
    return port
