"""The build benchmark, as the README runs it: on a folder of pages, every line of its table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "build_bench.py"
ROWS = (
    "bare floor",
    "cold build (no cache)",
    "warm build (no change)",
    "warm, site.yml resaved",
    "one page edited",
    "cold, with search index",
)
NUMBER = r"\d+(?:\.\d+)?"
# label, median s, x floor, pages/s, peak MiB, CPU s, x floor, x run, range
ROW = re.compile(
    rf"(?P<label>.+?) +{NUMBER} +(?P<ratio>{NUMBER}) +{NUMBER} +\d+ +{NUMBER} +{NUMBER}"
    rf" +(?P<run>{NUMBER}) +(?P<low>{NUMBER})-(?P<high>{NUMBER})"
)


@pytest.mark.slow
def test_the_benchmark_times_every_build_against_the_floor(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for section in ("facts", "updates"):
        (pages / section).mkdir(parents=True)
        for n in range(3):
            (pages / section / f"page-{n}.md").write_text(
                f"---\ntitle: {section} {n}\n---\n# Part {n}\n\nText with *emphasis*.\n",
                encoding="utf-8",
            )
    run = subprocess.run(
        [sys.executable, str(BENCH), "--from", str(pages), "--runs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("7 pages, 2 runs each, medians (")  # six and the home page
    assert lines[1].split() == [
        "measure", "median", "s", "x", "floor", "pages/s", "peak", "MiB",
        "CPU", "s", "x", "floor", "x", "run", "range",
    ]  # fmt: skip
    found = [ROW.fullmatch(line) for line in lines[2:8]]
    assert [m["label"] if m else line for m, line in zip(found, lines[2:8], strict=True)] == list(
        ROWS
    )
    for match in found:
        assert match is not None
        low, run_ratio, high = float(match["low"]), float(match["run"]), float(match["high"])
        assert low <= run_ratio <= high
    floor = found[0]
    assert floor is not None
    assert (floor["ratio"], floor["run"], floor["low"], floor["high"]) == ("1.00",) * 4
    assert re.fullmatch(r"recordhub --version: \d+ ms", lines[8])
    assert len(lines) == 9
