"""Shared test helpers: an independent equilibrium check, written without chipgame's solver code."""

from __future__ import annotations

import itertools
import os
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
"""Debian's chromium and chromium-driver, which the browser tests drive with selenium."""

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
"""The shared folder beside the repository (reference data; may be absent)."""


def independent_regret(payoffs, profile) -> list:
    """Each player's gain from deviating, computed by brute force over all pure profiles.

    ``payoffs[profile_tuple][player]`` gives payoffs; ``profile`` is one distribution per player.
    Deliberately naive, to check the solver by a different route.
    """
    shape = tuple(len(mix) for mix in profile)
    n = len(shape)
    regret = []
    for player in range(n):
        values = [Fraction(0)] * shape[player]
        current = Fraction(0)
        for index in itertools.product(*(range(k) for k in shape)):
            weight_others = Fraction(1)
            for other in range(n):
                if other != player:
                    weight_others *= profile[other][index[other]]
            value = payoffs[index][player] * weight_others
            values[index[player]] += value
            current += value * profile[player][index[player]]
        regret.append(max(values) - current)
    return regret


def assert_equilibrium(game, profile, slack=0) -> None:
    """The profile is a distribution per player and no player gains by deviating."""
    for mix, size in zip(profile, game.shape):
        assert len(mix) == size
        assert all(p >= -slack for p in mix)
        assert abs(sum(mix) - 1) <= slack
    assert all(r <= slack for r in independent_regret(game.payoffs, profile))


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("the shared reference folder is not beside this repository")
    return SHARED


FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-quic", "--window-size=1200,1400")


def _require_browser() -> None:
    """Skip (fail under CI) unless Chromium, its driver and selenium are all here."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        reason = (f"the browser test needs {', '.join(missing)} "
                  "(apt-get install chromium chromium-driver; pip install selenium)")
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so it may not be skipped")
        pytest.skip(reason)


@pytest.fixture
def browser():
    """A headless Chromium driven by selenium. Skipped when it is missing, except where the
    environment variable ``CI`` is set: there the test fails, so CI cannot pass without it."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="chipgame-chromium-") as profile:
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()
