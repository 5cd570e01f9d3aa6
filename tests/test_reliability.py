"""Reliability figures against R's psych::alpha on the same data, and the Feldt interval against a published
worked example.

psych::alpha (R 4.2, psych 2.2.9, Debian's r-cran-psych) is run with its defaults (`use = "pairwise"`), the
rule reliability.py states; the data sets are generated here, with and without missing answers, and each
figure must agree to 3 decimals. R is a real part of this suite: when Rscript or psych is missing the tests
fail and say how to install them (the README's test command does).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest

from centricity.team.reliability import feldt, pairwise_covariance, scale

R_SCRIPT = """
suppressMessages(library(psych))
d <- read.csv(commandArgs(TRUE)[1])
a <- psych::alpha(d, warnings = FALSE)
cat(paste0(
  '{"alpha":', a$total$raw_alpha, ',"alpha_std":', a$total$std.alpha,
  ',"r_drop":[', paste(a$item.stats[, "r.drop"], collapse = ","),
  '],"alpha_if_dropped":[', paste(a$alpha.drop[, "raw_alpha"], collapse = ","),
  '],"ci_low":', a$feldt$lower.ci, ',"ci_high":', a$feldt$upper.ci,
  ',"cov":[', paste(cov(d, use = "pairwise"), collapse = ","), ']}'))
"""


def rscript() -> str:
    found = shutil.which("Rscript")
    assert found, (
        "Rscript is missing: apt-get install r-base-core r-cran-psych (the README's test command does)"
    )
    return found


def psych_alpha(tmp_path, x: np.ndarray) -> dict:
    """psych::alpha's figures for the matrix x (NaN: missing), read back as JSON."""
    path = tmp_path / "scores.csv"
    header = ",".join(f"i{j + 1}" for j in range(x.shape[1]))
    rows = [",".join("NA" if np.isnan(v) else repr(float(v)) for v in row) for row in x]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    script = tmp_path / "alpha.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    done = subprocess.run([rscript(), str(script), str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"psych::alpha failed (is r-cran-psych installed?): {done.stderr}"
    return json.loads(done.stdout.replace("NA", "null"))


def dataset(seed: int, n: int, k: int, missing: float, options: int = 5, noise: float = 1.0) -> np.ndarray:
    """Answers on a 0-100 scale of `options` steps driven by one latent trait plus noise, with a share of
    answers missing at random (never a whole respondent)."""
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    loadings = rng.uniform(0.3, 1.2, size=(1, k))
    raw = np.clip(
        np.round((options - 1) / 2 + trait * loadings + rng.normal(scale=noise, size=(n, k))), 0, options - 1
    )
    x = raw * (100 / (options - 1))
    holes = rng.random((n, k)) < missing
    holes[holes.all(axis=1), 0] = False
    x[holes] = np.nan
    return x


DATASETS = {
    "complete, 8 items": dataset(1, 150, 8, 0.0),
    "12% missing, 6 items": dataset(2, 300, 6, 0.12),
    "30% missing, 10 items": dataset(3, 120, 10, 0.30),
    "small, 4 options, 3 items": dataset(4, 25, 3, 0.08, options=4),
    "weak scale, 5 items": dataset(5, 200, 5, 0.10, noise=3.0),
}


@pytest.mark.parametrize("name", DATASETS)
def test_alpha_r_drop_and_alpha_if_dropped_agree_with_psych(tmp_path, name):
    x = DATASETS[name]
    ours = scale(x)
    theirs = psych_alpha(tmp_path, x)
    assert ours.n == x.shape[0] and ours.k == x.shape[1]
    assert ours.alpha == pytest.approx(theirs["alpha"], abs=5e-4)
    assert ours.alpha_std == pytest.approx(theirs["alpha_std"], abs=5e-4)
    assert ours.r_drop == pytest.approx(theirs["r_drop"], abs=5e-4)
    assert ours.alpha_if_dropped == pytest.approx(theirs["alpha_if_dropped"], abs=5e-4)
    assert (ours.ci_low, ours.ci_high) == pytest.approx((theirs["ci_low"], theirs["ci_high"]), abs=5e-4)
    cov = np.array(theirs["cov"]).reshape(x.shape[1], x.shape[1])
    assert np.allclose(pairwise_covariance(x), cov, atol=1e-9)


def test_the_data_sets_differ_enough_to_mean_something():
    alphas = [scale(x).alpha for x in DATASETS.values()]
    assert max(alphas) > 0.8 and min(alphas) < 0.6


def test_feldt_interval_matches_the_published_worked_example():
    """Chris Evans's worked example of the Feldt interval (Feldt, Woodruff & Salih 1987, formulas 6 and 7),
    on the MRC Cognition and Brain Sciences Unit's statistics wiki, "R code for computing confidence
    intervals for Cronbach's alpha" (imaging.mrc-cbu.cam.ac.uk/statswiki/FAQ/cafun):
    feldt1.return(0.913, 873, 20, 0.95) gives 0.9044024 to 0.9211588."""
    low, high = feldt(0.913, 873, 20)
    assert low == pytest.approx(0.9044024, abs=5e-8)
    assert high == pytest.approx(0.9211588, abs=5e-8)


def test_feldt_interval_narrows_with_respondents_and_needs_two():
    wide, narrow = feldt(0.8, 20, 6), feldt(0.8, 2000, 6)
    assert wide[0] < narrow[0] < 0.8 < narrow[1] < wide[1]
    assert feldt(0.8, 1, 6) == (None, None)


def test_no_alpha_without_two_items_or_pairs_answered_together():
    x = dataset(6, 50, 3, 0.0)
    assert scale(x[:, :1]).alpha is None
    apart = x.copy()
    apart[:25, 0] = np.nan
    apart[25:, 1] = np.nan  # items 1 and 2 never answered by the same person
    s = scale(apart)
    assert s.alpha is None and s.correlations[0][1] is None and s.correlations[0][2] is not None
