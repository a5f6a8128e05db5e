"""How robust is the advice? Stochastic multicriteria acceptability analysis (SMAA-2).

The compass gives one advice per region from one set of weights and the judgements as recorded.
Here the weights and the values are uncertain instead, described by distributions, and many
samples are drawn from them: each sample weighs every region once, classifies it on the track's
thresholds (by `scoring.classify`, as the advice does) and ranks the regions. Counting over the
samples gives, per region:

- **level acceptability**: the share of samples in which the region reaches each focus level
  (the classification form of SMAA);
- **rank acceptability** b_i^r: the share of samples in which it ranks r-th (SMAA-2);
- **central weights**: the mean weights of the samples in which it ranks first;
- **confidence factor**: the probability that it ranks first when weighed with its own central
  weights, over the value uncertainty alone;
- **pairwise winning chances**: P(score_i > score_j).

Gates come first, as in the advice: a region with a failed precondition has the level "none"
with probability 1, and is left out of the ranking, so it influences nothing else.

The modules, each with the details in its description:

- `weights`: the weight models (Dirichlet around the compass's weights, an order of
  importance, intervals) and drawing weights from them;
- `values`: the plan of which values are uncertain and how (`Plan`), and drawing them;
- `streams`: the random numbers, per block of samples, for exact replay;
- `levels`: levels from scores by `scoring.classify`, counted fast;
- `analysis`: the vectorised analysis over blocks of samples (`smaa`);
- `result`: what it gives (`Robustness`).
"""

from kompas.engine.robustness.analysis import (
    CONFIDENCE_SAMPLES,
    DEFAULT_CHUNK,
    DEFAULT_MODEL,
    DEFAULT_SAMPLES,
    PAIRWISE_SAMPLES,
    rank_key,
    smaa,
)
from kompas.engine.robustness.levels import level_counts, level_floors
from kompas.engine.robustness.result import Robustness, standard_error
from kompas.engine.robustness.streams import BLOCK
from kompas.engine.robustness.values import KINDS, Cell, CellKind, Group, Plan, plan
from kompas.engine.robustness.weights import (
    DEFAULT_CONCENTRATION,
    MIN_ACCEPTANCE,
    MIN_ALPHA,
    PILOT_SAMPLES,
    OrderLevel,
    WeightKind,
    WeightModel,
    sample_weights,
)

__all__ = [
    "BLOCK",
    "CONFIDENCE_SAMPLES",
    "DEFAULT_CHUNK",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_MODEL",
    "DEFAULT_SAMPLES",
    "KINDS",
    "MIN_ACCEPTANCE",
    "MIN_ALPHA",
    "PAIRWISE_SAMPLES",
    "PILOT_SAMPLES",
    "Cell",
    "CellKind",
    "Group",
    "OrderLevel",
    "Plan",
    "Robustness",
    "WeightKind",
    "WeightModel",
    "level_counts",
    "level_floors",
    "plan",
    "rank_key",
    "sample_weights",
    "smaa",
    "standard_error",
]
