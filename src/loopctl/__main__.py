"""Allow ``python -m loopctl``."""

import sys

from loopctl.cli import main

sys.exit(main())
