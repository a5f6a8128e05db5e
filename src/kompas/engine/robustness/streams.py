"""The random numbers of the analysis: blocks of samples, each with generators of its own.

The samples are cut into blocks of `BLOCK` samples; every block draws from its own generators,
one per kind of draw (weights, discrete values, uniform values, normal values), seeded with
`SeedSequence(seed, spawn_key=(stream, block))`. A block's draws therefore depend on the seed and
the block only: the results replay exactly for the same seed and inputs, whatever the chunk size
and the number of worker threads (up to the floating-point summation order of the matrix
product, which could only matter for a score within 1e-16 of a threshold).
"""

from __future__ import annotations

import numpy as np

BLOCK = 1024  # samples per random block

# Random streams (the first element of the spawn key).
WEIGHTS = 0
MAIN_VALUES = (1, 2, 3)  # discrete, uniform, normal
CONFIDENCE_VALUES = (4, 5, 6)
PILOT = 9


def generator(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator of one stream of one block."""
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, block))
    return np.random.Generator(np.random.PCG64(sequence))
