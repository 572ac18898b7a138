#!/usr/bin/env python3
"""Build benchmark: recordhub's cold, warm and one-edit builds against the bare floor.

    python bench/build_bench.py --pages 1000            # makes the pages with make_corpus.py
    python bench/build_bench.py --from DIR [--runs 5]   # or takes a folder of pages

Every figure is a whole process, timed from start to exit; the machine is shared, so compare
the ratios, which are measured in the same run, and read medians. Peak memory is the RSS of the
largest process (the build or one of its workers), from wait4(). CPU is the user and system
time of the process and its workers: on a busy machine it moves less than the wall clock, and
its ratio shows how much of a wall-clock ratio is work rather than waiting. "x run" is the
median of each run's own ratio, to the floor timed just before it, and "range" the lowest and
highest of those: a machine whose speed drifts while the benchmark runs moves them less than
the ratio of the medians.

"warm build (no change)" is answered from the last build's record (nothing read again);
"warm, site.yml resaved" touches site.yml first, so the whole pipeline runs and every page is
carried over from the previous output instead of rendered.
"cold, with search index" is a cold build that also writes the Pagefind index: its difference
from "cold build (no cache)" is what the index costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"


# as installed, Python keeps compiled modules; without them every run would compile recordhub
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str]) -> tuple[float, int, float]:
    """Seconds, peak RSS (MiB) and CPU seconds (its workers' too) of one whole process."""
    # stderr to a file, not a pipe: a hub with many warnings would fill a pipe nobody reads
    # until the process ends, and the build would wait on it forever
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"failed: {' '.join(argv)}\n{errors.read().decode()[-5000:]}")
    # the CPU time of a process includes its workers', once it has waited for them
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def make_hub(pages_dir: Path, hub: Path) -> None:
    shutil.copytree(pages_dir, hub / "content")
    (hub / "site.yml").write_text("title: Bench hub\nbase_url: https://bench.example/\n")
    home = hub / "content" / "_index.md"
    if not home.exists():
        home.write_text("---\ntitle: Bench hub\n---\nThe benchmark hub.\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--pages", type=int, default=1000, help="pages for make_corpus.py")
    source.add_argument("--from", dest="folder", type=Path, help="a folder of pages to use")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus-script", type=Path, default=CORPUS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="recordhub-bench-"))
    try:
        pages = args.folder
        if pages is None:
            pages = work / "pages"
            subprocess.run(
                [sys.executable, str(args.corpus_script), str(pages), "--pages", str(args.pages)],
                check=True,
            )
        hub = work / "hub"
        make_hub(pages, hub)
        count = sum(1 for _ in (hub / "content").rglob("*.md"))
        build = [sys.executable, "-m", "recordhub", "-C", str(hub), "build", "--no-search"]
        edited = sorted((hub / "content").rglob("page-*.md")) or sorted(
            (hub / "content").rglob("*.md")
        )
        target = edited[len(edited) // 2]
        original = target.read_text(encoding="utf-8")
        keys = ("floor", "cold", "warm", "touched", "edit", "search")
        times: dict[str, list[float]] = {k: [] for k in keys}
        cpu: dict[str, list[float]] = {k: [] for k in keys}
        memory: dict[str, int] = dict.fromkeys(times, 0)

        def measure(key: str, argv: list[str]) -> None:
            seconds, rss, used = run(argv)
            times[key].append(seconds)
            cpu[key].append(used)
            memory[key] = max(memory[key], rss)

        run(build)  # warm the file-system cache and bytecode; not counted
        for n in range(args.runs):
            shutil.rmtree(work / "floor-out", ignore_errors=True)
            measure(
                "floor",
                [
                    sys.executable,
                    str(HERE / "floor.py"),
                    str(hub / "content"),
                    str(work / "floor-out"),
                ],
            )
            shutil.rmtree(hub / ".recordhub-cache", ignore_errors=True)
            # "warm" follows a build that carried pages over, as it does in daily use
            for name in ("cold", "touched", "warm"):
                if name == "touched":  # saved again unchanged: a full build, pages carried over
                    os.utime(hub / "site.yml")
                measure(name, build)
            target.write_text(f"{original}\nEdited in run {n}.\n", encoding="utf-8")
            measure("edit", build)
            target.write_text(original, encoding="utf-8")
            run(build)
            # the search index costs its own time and memory, so it has its own line
            shutil.rmtree(hub / ".recordhub-cache", ignore_errors=True)
            measure("search", [arg for arg in build if arg != "--no-search"])
            run(build)
        floor = statistics.median(times["floor"])
        floor_cpu = statistics.median(cpu["floor"])
        print(f"{count} pages, {args.runs} runs each, medians ({os.cpu_count()} cores)")
        print(
            f"{'measure':<26}{'median s':>10}{'x floor':>9}{'pages/s':>9}{'peak MiB':>10}"
            f"{'CPU s':>8}{'x floor':>9}{'x run':>7}{'range':>12}"
        )
        labels = {
            "floor": "bare floor",
            "cold": "cold build (no cache)",
            "warm": "warm build (no change)",
            "touched": "warm, site.yml resaved",
            "edit": "one page edited",
            "search": "cold, with search index",
        }
        for key, label in labels.items():
            median, used = statistics.median(times[key]), statistics.median(cpu[key])
            # each run's own ratio: the floor was timed moments before, on the same machine
            ratios = [t / f for t, f in zip(times[key], times["floor"], strict=True)]
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
            print(
                f"{label:<26}{median:>10.2f}{median / floor:>9.2f}{count / median:>9.0f}"
                f"{memory[key]:>10}{used:>8.2f}{used / floor_cpu:>9.2f}"
                f"{statistics.median(ratios):>7.2f}{spread:>12}"
            )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "recordhub", "--version"], check=True, stdout=subprocess.DEVNULL
        )
        print(f"recordhub --version: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
