"""Cronbach's alpha and its companions for one scale, from a respondents-by-items matrix of scores.

Missing answers have one estimator, everywhere: pairwise-complete covariances, the default of R's
`psych::alpha` (`use = "pairwise"`), so a researcher who reruns the export in R gets the same digits
(tests/test_reliability.py compares them). Each covariance is that of the respondents who answered both
items (their own means, divided by their number minus one); correlations are those covariances scaled by
each item's own variance (R's `cov2cor`). Alpha, standardized alpha, item-rest correlations (`r.drop`) and
alpha if an item is dropped all follow from that one matrix, as psych computes them; the Feldt interval
(Feldt, Woodruff & Salih 1987) uses the respondents with at least one answer, as psych counts its rows.

numpy and scipy are the `stats` extra: only the report command and the collecting server import this
module, never the static site.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import fdtri

ESTIMATOR = "pairwise"  # the one rule for missing answers, named as psych::alpha's `use` argument
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Scale:
    """The reliability figures of one scale (None where they cannot be computed)."""

    n: int  # respondents with at least one answer among the items
    k: int  # items
    alpha: float | None
    alpha_std: float | None
    ci_low: float | None
    ci_high: float | None
    r_drop: tuple[float | None, ...]  # per item: correlation with the sum of the others
    alpha_if_dropped: tuple[float | None, ...]  # per item (none below three items)
    correlations: tuple[tuple[float | None, ...], ...]  # k x k, pairwise


def pairwise_covariance(x: np.ndarray) -> np.ndarray:
    """R's `cov(x, use = "pairwise")`: NaN marks a missing answer; a pair answered together by fewer than
    two respondents has no covariance (NaN)."""
    present = ~np.isnan(x)
    m = present.astype(np.float64)
    # Centring on each column's mean changes no covariance and keeps the sums of products small.
    centre = np.where(present, x, 0.0).sum(axis=0) / np.maximum(m.sum(axis=0), 1)
    z = np.where(present, x - centre, 0.0)
    both = m.T @ m  # respondents who answered i and j
    sums = z.T @ m  # [i, j]: the sum of item i over those who answered both
    products = z.T @ z
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (products - sums * sums.T / both) / (both - 1)
    cov[both < 2] = np.nan
    return cov


def scale(x: np.ndarray) -> Scale:
    """The figures of the scale whose items are the columns of `x` (scores, NaN where missing)."""
    answered = ~np.isnan(x)
    n = int(answered.any(axis=1).sum())
    k = x.shape[1]
    cov = pairwise_covariance(x)
    if k < 2 or np.isnan(cov).any():
        return Scale(n, k, None, None, None, None, (None,) * k, (None,) * k, _matrix(_correlations(cov)))
    cor = _correlations(cov)
    alpha = _alpha(k, float(np.trace(cov)), float(cov.sum()))
    alpha_std = _alpha(k, float(k), float(cor.sum()))
    low, high = feldt(alpha, n, k) if alpha is not None else (None, None)
    return Scale(n, k, alpha, alpha_std, low, high, _r_drop(cov), _alpha_if_dropped(cov), _matrix(cor))


def _alpha(k: int, trace: float, total: float) -> float | None:
    """psych's `alpha.1`: (1 - trace / sum) * k / (k - 1), of a covariance matrix (raw alpha) or of a
    correlation matrix (standardized alpha, whose trace is k)."""
    if total <= 0:
        return None
    return (1 - trace / total) * k / (k - 1)


def _correlations(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    with np.errstate(divide="ignore", invalid="ignore"):
        return cov / np.outer(sd, sd)


def _rest(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per item: its variance, its covariance with the sum of the others, and the variance of that sum."""
    var = np.diag(cov)
    with_rest = cov.sum(axis=0) - var
    rest = cov.sum() - 2 * cov.sum(axis=0) + var
    return var, with_rest, rest


def _r_drop(cov: np.ndarray) -> tuple[float | None, ...]:
    var, with_rest, rest = _rest(cov)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = with_rest / np.sqrt(var * rest)
    return _vector(r)


def _alpha_if_dropped(cov: np.ndarray) -> tuple[float | None, ...]:
    k = cov.shape[0]
    if k < 3:
        return (None,) * k
    var, _with_rest, rest = _rest(cov)
    trace = np.trace(cov) - var
    return tuple(_alpha(k - 1, float(t), float(s)) for t, s in zip(trace, rest, strict=True))


def feldt(alpha: float, n: int, k: int, confidence: float = CONFIDENCE) -> tuple[float | None, float | None]:
    """The Feldt interval: 1 - (1 - alpha) F, with F the F distribution's quantiles at (1 +- confidence) / 2
    on n - 1 and (n - 1)(k - 1) degrees of freedom (Feldt, Woodruff & Salih 1987, formulas 6 and 7)."""
    if n < 2 or k < 2:
        return None, None
    tail = (1 - confidence) / 2
    d1, d2 = n - 1, (n - 1) * (k - 1)
    return 1 - (1 - alpha) * float(fdtri(d1, d2, 1 - tail)), 1 - (1 - alpha) * float(fdtri(d1, d2, tail))


def _vector(values: np.ndarray) -> tuple[float | None, ...]:
    return tuple(None if not np.isfinite(v) else float(v) for v in values)


def _matrix(values: np.ndarray) -> tuple[tuple[float | None, ...], ...]:
    return tuple(_vector(row) for row in values)
