"""Test-suite configuration shared by all tests.

Hypothesis runs derandomized by default, so that the README's test command (and CI) gives the
same verdict on every run: a property found false on one random draw and not the next would make
main's status depend on luck. Set ``GROUPMAT_HYPOTHESIS_RANDOM=1`` to explore fresh random
examples (``--hypothesis-seed`` works too); failures found that way become regression tests.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("groupmat-derandomized", derandomize=True)
settings.register_profile("groupmat-random", derandomize=False)
settings.load_profile(
    "groupmat-random" if os.environ.get("GROUPMAT_HYPOTHESIS_RANDOM") else "groupmat-derandomized"
)
