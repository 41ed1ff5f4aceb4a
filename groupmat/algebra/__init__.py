"""The algebra core: finite groups as arrays and everything derived from them.

The face of the algebra: everything public is importable from here (and from :mod:`groupmat`).
The implementation lives in private modules (``_group.py``, ``_subgroup.py``, ...) and in
subpackages whose ``__init__`` is their own face:

- :mod:`groupmat.algebra.presentations`: presentations, words, coset enumeration, Coxeter groups;
- :mod:`groupmat.algebra.matrices`: group matrices, regular representations, displacement, LDR
  perturbations, the group determinant;
- :mod:`groupmat.algebra.representations`: characters, irreducible representations, Fourier;
- :mod:`groupmat.algebra.crystal`: spatial, wallpaper and space groups on a torus.
- :mod:`groupmat.algebra.subgroups`: classes of subgroups and the lattice, normal structure,
  Sylow and Hall subgroups, series, isomorphism, automorphism groups, structure descriptions.
"""

from groupmat.algebra._automorphisms import extend_automorphism, holomorph
from groupmat.algebra._cayley import WordMetric, cayley_graph, word_metric
from groupmat.algebra._element_arrays import (
    conjugate_by,
    double_coset_labels,
    left_multiply,
    right_multiply,
)
from groupmat.algebra._equivariant_kernels import (
    DoubleCosets,
    double_cosets,
    equivariant_basis,
    pair_orbit_labels,
)
from groupmat.algebra._families import (
    abelian,
    alternating,
    cyclic,
    dicyclic,
    dihedral,
    gl,
    klein_four,
    mathieu,
    pgl,
    psl,
    quaternion,
    sl,
    symmetric,
    trivial,
)
from groupmat.algebra._group import MAX_LISTED_DEGREE, MAX_TABLE_ORDER, Element, Group
from groupmat.algebra._homogeneous import HomogeneousSpace, QuotientMap, quotient_map
from groupmat.algebra._homomorphism import Homomorphism, natural_homomorphism
from groupmat.algebra._identify import identify
from groupmat.algebra._matrix_groups import MatrixGroup, matrix_group, max_finite_order
from groupmat.algebra._permutations import DEFAULT_MAX_ORDER, from_cycles, orbits
from groupmat.algebra._products import (
    ProductMaps,
    direct_product,
    semidirect_product,
    wreath_product,
)
from groupmat.algebra._structure import (
    abelian_invariants,
    center,
    centralizer,
    class_map,
    class_of,
    class_sizes,
    commutator_subgroup,
    conjugacy_classes,
    derived_series,
    is_perfect,
    is_simple,
    lower_central_series,
    normalizer,
    upper_central_series,
)
from groupmat.algebra._subgroup import Subgroup, SubgroupLike, quotient
from groupmat.algebra._validate import ElementLike, ElementsLike
from groupmat.algebra.crystal import *  # noqa: F403  (its __all__)
from groupmat.algebra.crystal import __all__ as _crystal_all
from groupmat.algebra.matrices import *  # noqa: F403
from groupmat.algebra.matrices import __all__ as _matrices_all
from groupmat.algebra.permgroups import *  # noqa: F403  (PermGroup: stabiliser chains)
from groupmat.algebra.permgroups import __all__ as _permgroups_all
from groupmat.algebra.presentations import *  # noqa: F403
from groupmat.algebra.presentations import __all__ as _presentations_all
from groupmat.algebra.representations import *  # noqa: F403
from groupmat.algebra.representations import __all__ as _representations_all
from groupmat.algebra.subgroups import *  # noqa: F403  (lattice, Sylow, series, recognition)
from groupmat.algebra.subgroups import __all__ as _subgroups_all

__all__ = [
    "DEFAULT_MAX_ORDER",
    "MAX_LISTED_DEGREE",
    "MAX_TABLE_ORDER",
    "DoubleCosets",
    "Element",
    "ElementLike",
    "ElementsLike",
    "Group",
    "HomogeneousSpace",
    "Homomorphism",
    "MatrixGroup",
    "ProductMaps",
    "QuotientMap",
    "Subgroup",
    "SubgroupLike",
    "WordMetric",
    "abelian",
    "abelian_invariants",
    "alternating",
    "cayley_graph",
    "center",
    "centralizer",
    "class_map",
    "class_of",
    "class_sizes",
    "commutator_subgroup",
    "conjugacy_classes",
    "cyclic",
    "derived_series",
    "dicyclic",
    "dihedral",
    "direct_product",
    "double_cosets",
    "equivariant_basis",
    "extend_automorphism",
    "from_cycles",
    "gl",
    "holomorph",
    "identify",
    "is_perfect",
    "is_simple",
    "klein_four",
    "lower_central_series",
    "mathieu",
    "matrix_group",
    "natural_homomorphism",
    "normalizer",
    "orbits",
    "pgl",
    "psl",
    "quaternion",
    "quotient",
    "quotient_map",
    "semidirect_product",
    "sl",
    "symmetric",
    "trivial",
    "upper_central_series",
    "word_metric",
    "wreath_product",
    "conjugate_by",
    "double_coset_labels",
    "left_multiply",
    "max_finite_order",
    "pair_orbit_labels",
    "right_multiply",
    *_crystal_all,
    *_matrices_all,
    *_permgroups_all,
    *_presentations_all,
    *_representations_all,
    *_subgroups_all,
]
