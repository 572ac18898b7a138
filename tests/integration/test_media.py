"""A video or recording of the hub's own plays in a page written with <video> or <audio>: its
files are checked as links are, and what would keep a reader from starting it or following it
without sound is told where it is written."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

HOME = "---\ntitle: Home\n---\nHi.\n"
PLAYED = (
    '<video controls src="ceo.mp4" poster="ceo.jpg" width="640">\n'
    '  <track kind="captions" src="ceo.vtt" srclang="en" label="English">\n'
    "</video>\n\n"
    '<audio controls><source src="/briefing.mp3" type="audio/mpeg"></audio>\n'
)
FILES = {
    "content/_index.md": HOME,
    "content/statements/ceo.mp4": b"\x00\x00\x00\x18ftypmp42",
    "content/statements/ceo.jpg": b"\xff\xd8\xff",
    "content/statements/ceo.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nGood morning.\n",
    "static/briefing.mp3": b"ID3",
}


def test_a_video_with_controls_and_captions_is_published_as_written(tmp_path: Path) -> None:
    page = "---\ntitle: The CEO's statement\n---\n" + PLAYED
    hub = make_site(tmp_path / "hub", {**FILES, "content/statements/ceo.md": page})
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert "warning" not in run.err, run.err
    html = (out / "statements/ceo/index.html").read_text("utf-8")
    assert (
        '<video controls="" src="/statements/ceo.mp4" poster="/statements/ceo.jpg" width="640">\n'
        '  <track kind="captions" src="/statements/ceo.vtt" srclang="en" label="English">\n'
        "</video>"
    ) in html
    assert '<source src="/briefing.mp3" type="audio/mpeg">' in html
    for name in ("statements/ceo.mp4", "statements/ceo.jpg", "statements/ceo.vtt"):
        assert (out / name).read_bytes() == (hub / "content" / name).read_bytes()
    assert (out / "briefing.mp3").read_bytes() == b"ID3"


def test_what_keeps_a_reader_from_a_video_is_told_where_it_is_written(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Statements\n---\n"
        '<video src="ceo.mp4" autoplay data-chapter="1"></video>\n\n'  # line 4
        '<audio src="/briefing.mp3"></audio>\n\n'
        '<video controls><source src="gone.mp4" type="video/mp4"></video>\n\n'
        '<iframe src="https://video.example/embed/1"></iframe>\n'
    )
    hub = make_site(tmp_path / "hub", {**FILES, "content/statements/ceo.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    captions = (
        '  hint: add its captions inside the <video>: <track kind="captions" src="clip.vtt" '
        'srclang="en">, with the code of the language spoken'
    )
    no_start = "has no controls: the hub's pages run no script that could start it"
    assert run.err.splitlines() == [
        "content/statements/ceo.md:4:1: warning: the video ceo.mp4 has no captions: readers "
        "who cannot hear it miss what is said",
        captions,
        f"content/statements/ceo.md:4:1: warning: the video ceo.mp4 {no_start}",
        "  hint: add controls to the <video>: <video controls ...>",
        "content/statements/ceo.md:4:22: warning: removed from the page's HTML: autoplay on "
        "<video>",
        "  hint: remove autoplay: a page plays a video or recording when its reader starts it",
        "content/statements/ceo.md:4:31: warning: removed from the page's HTML: data-chapter "
        "on <video>",
        "  hint: <video> in a page takes class, controls, dir, height, id, lang, loop, muted, "
        "poster, preload, src, title, width: remove data-chapter",
        f"content/statements/ceo.md:6:1: warning: the audio /briefing.mp3 {no_start}",
        "  hint: add controls to the <audio>: <audio controls ...>",
        "content/statements/ceo.md:8:1: warning: the video gone.mp4 has no captions: readers "
        "who cannot hear it miss what is said",
        captions,
        "content/statements/ceo.md:8:30: error: broken link to gone.mp4: no page or file has "
        "that address",
        "  hint: put the file beside the page under content/ and give its file name, or in "
        "static/ and give its address from the site's root (static/files/x.mp4 is "
        "/files/x.mp4)",
        "content/statements/ceo.md:10:1: warning: removed from the page's HTML: <iframe>",
        "  hint: a page may not embed another site's page or player, which would see its "
        "readers: link to it, or put the file in static/ and play it with <video controls "
        "src=...>",
        "Build failed: 1 error, 7 warnings; nothing was written",
    ]
    # the hints, followed, leave nothing to tell
    mended = "---\ntitle: Statements\n---\n" + PLAYED
    make_site(hub, {"content/statements/ceo.md": mended}, site_yml=None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert (run.code, "warning" in run.err) == (0, False), run.err


def test_a_video_left_open_is_text_and_the_rest_of_the_page_is_seen(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Statements\n---\n"
        "How the <video> tag works.\n\n"  # line 4: a name in prose
        '<video controls src="ceo.mp4">\n\n'  # line 6: an element, never closed
        "The rest of the statement.\n"
    )
    hub = make_site(tmp_path / "hub", {**FILES, "content/statements/ceo.md": page})
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    unseen = "closes it, and the rest of the page would be inside it, unseen"
    hint = "  hint: close it, <video controls src=...></video>, or put it in backticks: `<video>`"
    assert [line for line in run.err.splitlines() if line.startswith(("content/", "  "))] == [
        f"content/statements/ceo.md:4:9: notice: <video> is shown as text: no </video> {unseen}",
        hint,
        "content/statements/ceo.md:6:1: warning: <video ...> is shown as text: no </video> "
        f"{unseen}",
        hint,
    ]
    html = (out / "statements/ceo/index.html").read_text("utf-8")
    assert "<video controls" not in html and "<p>The rest of the statement.</p>" in html


def test_a_tag_shown_in_code_does_not_move_where_media_are_told(
    tmp_path: Path,
) -> None:
    page = (
        "---\ntitle: Statements\n---\n"
        'Write `<video controls src="x.mp4">` for a video.\n\n'  # line 4: code
        "```html\n<video src=example.mp4></video>\n```\n\n"  # line 7: a fence
        '<audio src="/briefing.mp3"></audio>\n'  # line 10: the one to tell
    )
    hub = make_site(tmp_path / "hub", {**FILES, "content/statements/ceo.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert [line for line in run.err.splitlines() if line.startswith("content/")] == [
        "content/statements/ceo.md:10:1: warning: the audio /briefing.mp3 has no controls: the "
        "hub's pages run no script that could start it",
    ]


def test_a_video_in_an_html_comment_is_told_as_in_the_comment(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Statements\n---\n"
        '<video controls src="ceo.mp4"><track src="ceo.vtt"></video>\n\n'  # line 4: kept
        '<!-- soon: <video controls src="next.mp4"></video> -->\n'  # line 6: in a comment
    )
    hub = make_site(tmp_path / "hub", {**FILES, "content/statements/ceo.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert [line for line in run.err.splitlines() if line.startswith(("content/", "  "))] == [
        "content/statements/ceo.md:6:12: warning: removed from the page's HTML: <video>",
        "  hint: it is in an HTML comment (<!-- ... -->), which pages do not publish with what "
        "it holds: to show it, take it out of the comment",
    ]
