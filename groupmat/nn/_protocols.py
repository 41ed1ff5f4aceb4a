"""The protocol that approximately equivariant layers share.

A layer is *approximate* when it can say how far it is from equivariance. The reports and
penalties of :mod:`groupmat.nn` (:func:`~groupmat.nn.displacement_report`,
:func:`~groupmat.nn.displacement_penalty`, :func:`~groupmat.nn.prior_penalty`) find such layers
in a model by this protocol, so a user's own layer takes part by defining the three methods; no
base class or marker attribute is needed.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import torch

__all__ = ["ApproximateLayer"]


@runtime_checkable
class ApproximateLayer(Protocol):
    """A layer that measures its own distance from equivariance.

    Methods
    -------
    displacement_norm(squared=False)
        ``(sum_u ||D_u||_F^2)^{1/2}`` over the group's generators ``u``, with ``D_u`` the
        displacement the layer uses (docs/concepts/displacement.md); 0 for an exact layer.
    equivariance_distance(squared=False)
        Frobenius distance of the layer's matrix to the group matrices (its projection).
    matrix_norm()
        Frobenius norm of the layer's matrix, to make the two above relative.

    A layer may also define ``penalty()``, its own regulariser, which
    :func:`~groupmat.nn.prior_penalty` sums.

    Examples
    --------
    >>> import groupmat as gm
    >>> from groupmat.nn import ApproximateLayer, GMConv, LDRGMConv
    >>> G = gm.cyclic(4)
    >>> isinstance(LDRGMConv(G, G, 1, 1), ApproximateLayer), isinstance(GMConv(G, G, 1, 1),
    ...     ApproximateLayer)
    (True, False)
    """

    def displacement_norm(self, squared: bool = False) -> torch.Tensor: ...

    def equivariance_distance(self, squared: bool = False) -> torch.Tensor: ...

    def matrix_norm(self) -> torch.Tensor: ...
