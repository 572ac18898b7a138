"""Allow ``python -m recordhub``."""

import sys

from recordhub.cli import main

sys.exit(main())
