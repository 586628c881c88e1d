"""Learning-rate schedules: the η of each SGD step.

    constant:  η_s = η
    step:      η_s = η, then η/10 from half of the steps on, η/100 from three quarters on
    cosine:    η_s = η · ½ (1 + cos(π p)),  p = (s − w)/(S − w) the fraction of the steps done
    warm-up:   η_s = η · (s + 1)/w for the first w steps (any schedule), then as above

s counts steps from 0, S is the number of steps of the whole run, w the warm-up steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCHEDULES = ("constant", "step", "cosine")
"""The schedules by name (`Schedule.kind`)."""


@dataclass(frozen=True)
class Schedule:
    """η as a function of the step: ``Schedule(0.1, "cosine", total=1000, warmup=50)(s)``."""

    base: float
    kind: str = "constant"
    total: int = 1
    warmup: int = 0

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}, got {self.kind!r}")
        if not (self.base > 0 and math.isfinite(self.base)):
            raise ValueError(f"learning rate must be a positive number, got {self.base}")
        if self.total < 1:
            raise ValueError(f"a schedule needs at least one step, got {self.total}")
        if not 0 <= self.warmup < self.total:
            raise ValueError(f"warm-up must last 0 to {self.total - 1} steps (fewer than the "
                             f"run's {self.total}), got {self.warmup}")

    def __call__(self, step: int) -> float:
        """η at step ``step`` (0-based)."""
        if step < self.warmup:
            return self.base * (step + 1) / self.warmup
        if self.kind == "constant":
            return self.base
        done = (step - self.warmup) / (self.total - self.warmup)
        if self.kind == "step":
            return self.base * (1.0 if done < 0.5 else 0.1 if done < 0.75 else 0.01)
        return self.base * 0.5 * (1.0 + math.cos(math.pi * done))
