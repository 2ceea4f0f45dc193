"""Values outside a parameter's bounds, from any command-line route, are one line and exit 2;
values inside the bounds but outside the range run, with one warning line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.cli.test_cli import _assert_one_line_error, run

NVIDIA = "bytedance-vs-nvidia"


@pytest.mark.parametrize("args, fragment", [
    (("solve", NVIDIA, "--set", "p_cut=1.5"), "p_cut = 1.5 is outside the bounds [0, 1]"),
    (("solve", NVIDIA, "--set", "first_pass_success=-0.2"), "first_pass_success = -0.2 is outside the bounds [0, 1]"),
    (("solve", NVIDIA, "--set", "team_size=-1"), "team_size = -1 is outside the bounds [0, inf)"),
    (("sweep", NVIDIA, "--vary", "p_cut=0:1.5:4"), "p_cut = 3/2 is outside the bounds [0, 1]"),
    (("thresholds", NVIDIA, "--vary", "vendor_margin=-0.5:0.9"), "vendor_margin = -1/2 is outside the bounds [0, 1]"),
    (("tornado", NVIDIA, "--set", "p_cut=2"), "p_cut = 2 is outside the bounds [0, 1]"),
    (("monte-carlo", "bytedance-vs-cambricon", "--set", "inhouse_exposure=1.1", "--samples", "10"),
     "inhouse_exposure = 1.1 is outside the bounds [0, 1]"),
])
def test_values_outside_the_bounds_are_refused_in_one_line(args, fragment):
    _assert_one_line_error(run(*args), args[1], fragment, "fix: use values of")


def test_a_file_with_a_probability_above_one_is_refused_by_every_command(tmp_path):
    path = tmp_path / "market.toml"
    path.write_text('model = "chip-market"\n[roles]\nhyperscalers = ["ByteDance"]\nvendor = "Nvidia"\n'
                    "[parameters.p_cut]\nvalue = 1.5\n")
    for command in ("solve", "tornado", "closed-forms", "monte-carlo"):
        _assert_one_line_error(run(command, str(path)), str(path), "parameters.p_cut.value = 1.5", "[0, 1]")


def test_a_normal_distribution_on_a_share_is_refused_before_monte_carlo_draws(tmp_path):
    path = tmp_path / "margin.toml"
    path.write_text('model = "chip-market"\n[roles]\nhyperscalers = ["ByteDance"]\nvendor = "Nvidia"\n'
                    '[parameters.vendor_margin]\nvalue = 0.6\n'
                    'distribution = { kind = "normal", mean = 0.6, sd = 0.3 }\n')
    _assert_one_line_error(run("monte-carlo", str(path), "--samples", "100"), str(path),
                           "a normal distribution draws from (-inf, inf)", "vendor_margin")


def test_explore_outside_the_bounds_writes_no_page(tmp_path):
    page = tmp_path / "explorer.html"
    _assert_one_line_error(run("explore", NVIDIA, "-o", str(page), "--vary", "p_cut=0:3:3"), "p_cut = 3")
    assert not page.exists()


def test_inside_the_bounds_but_outside_the_range_runs_with_one_warning_line():
    result = run("solve", NVIDIA, "--set", "p_cut=0.95", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "chipgame: warning: a value used is outside the range [0, 9/10] of p_cut "
        "(allowed: it is inside the bounds [0, 1])"]
    assert '"p_cut": 0.95' in result.stdout


def test_a_sweep_reaching_outside_the_range_warns_once_not_once_per_point():
    result = run("sweep", NVIDIA, "--vary", "p_cut=0.5:1:11", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "chipgame: warning: a value used is outside the range [0, 9/10] of p_cut "
        "(allowed: it is inside the bounds [0, 1])"]


WARNING = ("chipgame: warning: a value used is outside the range [0, 9/10] of p_cut "
           "(allowed: it is inside the bounds [0, 1])")


def test_a_report_whose_parts_all_meet_the_value_outside_the_range_warns_once(tmp_path):
    # the tornado, the paths and the robustness draws each evaluate the model at p_cut = 0.95,
    # and code that enters warnings.catch_warnings clears the registry Python's own "once" keeps
    result = run("report", NVIDIA, "--set", "p_cut=0.95", "-o", str(tmp_path / "report.html"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [WARNING]


def test_the_program_warns_once_when_its_report_runs_on_forked_workers(tmp_path):
    # the workers' warnings come back with their results and are said here, once
    process = subprocess.run([sys.executable, "-c", "from chipgame.cli import run; run()", "report", NVIDIA,
                              "--set", "p_cut=0.95", "-o", str(tmp_path / "report.html")],
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    assert process.stderr.splitlines() == [WARNING]
