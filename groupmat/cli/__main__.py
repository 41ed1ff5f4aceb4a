"""``python -m groupmat.cli``: the same as the ``groupmat`` command."""

import sys

from groupmat.cli._main import main

sys.exit(main())
