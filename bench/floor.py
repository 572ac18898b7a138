#!/usr/bin/env python3
"""The bare floor: what any Python-Markdown + Jinja generator must do, and nothing else.

    python bench/floor.py CONTENT_DIR OUT_DIR

Front matter parsed (YAML, C loader), Python-Markdown conversion, one Jinja template, files
written, on all cores. No checks, no listings, no cache: the cost recordhub is compared with.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import jinja2
import markdown
import yaml

TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1>{{ body | safe }}</body></html>"
)
_MD = markdown.Markdown(
    extensions=[
        "toc",
        "tables",
        "fenced_code",
        "attr_list",
        "footnotes",
        "admonition",
        "md_in_html",
        "sane_lists",
    ]
)


def one(job: tuple[str, str]) -> int:
    source, target = job
    text = Path(source).read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.load(front, Loader=yaml.CSafeLoader) or {}
    _MD.reset()
    html = TEMPLATE.render(title=meta.get("title", ""), body=_MD.convert(body))
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return 1


def main() -> int:
    content, out = Path(sys.argv[1]), Path(sys.argv[2])
    jobs = [
        (str(p), str(out / p.relative_to(content).with_suffix("") / "index.html"))
        for p in sorted(content.rglob("*.md"))
    ]
    workers = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = sum(pool.imap_unordered(one, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    print(f"floor: {done} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
