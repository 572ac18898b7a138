"""Allow ``python -m recordhub``."""

from recordhub.cli import console

console()
