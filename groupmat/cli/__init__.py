"""The ``groupmat`` command line (``groupmat info | table | matrix | classes | graph | bench``).

Run ``groupmat --help``; the entry point is :func:`main`. :func:`parse_spec` turns a SPEC
string (a name, a presentation, permutations or a file) into a group, as the command does.
"""

from groupmat.cli._main import main
from groupmat.cli._spec import SPEC_HELP, SpecError, parse_spec

__all__ = ["SPEC_HELP", "SpecError", "main", "parse_spec"]
