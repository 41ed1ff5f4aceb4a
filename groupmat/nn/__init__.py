"""Equivariant PyTorch layers compiled from finite groups.

``GMConv`` (lifting, group and projection convolutions), ``GMPool`` / ``GMUnpool`` (coset and
strided pooling), ``InvariantPool`` (group-invariant head), and ``equivariance_error`` with the
actions ``RegularAction``, ``SpaceAction``, ``SpatialAction``, ``TrivialAction``.

>>> import torch
>>> from groupmat.algebra.spatial import spatial_group
>>> from groupmat import nn as gnn
>>> S = spatial_group((8, 8), point_group="D4")
>>> model = torch.nn.Sequential(
...     gnn.GMConv(S.pixels, S, 1, 4, kernel=3), torch.nn.ReLU(),
...     gnn.GMConv(S, S, 4, 4, kernel=3), torch.nn.ReLU(),
...     gnn.InvariantPool("max"))
>>> model(torch.randn(2, 1, 8, 8)).shape
torch.Size([2, 4])
"""

from groupmat.nn.approx import (
    DisplacementReport,
    LDRGMConv,
    displacement_penalty,
    displacement_report,
    prior_penalty,
)
from groupmat.nn.baselines import PlainConv, RelaxedGMConv, RPPConv
from groupmat.nn.conv import GMConv
from groupmat.nn.equivariance import (
    Action,
    EquivarianceReport,
    RegularAction,
    RestrictedAction,
    SpaceAction,
    SpatialAction,
    TrivialAction,
    equivariance_error,
)
from groupmat.nn.pool import GMPool, GMUnpool, InvariantPool
from groupmat.nn.weight_sharing import (
    RecoveredGroup,
    SinkhornStack,
    WeightSharingConv,
    recover_group,
    sinkhorn,
)

__all__ = [
    "Action",
    "DisplacementReport",
    "EquivarianceReport",
    "GMConv",
    "GMPool",
    "GMUnpool",
    "InvariantPool",
    "LDRGMConv",
    "PlainConv",
    "RPPConv",
    "RecoveredGroup",
    "RegularAction",
    "RelaxedGMConv",
    "RestrictedAction",
    "SinkhornStack",
    "SpaceAction",
    "SpatialAction",
    "TrivialAction",
    "WeightSharingConv",
    "displacement_penalty",
    "displacement_report",
    "equivariance_error",
    "prior_penalty",
    "recover_group",
    "sinkhorn",
]
