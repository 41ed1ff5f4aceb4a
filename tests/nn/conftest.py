"""nn tests run torch single-threaded: their tensors are tiny, and on a shared 2-core machine
OpenMP worker threads only contend (a 25 ms check took a second with the default pool)."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True)
def _single_torch_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
