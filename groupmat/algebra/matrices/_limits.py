"""The size guard for dense ``n x n`` objects (group matrices, index arrays, regular
representations), shared by every module of :mod:`groupmat.algebra.matrices`."""

from __future__ import annotations

from groupmat.errors import SizeLimitError

__all__ = ["MAX_DENSE_ORDER", "dense_guard"]

#: Largest order for which dense ``n x n`` objects (group matrices, index arrays, regular
#: representations of all elements) are built without ``force=True``: 8192^2 float64 entries
#: take 512 MiB. Above it use :class:`~groupmat.GroupMatrixOperator`.
MAX_DENSE_ORDER = 8192


def dense_guard(n: int, force: bool, what: str, hint: str) -> None:
    """Refuse (:class:`~groupmat.SizeLimitError`) an ``n x n`` object above
    :data:`MAX_DENSE_ORDER` unless ``force``; ``hint`` says what to do instead.

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
