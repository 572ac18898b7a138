"""A video and a recording of the hub's own play in real Chromium under the deployed hub's
Content-Security-Policy, and a video's captions load with it."""

from __future__ import annotations

import io
import wave
from pathlib import Path

from gate import HubServer
from playwright.sync_api import Page

from hubtest import make_site, run_cli


def _recording(seconds: float) -> bytes:
    """A WAV file of silence: a real recording Chromium plays, made without a media tool."""
    frames = io.BytesIO()
    with wave.open(frames, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * int(8000 * seconds))
    return frames.getvalue()


PAGE = (
    "---\ntitle: The CEO's statement\n---\n"
    '<video controls src="ceo.wav">\n'
    '  <track kind="captions" src="ceo.vtt" srclang="en" label="English">\n'
    "</video>\n\n"
    '<audio controls src="/briefing.wav"></audio>\n'
)


def test_a_video_its_captions_and_a_recording_play_under_the_policy(
    tmp_path: Path, page: Page
) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/statements/ceo.md": PAGE,
        "content/statements/ceo.wav": _recording(2.0),
        "content/statements/ceo.vtt": "WEBVTT\n\n00:00.000 --> 00:01.500\nGood morning.\n",
        "static/briefing.wav": _recording(1.0),
    }
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0 and "warning" not in run.err, run.err
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else 0)
    with HubServer(out) as deployed:
        page.goto(deployed.url("/statements/ceo/"))
        page.evaluate("document.querySelector('track').track.mode = 'showing'")
        # a function, not an expression: Playwright evals an expression in the page, which
        # the policy forbids (script-src 'self') once it has to poll
        page.wait_for_function(
            "() => [...document.querySelectorAll('video, audio')].every(m => m.readyState >= 1)"
            " && document.querySelector('track').readyState === 2",
            timeout=20_000,
        )
        durations = page.evaluate(
            "[...document.querySelectorAll('video, audio')].map(m => Math.round(m.duration))"
        )
        cues = page.evaluate("[...document.querySelector('track').track.cues].map(cue => cue.text)")
    assert durations == [2, 1]
    assert cues == ["Good morning."]
    assert blocked == []
