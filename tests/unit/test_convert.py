"""convert: cache keys, the on-disk Store (round trip, damage, read-only use, pruning), one
page's conversion within its time limit, and a build's Conversions with the cache and the pool."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from markupsafe import Markup
from msgspec.structs import replace

from cacheentries import Entry, entries, snapshot
from recordhub import __version__, bodykeys, cachefile, convert, converted, frontmatter
from recordhub.config import MarkdownSettings
from recordhub.markdown import Converter, Heading, Rendered
from recordhub.sealed import seal, unseal

KEY = "ab" * 20
RENDERED = Rendered(
    '<h1 id="who-why">Who &amp; why</h1>\n<h2 id="team">Team</h2>\n<p>Text.</p>',
    (
        Heading(
            1,
            "who-why",
            Markup("Who &amp; why"),
            (Heading(2, "team", Markup("Team"), (Heading(3, "press", Markup("Press")),)),),
        ),
        Heading(1, "second", Markup("Second")),
    ),
    ("<script>", "onclick"),
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def entry(folder: Path, key: str = KEY) -> Entry:
    return Entry(folder, key)


def all_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# ---- keys ------------------------------------------------------------------------------------


def test_a_key_is_forty_hex_digits_and_depends_on_body_and_token() -> None:
    token = bodykeys.settings_token(MarkdownSettings())
    key = bodykeys.body_key("Hello *world*.\n", token)
    assert len(key) == 40
    assert int(key, 16) >= 0
    assert bodykeys.body_key("Hello *world*.\n", token) == key
    assert bodykeys.body_key("Hello *world*!\n", token) != key
    assert bodykeys.body_key("Hello *world*.\n", token + "x") != key


def test_a_body_with_a_lone_surrogate_still_has_a_key() -> None:
    token = bodykeys.settings_token(MarkdownSettings())
    assert bodykeys.body_key("a\udc80b", token) != bodykeys.body_key("ab", token)


def test_the_token_covers_version_format_and_every_setting() -> None:
    base = bodykeys.settings_token(MarkdownSettings())
    assert __version__ in base
    assert str(bodykeys.CACHE_FORMAT) in base
    others = [
        MarkdownSettings(extensions=("toc", "tables")),
        MarkdownSettings(extension_configs={"toc": {"permalink": True}}),
        MarkdownSettings(time_limit=3),
    ]
    tokens = {base, *(bodykeys.settings_token(s) for s in others)}
    assert len(tokens) == 1 + len(others)


def test_the_token_changes_with_version_and_format(monkeypatch: pytest.MonkeyPatch) -> None:
    base = bodykeys.settings_token(MarkdownSettings())
    monkeypatch.setattr(bodykeys, "__version__", "999.0")
    newer = bodykeys.settings_token(MarkdownSettings())
    monkeypatch.setattr(bodykeys, "CACHE_FORMAT", bodykeys.CACHE_FORMAT + 1)
    assert len({base, newer, bodykeys.settings_token(MarkdownSettings())}) == 3


# ---- Store: round trip -----------------------------------------------------------------------


def test_save_then_load_gives_the_same_rendering(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    assert cachefile.FILE in all_files(folder)
    assert entries(folder) == [entry(folder)]
    assert entry(folder).json()["key"] == KEY  # after a line with the digest of what follows
    loaded = converted.Store(folder).load(KEY)
    assert loaded == RENDERED
    assert loaded is not None
    # titles stay Markup, so templates do not escape them a second time
    first = loaded.headings[0]
    assert isinstance(first.title, Markup)
    assert isinstance(first.children[0].children[0].title, Markup)
    assert first.children[0].children[0].children == ()


def test_a_real_conversion_survives_the_round_trip(folder: Path) -> None:
    rendered = Converter(MarkdownSettings()).render(
        "# A & <b>B</b>\n\n## Sub\n\nText[^1] <script>x</script>\n\n[^1]: Note.\n"
    )
    assert rendered.removed
    store = converted.Store(folder)
    store.save(KEY, rendered)
    assert store.load(KEY) == rendered


def test_hits_count_only_what_was_loaded(folder: Path) -> None:
    store = converted.Store(folder)
    assert store.load(KEY) is None
    store.save(KEY, RENDERED)
    assert store.hits == 0
    store.load(KEY)
    store.load(KEY)
    assert store.hits == 2


def test_save_replaces_an_entry(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, Rendered("<p>old</p>", ()))
    store.save(KEY, RENDERED)
    assert entries(folder) == [entry(folder)]
    assert store.load(KEY) == RENDERED


def test_save_all_writes_every_entry_or_none(folder: Path) -> None:
    store = converted.Store(folder)
    many = {f"{i:02}" * 20: RENDERED for i in range(5)}
    assert store.save_all(many)
    assert [e.key for e in entries(folder)] == sorted(many)
    unconverted = {"aa" * 20: RENDERED, "bb" * 20: Rendered(None, None)}
    assert not store.save_all(unconverted)  # one without its HTML: nothing is written
    assert len(entries(folder)) == 5


def test_a_write_stopped_half_way_leaves_nothing_and_the_store_usable(folder: Path) -> None:
    store = converted.Store(folder)
    store.save("cd" * 20, RENDERED)  # the file exists
    broken = Rendered("<p>x</p>", (Heading(1, "x", object()),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # raised while the second row is made, as an interrupt is
        store.save_all({KEY: RENDERED, "ef" * 20: broken})
    assert [e.key for e in entries(folder)] == ["cd" * 20]  # the first was not committed
    assert store.save(KEY, RENDERED)
    assert converted.Store(folder).load(KEY) == RENDERED


def test_a_write_waits_for_another_builds_write(folder: Path) -> None:
    converted.Store(folder).save(KEY, RENDERED)
    other = sqlite3.connect(folder / cachefile.FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another build is writing
    done: list[bool] = []
    writer = threading.Thread(
        target=lambda: done.append(converted.Store(folder).save("cd" * 20, RENDERED))
    )
    writer.start()
    writer.join(0.5)
    assert writer.is_alive() and not done  # waiting, not failing
    other.execute("COMMIT")
    other.close()
    writer.join(30)
    assert done == [True]
    assert converted.Store(folder).load("cd" * 20) == RENDERED


def test_a_write_lock_held_past_the_wait_is_waited_for_once(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cachefile, "_WAIT", 0.5)
    store = converted.Store(folder)
    store.save(KEY, RENDERED)  # the connection is open
    other = sqlite3.connect(folder / cachefile.FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a build stopped while it writes (Ctrl-Z, say)
    started = time.monotonic()
    assert not store.save("cd" * 20, RENDERED)  # after the wait
    waited = time.monotonic() - started
    assert waited >= 0.5
    started = time.monotonic()
    assert [store.save(f"{i:02}" * 20, RENDERED) for i in range(6)] == [False] * 6
    assert time.monotonic() - started < 0.5  # not waited for again, each
    assert store.load(KEY) == RENDERED  # reading needs no write lock
    other.execute("COMMIT")
    other.close()
    assert store.save("cd" * 20, RENDERED)  # written once the lock is free
    assert converted.Store(folder).load("cd" * 20) == RENDERED


def test_a_forked_process_uses_a_connection_of_its_own(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    assert store.load(KEY) == RENDERED  # the parent's connection is open
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's result is its exit status
        ok = store.shown(KEY) is not None and store.save("cd" * 20, RENDERED)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.load("cd" * 20) == RENDERED  # and the parent's still works
    assert store.save("ef" * 20, RENDERED)


def test_a_cache_that_cannot_be_written_is_only_slower(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("not a folder", "utf-8")
    folder_as_file = tmp_path / "other"
    (folder_as_file / cachefile.FILE).mkdir(parents=True)
    for folder in (not_a_folder, folder_as_file):
        store = converted.Store(folder)
        assert not store.save(KEY, RENDERED)  # no exception
        assert store.load(KEY) is None
        assert store.prune() == 0
        assert store.keep(KEY, RENDERED) == converted.stored(RENDERED)
        assert store.shown(KEY) == (RENDERED.html, RENDERED.headings)  # held in memory


# ---- Store: damaged entries and files --------------------------------------------------------


def valid() -> dict[str, object]:
    return json.loads(converted._encoded(KEY, RENDERED))


DAMAGED: dict[str, bytes] = {
    "empty": b"",
    "truncated": converted._encoded(KEY, RENDERED)[:50],
    "invalid-json": b"{not json",
    "not-utf8": b'{"key": "\xff"}',
    "other-key": json.dumps({**valid(), "key": "cd" * 20}).encode(),
    "no-key": json.dumps({k: v for k, v in valid().items() if k != "key"}).encode(),
    "html-not-text": json.dumps({**valid(), "html": None}).encode(),
    "no-html": json.dumps({k: v for k, v in valid().items() if k != "html"}).encode(),
    "no-headings": json.dumps({k: v for k, v in valid().items() if k != "headings"}).encode(),
    "no-removed": json.dumps({k: v for k, v in valid().items() if k != "removed"}).encode(),
    "headings-null": json.dumps({**valid(), "headings": None}).encode(),
    "heading-level-text": json.dumps({**valid(), "headings": [{"level": "x"}]}).encode(),
    "heading-missing-id": json.dumps({**valid(), "headings": [{"level": 1}]}).encode(),
    "children-not-a-list": json.dumps(
        {**valid(), "headings": [{"level": 1, "id": "a", "title": "A", "children": {"a": 1}}]}
    ).encode(),
}
# valid JSON that is not an object where one belongs (once an uncaught AttributeError)
NOT_AN_OBJECT: dict[str, bytes] = {
    "null": b"null",
    "list": b"[]",
    "string": b'"<p>x</p>"',
    "number": b"4",
    "heading-a-list": json.dumps({**valid(), "headings": [[1, "a", "A"]]}).encode(),
    "child-a-string": json.dumps(
        {**valid(), "headings": [{"level": 1, "id": "a", "title": "A", "children": ["x"]}]}
    ).encode(),
}

_HEADING = {"level": 1, "id": "a", "title": "A", "children": []}
# valid JSON of another type than was written, where str() or int() would once take it: a string
# of removed markup or links as its characters, a null title as "None", a level of "2" as 2
OF_ANOTHER_TYPE: dict[str, bytes] = {
    "removed-a-string": json.dumps({**valid(), "removed": "onclick"}).encode(),
    "removed-an-object": json.dumps({**valid(), "removed": {"onclick": 1}}).encode(),
    "removed-numbers": json.dumps({**valid(), "removed": [4]}).encode(),
    "links-a-string": json.dumps({**valid(), "links": "https://x.example/"}).encode(),
    "links-null-inside": json.dumps({**valid(), "links": [None]}).encode(),
    "heading-title-null": json.dumps(
        {**valid(), "headings": [{**_HEADING, "title": None}]}
    ).encode(),
    "heading-id-a-number": json.dumps({**valid(), "headings": [{**_HEADING, "id": 5}]}).encode(),
    "heading-level-a-digit": json.dumps(
        {**valid(), "headings": [{**_HEADING, "level": "2"}]}
    ).encode(),
    "heading-level-true": json.dumps(
        {**valid(), "headings": [{**_HEADING, "level": True}]}
    ).encode(),
    "headings-an-object": json.dumps({**valid(), "headings": {"a": _HEADING}}).encode(),
}

# a string no page's UTF-8 can hold: once served, and the build stopped on an internal error
LONE_SURROGATE: dict[str, bytes] = {
    "in-the-html": json.dumps({**valid(), "html": "<p>a\ud800b</p>"}).encode(),
    "in-a-title": json.dumps({**valid(), "headings": [{**_HEADING, "title": "\udfff"}]}).encode(),
    "in-a-link": json.dumps({**valid(), "links": ["/a\udc00/"]}).encode(),
    "in-capitals": json.dumps({**valid(), "html": "<p>a\ud800b</p>"})
    .replace("d800", "D800")
    .encode(),
}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(c, id=name)
        for name, c in {**DAMAGED, **NOT_AN_OBJECT, **OF_ANOTHER_TYPE, **LONE_SURROGATE}.items()
    ],
)
def test_a_damaged_entry_is_never_served(folder: Path, content: bytes) -> None:
    converted.Store(folder).save(KEY, RENDERED)
    entry(folder).write_bytes(seal(content))  # its digest holds: what is behind it is checked
    store = converted.Store(folder)
    assert store.load(KEY) is None
    assert store.hits == 0
    store.save(KEY, RENDERED)  # the page converted again takes its place
    assert store.load(KEY) == RENDERED


def test_an_entry_written_with_escapes_and_spaces_is_read_as_written(folder: Path) -> None:
    rendered = replace(
        RENDERED,
        html='<p>caf\u00e9 \u2013 \U0001f600 "q" \\ </p>',
        headings=(Heading(1, "a", Markup("\U0001f600 &amp; <code>x</code>")),),
    )
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    # as the json module writes it: every character beyond ASCII escaped, pairs for emoji
    written = json.dumps(json.loads(converted._encoded(KEY, rendered)))
    assert "\\ud83d\\ude00" in written and ", " in written
    entry(folder).write_bytes(seal(written.encode()))
    loaded = converted.Store(folder).load(KEY)
    assert loaded == rendered
    assert loaded is not None and isinstance(loaded.headings[0].title, Markup)


def test_a_conversion_with_a_lone_surrogate_is_held_not_written(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    odd = replace(RENDERED, html="<p>a\ud800b</p>")
    assert not store.save_all({"cd" * 20: RENDERED, KEY: odd})  # all of them, or none
    assert converted.Store(folder).load("cd" * 20) is None
    assert converted.Store(folder).load(KEY) == RENDERED  # the entry before is left as it was
    assert store.keep(KEY, odd) == converted.stored(odd)
    assert store.shown(KEY) == (odd.html, odd.headings)  # held in memory


# nested deeper than Python's stack: once an internal error that stopped the build
TOO_DEEP: dict[str, Callable[[], bytes]] = {
    "json": lambda: f'{{"key": "{KEY}", "html": "", "x": {"[" * 100_000}{"]" * 100_000}}}'.encode(),
    "headings": lambda: (
        json.dumps(valid())
        .replace(
            '"headings": [',
            '"headings": ['
            + '{"level": 1, "id": "a", "title": "A", "children": [' * 5000
            + "]}" * 5000
            + ", ",
            1,
        )
        .encode()
    ),
}


@pytest.mark.parametrize("depth", sorted(TOO_DEEP))
def test_an_entry_nested_too_deep_is_never_served(folder: Path, depth: str) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    entry(folder).write_bytes(seal(TOO_DEEP[depth]()))
    assert store.load(KEY) is None
    assert store.shown(KEY) is None
    assert store.hits == 0


def _changed(data: bytes) -> bytes:
    """One character of the stored HTML changed after the entry was written."""
    assert b"<h1" in data
    return data.replace(b"<h1", b"<h2", 1)


UNSEALED: dict[str, Callable[[bytes], bytes]] = {
    "one-byte-changed": _changed,
    "no-digest": lambda data: bytes(unseal(data) or b""),
    "digest-only": lambda data: data[:33],
    "cut-short": lambda data: data[:-1],
    "digest-of-another": lambda data: seal(b"{}")[:33] + data[33:],
}


@pytest.mark.parametrize("damage", sorted(UNSEALED))
def test_an_entry_whose_digest_does_not_hold_is_never_served(folder: Path, damage: str) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    entry(folder).write_bytes(UNSEALED[damage](entry(folder).read_bytes()))
    assert store.load(KEY) is None
    assert store.shown(KEY) is None
    assert store.hits == 0


def test_an_entry_with_characters_beyond_the_basic_plane_is_served(folder: Path) -> None:
    # written as UTF-8; the json module's two escapes (\ud83d\ude00) are read too, see above
    rendered = replace(RENDERED, html="<p>\U0001f600 \u00e9</p>")
    converted.Store(folder).save(KEY, rendered)
    assert "\U0001f600".encode() in entry(folder).read_bytes()
    store = converted.Store(folder)
    assert store.load(KEY) == rendered
    assert store.hits == 1


def test_an_entry_that_is_not_bytes_is_never_served(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    with sqlite3.connect(folder / cachefile.FILE) as db:
        db.execute("UPDATE body SET data = ? WHERE key = ?", (seal(b"{}").decode(), KEY))
    db.close()
    assert store.load(KEY) is None


def test_a_file_that_is_not_a_database_is_made_again(folder: Path) -> None:
    folder.mkdir()
    (folder / cachefile.FILE).write_bytes(b"SQLite format 2\0" + b"x" * 5000)
    store = converted.Store(folder)
    assert store.load(KEY) is None
    assert store.save(KEY, RENDERED)
    assert converted.Store(folder, writable=False).load(KEY) == RENDERED


def test_a_file_damaged_inside_is_made_again(folder: Path) -> None:
    converted.Store(folder).save_all({f"{i:02}" * 20: RENDERED for i in range(40)})
    path = folder / cachefile.FILE
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xee" * (len(data) - 4096))  # every page but the first
    store = converted.Store(folder)
    assert store.load("39" * 20) is None  # found damaged: the file is made again
    assert store.save(KEY, RENDERED)
    assert converted.Store(folder).load(KEY) == RENDERED
    assert [e.key for e in entries(folder)] == [KEY]


def test_a_read_only_store_does_not_make_a_damaged_file_again(folder: Path) -> None:
    folder.mkdir()
    (folder / cachefile.FILE).write_bytes(b"x" * 5000)
    before = snapshot(folder)
    store = converted.Store(folder, writable=False)
    assert store.load(KEY) is None
    assert not store.save(KEY, RENDERED)
    assert snapshot(folder) == before


# ---- Store: read-only and off ----------------------------------------------------------------


def test_a_read_only_store_loads_but_writes_and_touches_nothing(folder: Path) -> None:
    converted.Store(folder).save(KEY, RENDERED)
    entry(folder).age(converted.KEEP_DAYS + 1)
    before = snapshot(folder)
    store = converted.Store(folder, writable=False)
    assert store.load(KEY) == RENDERED
    assert store.hits == 1
    store.save("cd" * 20, RENDERED)
    assert store.prune() == 0
    store.finish({KEY})
    assert snapshot(folder) == before


def test_a_read_only_store_creates_no_folder(folder: Path) -> None:
    store = converted.Store(folder, writable=False)
    assert store.load(KEY) is None
    store.save(KEY, RENDERED)
    assert store.prune() == 0
    store.finish(set())
    assert not folder.exists()


def test_a_store_without_a_folder_does_nothing(tmp_path: Path) -> None:
    store = converted.Store(None)
    assert store.folder is None
    store.save(KEY, RENDERED)
    assert store.load(KEY) is None
    assert store.prune() == 0
    store.finish(set())
    assert store.hits == 0
    assert list(tmp_path.iterdir()) == []


# ---- Store: pruning --------------------------------------------------------------------------


def test_prune_removes_old_entries_and_keeps_recent_ones(folder: Path) -> None:
    store = converted.Store(folder)
    old, recent = "01" * 20, "02" * 20
    store.save(old, RENDERED)
    store.save(recent, RENDERED)
    entry(folder, old).age(converted.KEEP_DAYS + 1)
    entry(folder, recent).age(converted.KEEP_DAYS - 1)
    assert store.prune() == 1
    assert not entry(folder, old).exists()
    assert store.load(recent) == RENDERED


def test_prune_takes_the_number_of_days(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    entry(folder).age(3)
    assert store.prune(keep_days=5) == 0
    assert store.prune(keep_days=2) == 1
    assert store.load(KEY) is None


def test_loading_an_entry_keeps_it_from_being_pruned(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    entry(folder).age(converted.KEEP_DAYS + 1)
    assert store.load(KEY) == RENDERED
    assert store.prune() == 0
    assert entry(folder).exists()
    assert entry(folder).used > time.time() - 60


def test_entries_loaded_are_marked_as_used_when_the_build_ends(folder: Path) -> None:
    store = converted.Store(folder)
    store.save_all({KEY: RENDERED, "cd" * 20: RENDERED})
    entry(folder).age(2)
    entry(folder, "cd" * 20).age(2)
    (folder / converted.PRUNED).touch()  # pruned today: finish does not prune
    store.load(KEY)
    store.finish(set())
    assert entry(folder).used > time.time() - 60
    assert entry(folder, "cd" * 20).used < time.time() - 86400  # not loaded: left as it was


def test_pruning_gives_the_space_back(folder: Path) -> None:
    store = converted.Store(folder)
    big = Rendered("<p>" + "x" * 20_000 + "</p>", ())
    store.save_all({f"{i:03}".ljust(40, "0"): big for i in range(100)})
    for old in entries(folder):
        old.age(converted.KEEP_DAYS + 1)
    size = (folder / cachefile.FILE).stat().st_size
    assert size > 100 * 20_000
    assert store.prune() == 100
    assert (folder / cachefile.FILE).stat().st_size < size / 10


def test_prune_removes_the_folder_an_earlier_version_kept(folder: Path) -> None:
    store = converted.Store(folder)
    store.save(KEY, RENDERED)
    old = folder / "markdown" / "ab" / f"{KEY}.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}", "utf-8")
    store.prune()
    assert not (folder / "markdown").exists()
    assert store.load(KEY) == RENDERED


def test_prune_of_a_missing_folder_is_zero(folder: Path) -> None:
    assert converted.Store(folder).prune() == 0
    assert not folder.exists()


# ---- convert_one -----------------------------------------------------------------------------


class Stub:
    """A converter whose render does what a test needs, and which counts resets."""

    def __init__(self, action: str) -> None:
        self.action = action
        self.resets = 0
        self.calls: list[str] = []

    def reset(self) -> None:
        self.resets += 1

    def render(self, body: str) -> Rendered:
        self.calls.append(body)
        if self.action == "recurse":
            raise RecursionError("maximum recursion depth exceeded")
        if self.action == "slow":
            time.sleep(5)
        if self.action == "spin":
            while True:
                pass
        return Rendered(f"<p>{body}</p>", ())


@pytest.fixture
def no_timer_left() -> Iterator[None]:
    handler = signal.getsignal(signal.SIGALRM)
    yield None
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_a_normal_body_gives_a_rendered(no_timer_left: object) -> None:
    result = convert.convert_one(Converter(MarkdownSettings()), "Some *text*.", 5)
    assert result == Rendered("<p>Some <em>text</em>.</p>", ())


def test_a_recursion_error_gives_a_failure(no_timer_left: object) -> None:
    stub = Stub("recurse")
    result = convert.convert_one(stub, "x", 5)  # type: ignore[arg-type]
    assert result == convert.Failure("it is nested too deeply to convert")
    assert stub.resets == 1


@pytest.mark.parametrize("action", ["slow", "spin"])
def test_a_slow_body_is_stopped_at_the_time_limit(no_timer_left: object, action: str) -> None:
    stub = Stub(action)
    started = time.monotonic()
    result = convert.convert_one(stub, "x", 0.05)  # type: ignore[arg-type]
    assert time.monotonic() - started < 2
    assert result == convert.Failure("converting it took over 0.05 s, so it was stopped")
    assert stub.resets == 1


def test_the_limit_is_shown_without_needless_digits() -> None:
    result = convert.convert_one(Stub("slow"), "x", 0.1)  # type: ignore[arg-type]
    assert isinstance(result, convert.Failure)
    assert "over 0.1 s" in result.reason


def test_a_pathological_real_body_is_stopped_and_the_converter_still_works(
    no_timer_left: object,
) -> None:
    converter = Converter(MarkdownSettings())
    started = time.monotonic()
    result = convert.convert_one(converter, "[" * 20000, 0.2)
    assert time.monotonic() - started < 3
    assert result == convert.Failure("converting it took over 0.2 s, so it was stopped")
    fresh = Converter(MarkdownSettings())
    body = "# Title\n\nSome *text* and [a link](b.md).\n\n- one\n- two\n"
    assert convert.convert_one(converter, body, 5) == fresh.render(body)


def test_a_real_too_deeply_nested_body_gives_a_failure(no_timer_left: object) -> None:
    result = convert.convert_one(Converter(MarkdownSettings()), "- " * 3000 + "x", 30)
    assert result == convert.Failure("it is nested too deeply to convert")


def test_the_converter_still_works_after_a_too_deeply_nested_body() -> None:
    converter = Converter(MarkdownSettings())
    assert isinstance(convert.convert_one(converter, "- " * 3000 + "x", 30), convert.Failure)
    body = "# Title\n\nSome *text*.\n"
    assert convert.convert_one(converter, body, 5) == Converter(MarkdownSettings()).render(body)


def test_outside_the_main_thread_a_body_still_converts() -> None:
    results: list[object] = []
    thread = threading.Thread(
        target=lambda: results.append(
            convert.convert_one(Converter(MarkdownSettings()), "*x*", 0.5)
        )
    )
    thread.start()
    thread.join(10)
    assert results == [Rendered("<p><em>x</em></p>", ())]


# ---- Conversions: a build's bodies, from the cache, on all cores or in process -------------------


def convert_all(
    work: dict[str, Path],
    settings: MarkdownSettings,
    store: converted.Store,
    converter: Converter,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Rendered | convert.Failure]:
    """Every body of work, none of them sent ahead while files were read."""
    with convert.Conversions(settings, store) as conversions:
        return conversions.done(work, converter, progress)


def work_of(
    folder: Path, *bodies: str, settings: MarkdownSettings | None = None
) -> dict[str, Path]:
    """Page files with these bodies, by their bodies' keys, as ingest hands them over."""
    token = bodykeys.settings_token(settings or MarkdownSettings())
    pages = folder.parent / "pages"
    pages.mkdir(exist_ok=True)
    work = {}
    for body in bodies:
        key = bodykeys.body_key(body, token)
        path = pages / f"{key}.md"
        path.write_text(f"---\ntitle: A page\n---\n{body}", encoding="utf-8")
        work[key] = path
    return work


def read_back(
    store: converted.Store, done: dict[str, Rendered | convert.Failure]
) -> dict[str, object]:
    """Conversions' results with their HTML read back from the store, which holds it."""
    assert all(r.html is r.headings is None for r in done.values() if isinstance(r, Rendered))
    shown = {key: store.shown(key) for key in done}
    return {
        key: replace(r, html=shown[key].html, headings=shown[key].headings)  # type: ignore[union-attr]
        if isinstance(r, Rendered)
        else r
        for key, r in done.items()
    }


def test_convert_all_converts_misses_and_serves_hits(folder: Path) -> None:
    settings = MarkdownSettings()
    work = work_of(folder, "one *1*", "two *2*", "three *3*")
    first, second, third = work
    store = converted.Store(folder)
    store.save(first, Rendered("<p>from the cache</p>", ()))
    stub = Stub("ok")
    seen: list[int] = []
    done = convert_all(work, settings, store, stub, seen.append)  # type: ignore[arg-type]
    full = read_back(store, done)
    assert full[first] == Rendered("<p>from the cache</p>", ())
    assert full[second] == Rendered("<p>two *2*</p>", ())
    assert stub.calls == ["two *2*", "three *3*"]
    assert seen == [1, 2, 3]
    assert store.hits == 1
    assert converted.Store(folder).load(third) == Rendered("<p>three *3*</p>", ())


def test_convert_all_caches_no_failure(folder: Path) -> None:
    work = work_of(folder, "deep")
    store = converted.Store(folder)
    stub = Stub("recurse")
    done = convert_all(work, MarkdownSettings(), store, stub)  # type: ignore[arg-type]
    assert list(done.values()) == [convert.Failure("it is nested too deeply to convert")]
    assert entries(folder) == []


def test_convert_all_writes_nothing_with_a_read_only_store(folder: Path) -> None:
    store = converted.Store(folder, writable=False)
    work = work_of(folder, "a", "b")
    done = convert_all(work, MarkdownSettings(), store, Stub("ok"))  # type: ignore[arg-type]
    assert not folder.exists()
    # the HTML is held in memory instead, for the pages to be rendered
    assert set(store.held) == set(work)
    assert [r.html for r in read_back(store, done).values()] == ["<p>a</p>", "<p>b</p>"]


def test_convert_all_in_the_pool_matches_in_process(
    folder: Path, monkeypatch: pytest.MonkeyPatch, pooled: list[int]
) -> None:
    settings = MarkdownSettings(time_limit=2)
    bodies = [f"# Part {i} & co\n\n## Sub\n\nText *{i}* [x](y.md)\n\n- a\n- b\n" for i in range(20)]
    work = work_of(folder, *bodies, settings=settings)
    converter = Converter(settings)
    serial = {key: converter.render(body) for key, body in zip(work, bodies, strict=True)}
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    seen: list[int] = []
    store = converted.Store(folder)
    done = convert_all(work, settings, store, converter, seen.append)
    assert pooled == [20]
    assert read_back(store, done) == serial
    assert store.held == {}  # the workers put every page's HTML in the cache themselves
    assert list(done) != [] and set(done) == set(work)
    assert seen[0] == 0
    assert seen[-1] == 20
    assert seen == sorted(seen)
    assert converted.Store(folder).load(next(iter(work))) == serial[next(iter(work))]
    # with one core there is no pool, however many misses
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    memory = converted.Store(None)
    two = work_of(folder, "x *y*", "z", settings=settings)
    again = read_back(memory, convert_all(two, settings, memory, converter))
    assert list(again.values()) == [Rendered("<p>x <em>y</em></p>", ()), Rendered("<p>z</p>", ())]
    assert pooled == [20]


def test_bodies_added_while_files_are_read_go_to_the_workers_before_done(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = MarkdownSettings(time_limit=2)
    bodies = [f"Body *{i}* of [a page](p{i}.md)\n" for i in range(30)]
    work = work_of(folder, *bodies, settings=settings)
    keys = list(work)
    store = converted.Store(folder)
    store.save(keys[0], Rendered("<p>from the cache</p>", ()))
    monkeypatch.setattr(convert, "PARALLEL_FROM", 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with convert.Conversions(settings, store, files=len(work)) as conversions:
        for key in keys:
            conversions.add(key, work[key])
        # the first share once PARALLEL_FROM (4) wait, so that the workers start early, then
        # shares of at most max(8, 30 // (2 workers * 4)) = 8, and at the end, of what is
        # left (1): all went while the files were read
        assert (conversions.pool.submitted, conversions.pooled) == (5, 29)
        assert store.hits == 0  # counted once the build asks for the page
        needed = {key: work[key] for key in keys[:-1]}  # the last page proved invalid
        seen: list[int] = []
        done = conversions.done(needed, Converter(settings), seen.append)
    assert conversions.pooled == 29
    assert set(done) == set(needed)
    assert (store.hits, store.misses) == (1, 28)
    assert seen[0] == 1 and seen[-1] == 29 and seen == sorted(seen)
    expected = {
        key: Converter(settings).render(body) for key, body in zip(keys, bodies, strict=True)
    }
    expected[keys[0]] = Rendered("<p>from the cache</p>", ())
    del expected[keys[-1]]
    assert read_back(store, done) == expected
    # the body of the page that proved invalid is cached for when it is fixed
    assert store.load(keys[-1]) == Converter(settings).render(bodies[-1])


def test_a_few_bodies_of_a_large_hub_start_no_workers(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 20 pages edited in a hub of 100: chunks would be of 12, but a pool is only worth its
    # start-up from PARALLEL_FROM bodies on, however they arrive
    settings = MarkdownSettings(time_limit=2)
    work = work_of(folder, *[f"Edited {i}\n" for i in range(20)], settings=settings)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert len(work) < convert.PARALLEL_FROM
    store = converted.Store(folder)
    with convert.Conversions(settings, store, files=100) as conversions:
        for key, path in work.items():
            conversions.add(key, path)
        assert conversions.pool.submitted == 0
        done = conversions.done(work, Converter(settings))
    assert conversions.pooled == 0
    assert read_back(store, done)[next(iter(work))] == Rendered("<p>Edited 0</p>", ())


def test_conversions_left_by_an_error_end_their_workers(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = MarkdownSettings(time_limit=2)
    work = work_of(folder, *[f"Body {i}\n" for i in range(16)], settings=settings)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(KeyError), convert.Conversions(settings, converted.Store(folder), 16) as c:
        for key, path in work.items():
            c.add(key, path)
        assert c.pool.submitted == 3  # shares of 4, 8 and the 4 left
        processes = list(c.pool._pool._processes.values())  # type: ignore[union-attr]
        raise KeyError("a bug while the files are read")
    assert processes and all(not process.is_alive() for process in processes)
    assert c.pool._pool is None


# ---- convert_file: the body is read again where it is converted --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: t\n---\nBody *one*\n",
        "\ufeff---\r\ntitle: t\r\n---\r\nWindows *lines*\r\n",
        "---\ntitle: t\n---",
        "---  \ntitle: t\n---\t\n\nAfter a blank line\n---\nand a rule\n",
    ],
)
def test_body_of_splits_a_file_as_parse_does(tmp_path: Path, text: str) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(text.encode("utf-8"))
    parsed = frontmatter.parse(frontmatter.decode(path.read_bytes(), "page.md"), "page.md")
    assert frontmatter.body_of(path) == parsed.body


def test_body_of_a_file_without_front_matter_or_gone_is_none(tmp_path: Path) -> None:
    (tmp_path / "plain.md").write_text("no front matter\n")
    (tmp_path / "open.md").write_text("---\ntitle: never closed\n")
    (tmp_path / "binary.md").write_bytes(b"---\n\x00\n---\n")
    for name in ("plain.md", "open.md", "binary.md", "missing.md"):
        assert frontmatter.body_of(tmp_path / name) is None, name


def test_convert_file_converts_only_the_body_it_was_given_the_key_of(tmp_path: Path) -> None:
    settings = MarkdownSettings()
    token = bodykeys.settings_token(settings)
    converter = Converter(settings)
    path = tmp_path / "page.md"
    path.write_text("---\ntitle: t\n---\nFirst *words*\n")
    key = bodykeys.body_key("First *words*\n", token)
    result = convert.convert_file(converter, key, path, token, 5)
    assert isinstance(result, Rendered) and result.html == "<p>First <em>words</em></p>"
    path.write_text("---\ntitle: t\n---\nOther words\n")  # saved again after it was read
    assert convert.convert_file(converter, key, path, token, 5) == convert.CHANGED
    path.unlink()
    assert convert.convert_file(converter, key, path, token, 5) == convert.CHANGED
    assert convert.CHANGED.reason == "the file changed while the site was being built"
    assert convert.CHANGED.hint == "build again once the files are saved"
