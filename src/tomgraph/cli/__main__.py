"""``python -m tomgraph.cli``: the same as the ``tomgraph`` console script."""

import sys

from . import main

sys.exit(main())
