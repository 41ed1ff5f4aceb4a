"""The size guards of :mod:`groupmat.algebra.matrices`, one constant per kind of object:

- :data:`MAX_DENSE_ORDER`: dense ``n x n`` numeric objects (group matrices, index arrays,
  regular representations);
- :data:`MAX_SYMBOLIC_ORDER`: symbolic (sympy) group matrices and group determinants;
- :data:`MAX_DETERMINANT_ORDER`: the exact factorisation of a group determinant (also the
  limit of ``groupmat matrix --determinant``).

Each is lifted by the ``force=True`` of the function that checks it."""

from __future__ import annotations

from groupmat.errors import SizeLimitError

__all__ = [
    "MAX_DENSE_ORDER",
    "MAX_DETERMINANT_ORDER",
    "MAX_SYMBOLIC_ORDER",
    "dense_guard",
    "determinant_guard",
    "symbolic_guard",
]

#: Largest order for which dense ``n x n`` objects (group matrices, index arrays, regular
#: representations of all elements) are built without ``force=True``: 8192^2 float64 entries
#: take 512 MiB. Above it use :class:`~groupmat.GroupMatrixOperator`.
MAX_DENSE_ORDER = 8192

#: Largest order for which symbolic group matrices (a ``sympy.Matrix`` of ``n^2`` entries) and
#: expanded or sectioned group determinants (degree-``n`` forms) are built without
#: ``force=True``. A 64 x 64 sympy matrix takes milliseconds, 512 x 512 several seconds; an
#: expanded determinant has up to ``binom(2n - 1, n)`` terms.
MAX_SYMBOLIC_ORDER = 64

#: Largest order for which :func:`~groupmat.group_determinant` factors exactly (``factor=True``
#: with all ``n`` variables) without ``force=True``: order 8 takes about a second; multivariate
#: factorisation in ``n`` variables grows so fast that order 24 runs for many minutes. Above
#: it pass ``section=3`` (factor degrees of a generic 3-variable section, 2-30 s per group of
#: order 24 on one core) or ``force=True``.
MAX_DETERMINANT_ORDER = 8


def dense_guard(n: int, force: bool, what: str, hint: str) -> None:
    """Refuse (:class:`~groupmat.SizeLimitError`) an ``n x n`` object above
    :data:`MAX_DENSE_ORDER` unless ``force``; ``hint`` says what to do instead.

    Examples
    --------
    >>> dense_guard(10_000, False, "the group matrix", "pass force=True")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.SizeLimitError: the group matrix of a group of order 10000 ... force=True
    """
    if n > MAX_DENSE_ORDER and not force:
        raise SizeLimitError(
            f"{what} of a group of order {n} has {n}x{n} = {n * n} entries, above "
            f"MAX_DENSE_ORDER={MAX_DENSE_ORDER}**2; {hint}"
        )


def symbolic_guard(n: int, force: bool, what: str) -> None:
    """Refuse (:class:`~groupmat.SizeLimitError`) a symbolic object of order ``n`` above
    :data:`MAX_SYMBOLIC_ORDER` unless ``force``.

    Examples
    --------
    >>> symbolic_guard(1000, False, "the symbolic group matrix")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.SizeLimitError: the symbolic group matrix of a group of order 1000 ...
    """
    if n > MAX_SYMBOLIC_ORDER and not force:
        raise SizeLimitError(
            f"{what} of a group of order {n} has {n}x{n} = {n * n} sympy entries, above "
            f"MAX_SYMBOLIC_ORDER={MAX_SYMBOLIC_ORDER}; pass numeric values (numpy or torch) "
            "instead, or force=True"
        )


def determinant_guard(n: int, force: bool) -> None:
    """Refuse (:class:`~groupmat.SizeLimitError`) the exact factorisation of a group
    determinant of order ``n`` above :data:`MAX_DETERMINANT_ORDER` unless ``force``.

    Examples
    --------
    >>> determinant_guard(24, False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.SizeLimitError: factoring the group determinant of a group of order 24 ...
    """
    if n > MAX_DETERMINANT_ORDER and not force:
        raise SizeLimitError(
            f"factoring the group determinant of a group of order {n} exactly (a degree-{n} "
            f"form in {n} variables) takes minutes to hours above "
            f"MAX_DETERMINANT_ORDER={MAX_DETERMINANT_ORDER}; pass section=3 for the factor "
            "degrees and multiplicities of a generic section (2-30 s per group of order 24 "
            "on one core), or force=True to factor anyway"
        )
