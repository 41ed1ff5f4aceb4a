"""Build script for the optional compiled Todd-Coxeter kernel.

All package metadata lives in pyproject.toml; this file only adds the C extension
``groupmat.algebra.presentations._coset_kernel``. It is optional: if no C compiler is
available the build carries on without it and groupmat uses its pure-Python kernel (same
results, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "groupmat.algebra.presentations._coset_kernel",
            sources=["groupmat/algebra/presentations/_coset_kernel.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
