"""Equivariant PyTorch layers compiled from finite groups.

``GMConv`` (lifting, group and projection convolutions), ``GMPool`` / ``GMUnpool`` (coset and
strided pooling), ``InvariantPool`` (group-invariant head), and ``equivariance_error`` with the
actions ``RegularAction``, ``SpaceAction``, ``SpatialAction``, ``TrivialAction``. Field types
(``FieldType``: vector fields and other representations of the point group) enter and leave
through ``FieldLifting`` / ``FieldProjection`` (``LiftField`` / ``ProjectField``) and are moved by
``FieldAction``.

>>> import torch
>>> from groupmat import spatial_group
>>> from groupmat import nn as gnn
>>> S = spatial_group((8, 8), point_group="D4")
>>> model = torch.nn.Sequential(
...     gnn.GMConv(S.pixels, S, 1, 4, kernel=3), torch.nn.ReLU(),
...     gnn.GMConv(S, S, 4, 4, kernel=3), torch.nn.ReLU(),
...     gnn.InvariantPool("max"))
>>> model(torch.randn(2, 1, 8, 8)).shape
torch.Size([2, 4])
"""

from groupmat.nn._approx import (
    DisplacementReport,
    LDRGMConv,
    displacement_penalty,
    displacement_report,
    prior_penalty,
)
from groupmat.nn._baselines import PlainConv, RelaxedGMConv, RPPConv
from groupmat.nn._conv import GMConv
from groupmat.nn._equivariance import (
    Action,
    ActionLike,
    EquivarianceReport,
    ImageAction,
    RegularAction,
    RestrictedAction,
    SpaceAction,
    SpatialAction,
    TrivialAction,
    actions_of,
    assert_equivariant,
    equivariance_error,
)
from groupmat.nn._fields import (
    FieldAction,
    FieldLifting,
    FieldProjection,
    FieldType,
    FieldTypeError,
    LiftField,
    ProjectField,
)
from groupmat.nn._pool import GMPool, GMUnpool, InvariantPool
from groupmat.nn._protocols import ApproximateLayer
from groupmat.nn._weight_sharing import (
    RecoveredGroup,
    SinkhornStack,
    WeightSharingConv,
    harden,
    permutation_matrices,
    recover_group,
    regular_representation,
    sinkhorn,
    spatial_representation,
)

__all__ = [
    "Action",
    "ActionLike",
    "ApproximateLayer",
    "DisplacementReport",
    "EquivarianceReport",
    "FieldAction",
    "FieldLifting",
    "FieldProjection",
    "FieldType",
    "FieldTypeError",
    "GMConv",
    "GMPool",
    "GMUnpool",
    "ImageAction",
    "InvariantPool",
    "LDRGMConv",
    "LiftField",
    "PlainConv",
    "ProjectField",
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
    "actions_of",
    "assert_equivariant",
    "displacement_penalty",
    "displacement_report",
    "equivariance_error",
    "harden",
    "permutation_matrices",
    "prior_penalty",
    "recover_group",
    "regular_representation",
    "sinkhorn",
    "spatial_representation",
]
