"""Files in a hub's strings/ folder that the build would not read, each told with what to do."""

from __future__ import annotations

from pathlib import Path

from recordhub.diagnostics import Diagnostic, error, warning


def unread(folder: Path, codes: set[str]) -> list[Diagnostic]:
    """Files in the hub's strings/ that the build would not read, each with what to do."""
    found: list[Diagnostic] = []
    listed = sorted(folder.iterdir()) if folder.is_dir() else []
    # es.YML too, which a disk that tells case apart never reads as es.yml
    for path in [p for p in listed if p.suffix.lower() in (".yml", ".yaml")]:
        shown, code = f"strings/{path.name}", path.stem
        read = folder / f"{code}.yml"
        if path.suffix != ".yml" and not (read.is_file() and path.samefile(read)):
            # one spelling, as site.yml and the theme's files have, and as the preview watches
            if read.is_file():
                message = f"found {shown} beside strings/{code}.yml, which is the one read"
                hint = f"move its strings into {code}.yml and remove {path.name}"
            else:
                message = f"found {shown}: rename it to {code}.yml"
                hint = "recordhub reads strings files named <code>.yml"
            found.append(error(shown, None, None, message, hint))
            continue
        if code in codes:
            continue
        guess = next((c for c in codes if c.lower() == code.lower().replace("_", "-")), None)
        if guess and (folder / f"{guess}.yml").is_file() and path.samefile(folder / f"{guess}.yml"):
            continue  # a disk that ignores case reads it under the declared name
        message = f"site.yml declares no language '{code}', so {shown} is not read"
        hint = (
            f"did you mean '{guess}'? rename it to {guess}.yml"
            if guess
            else f"add {code} to languages in site.yml, or remove the file"
        )
        found.append(warning(shown, None, None, message, hint))
    return found
