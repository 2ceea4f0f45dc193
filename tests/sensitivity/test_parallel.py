"""Sweeps and Monte Carlo runs in chunks: here, on local processes and on a Dask cluster.

Wherever the chunks run, the result must be identical, to the last bit: the same JSON document,
the same exact mask, the same equilibria (exact fractions at break-even points) at every point.
The cluster is a ``distributed.LocalCluster`` of two worker processes started by these tests.
Chunks are made small here so that every run has several of them.
"""

from __future__ import annotations

import importlib.resources
import itertools
import json
import os
import pickle
import re
import socket
import subprocess
import sys
import warnings
from fractions import Fraction

import distributed
import numpy as np
import pytest
import sympy
from click.testing import CliRunner

import chipgame
from chipgame.cli import main
from chipgame.errors import SolverError
from chipgame.payoffs import Parameter, PayoffModel, parse_formula
from chipgame.reports import monte_carlo_document, sweep_document
from chipgame.seeds import seed_names
from chipgame.sensitivity import Axis, MonteCarlo, Sweep, batch_solve, grid_axis, monte_carlo, parallel, sweep

CHUNK = 1000
"""Points per chunk in these tests."""


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", CHUNK)


def _uncertain_seed(tmp_path):
    """bytedance-vs-cambricon with distributions on chip spend, vendor margin and supply-cut risk only
    (wide enough that draws cross its thresholds), in place of those the seed declares."""
    text = (importlib.resources.files("chipgame.seeds") / "bytedance-vs-cambricon.toml").read_text(encoding="utf-8")
    text = re.sub(r"^distribution = .*\n", "", text, flags=re.MULTILINE)
    for name, distribution in [("chip_spend", 'kind = "triangular", low = 5, mode = 30, high = 60'),
                               ("vendor_margin", 'kind = "uniform", low = 0.3, high = 0.7'),
                               ("p_cut", 'kind = "uniform", low = 0, high = 0.6')]:
        header = f"[parameters.{name}]\n"
        assert text.count(header) == 1
        text = text.replace(header, f"{header}distribution = {{ {distribution} }}\n")
    path = tmp_path / "uncertain.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _threshold_grid() -> list[Axis]:
    """Chip spend in steps of 125/357 bn RMB, so both break-evens at base (4000/357 and 125/3) are grid
    points, against vendor margins 0.3 to 0.7 in steps of 0.02 (0.5, the base, included): 3150 points,
    some 190 of them break-even points, solved exactly."""
    step = Fraction(125, 357)
    return [Axis("chip_spend", tuple(step * k for k in range(8, 158))), grid_axis("vendor_margin", "0.3", "0.7", 21)]


def _sweep_everything(result: Sweep):
    return (json.dumps(sweep_document(result)), result.exact.tolist(), result.structures,
            [result.equilibria_at(k) for k in range(len(result))])


def _monte_carlo_everything(result: MonteCarlo):
    return (json.dumps(monte_carlo_document(result)), {name: values.tolist() for name, values in result.draws.items()},
            result.exact.tolist(), result.structures, [result.equilibria_at(k) for k in range(len(result.structures))])


# ---------------------------------------------------------------- models travel unchanged


@pytest.mark.parametrize("name", seed_names())
def test_a_pickled_seed_model_has_the_very_same_expressions(name):
    model = chipgame.load_scenario(name).model
    copy = pickle.loads(pickle.dumps(model))
    assert copy.players == model.players and copy.strategies == model.strategies and copy.title == model.title
    assert copy.parameters == model.parameters
    assert list(copy.payoffs) == list(model.payoffs)
    for profile, row in model.payoffs.items():
        assert [sympy.srepr(e) for e in copy.payoffs[profile]] == [sympy.srepr(e) for e in row], profile


def test_unevaluated_formulas_and_distributions_survive_pickling():
    names = {"x": Parameter("x", 1).symbol, "y": Parameter("y", 1).symbol}
    built = parse_formula("where(x > y, max(x, x + 1), min(y, 2 * y)) + x / 3", names)
    assert pickle.loads(pickle.dumps(built)) != built  # sympy's own pickling makes max(x, x + 1) x + 1
    model = PayoffModel(("A", "B"), (("a",), ("b",)), {("a", "b"): (built, -built)},
                        [Parameter("x", 0.5, distribution={"kind": "uniform", "low": 0, "high": 1}), Parameter("y", 2)])
    copy = pickle.loads(pickle.dumps(model))
    assert sympy.srepr(copy.payoffs[("a", "b")][0]) == sympy.srepr(built)
    assert dict(copy.parameters[0].distribution) == dict(model.parameters[0].distribution)


# ---------------------------------------------------------------- the chunk runner


def test_chunks_cover_the_points_in_order():
    assert parallel.chunk_bounds(1, 1000) == ((0, 1),)
    assert parallel.chunk_bounds(2500, 1000) == ((0, 1000), (1000, 2000), (2000, 2500))


@pytest.mark.parametrize("workers", [1, 2])
def test_map_chunks_keeps_the_order_and_reports_each_chunk(workers):
    seen = []
    assert parallel.map_chunks(pow, 3, list(range(7)), workers=workers,
                               progress=lambda done, total: seen.append((done, total)),
                               meanwhile=lambda: seen.append("meanwhile")) == [3 ** k for k in range(7)]
    # this process's own work is done once, here, before any chunk's result is taken
    assert seen == [(0, 7), "meanwhile", *((done, 7) for done in range(1, 8))]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_warnings_of_chunks_run_elsewhere_are_issued_here(workers):
    # warnings.warn(message, category) as the chunk: a function a worker process can import
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert parallel.map_chunks(warnings.warn, "from a chunk", [UserWarning, RuntimeWarning],
                                   workers=workers) == [None, None]
    assert {(str(w.message), w.category) for w in caught} == {("from a chunk", UserWarning),
                                                              ("from a chunk", RuntimeWarning)}


@pytest.mark.parametrize(("workers", "scheduler", "fragment"), [
    (0, None, "workers = 0"), (-2, None, "workers = -2"), (True, None, "workers = True"), (1.5, None, "workers = 1.5"),
    (1, "", "is not an address"), (1, " ", "is not an address"), (2, "tcp://127.0.0.1:8786", "both"),
])
def test_unusable_workers_or_scheduler_are_refused(workers, scheduler, fragment):
    with pytest.raises(SolverError, match=fragment):
        parallel.map_chunks(pow, 2, [1], workers=workers, scheduler=scheduler)


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def test_an_unreachable_scheduler_is_a_solver_error(monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1.0)
    address = _closed_port()
    with pytest.raises(SolverError, match="cannot reach a Dask scheduler at"):
        parallel.map_chunks(pow, 2, [1], scheduler=address)


def test_without_distributed_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(SolverError, match=r"chipgame\[cluster\]"):
        parallel.map_chunks(pow, 2, [1], scheduler="tcp://127.0.0.1:8786")


# ---------------------------------------------------------------- identical results wherever chunks run


def test_a_sweep_is_identical_in_one_chunk_in_chunks_on_processes_and_on_a_cluster(cluster, monkeypatch):
    model = chipgame.load_scenario("bytedance-vs-cambricon").model
    axes = _threshold_grid()
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", 10 ** 9)
    whole = sweep(model, axes)
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", CHUNK)
    seen = []
    runs = [sweep(model, axes), sweep(model, axes, workers=2),
            sweep(model, axes, scheduler=cluster.scheduler_address, progress=lambda done, total: seen.append(done))]
    assert whole.exact.sum() > 20  # break-even points, solved exactly, in several chunks
    assert len({k // CHUNK for k in np.flatnonzero(whole.exact)}) > 2
    reference = _sweep_everything(whole)
    for run in runs:
        assert _sweep_everything(run) == reference
        assert [r.points for r in run.regimes] == [r.points for r in whole.regimes]
    assert seen == list(range(len(parallel.chunk_bounds(len(whole), CHUNK)) + 1))


def test_a_monte_carlo_run_is_identical_here_on_processes_and_on_a_cluster(cluster, small_chunks, tmp_path):
    model = chipgame.load_scenario(str(_uncertain_seed(tmp_path))).model
    local = monte_carlo(model, 4000, seed=11)
    assert len(local.regime_probabilities) > 1
    reference = _monte_carlo_everything(local)
    assert _monte_carlo_everything(monte_carlo(model, 4000, seed=11, workers=2)) == reference
    assert _monte_carlo_everything(monte_carlo(model, 4000, seed=11, scheduler=cluster.scheduler_address)) == reference
    assert _monte_carlo_everything(monte_carlo(model, 4000, seed=12, workers=2)) != reference


def test_degenerate_draws_are_solved_exactly_in_every_chunk_wherever_they_run(cluster, monkeypatch):
    # once the buyer builds, a vendor with a margin above 1/2 gets 0 whatever it does: a degenerate game
    monkeypatch.setattr(batch_solve, "CHUNK_POINTS", 300)
    spend, margin = sympy.symbols("chip_spend vendor_margin")
    build_cost = spend * (1 - margin) + 3
    model = PayoffModel(
        ("Hyperscaler", "Vendor"), (("Buy", "Build"), ("Hold", "Cut")),
        {("Buy", "Hold"): (-spend, spend * margin), ("Buy", "Cut"): (-spend * (1 - margin / 2), spend * margin / 2),
         ("Build", "Hold"): (-build_cost, 0), ("Build", "Cut"): (-build_cost, sympy.Min(0, margin - sympy.Rational(1, 2)))},
        [Parameter("chip_spend", 80, distribution={"kind": "uniform", "low": 2, "high": 40}),
         Parameter("vendor_margin", 0.7, distribution={"kind": "uniform", "low": 0.1, "high": 0.9})])
    local = monte_carlo(model, 1200, seed=5)
    assert 300 < local.exact.sum() < 900
    assert all(chunk.any() and not chunk.all() for chunk in np.split(local.exact, 4))  # batch and exact in each
    assert all(eq.is_exact for k in np.flatnonzero(local.exact) for eq in local.equilibria_at(int(k)))
    reference = _monte_carlo_everything(local)
    assert _monte_carlo_everything(monte_carlo(model, 1200, seed=5, workers=2)) == reference
    assert _monte_carlo_everything(monte_carlo(model, 1200, seed=5, scheduler=cluster.scheduler_address)) == reference


@pytest.mark.parametrize("where", ["workers", "scheduler"])
def test_an_error_in_a_chunk_stops_the_run_wherever_it_ran(cluster, small_chunks, where):
    m = sympy.Symbol("m")
    model = PayoffModel(("Buyer", "Vendor"), (("Buy", "Build"), ("Hold",)),
                        {("Buy", "Hold"): (-1 / (1 - m), m), ("Build", "Hold"): (-sympy.Rational(15, 7), 0)},
                        [Parameter("m", 0.5)])
    options = {"workers": 2} if where == "workers" else {"scheduler": cluster.scheduler_address}
    with pytest.raises(chipgame.ModelError, match="at m=1: it divides by zero"):  # the last point of the last chunk
        sweep(model, [grid_axis("m", "0", "1", 2001)], **options)


def test_three_players_are_solved_in_small_chunks_with_the_same_result_on_processes(monkeypatch):
    x = sympy.Symbol("x")
    payoffs = {}
    for a, b, c in itertools.product("UD", "LR", "WE"):
        u, left, w = int(a == "U"), int(b == "L"), int(c == "W")
        payoffs[(a, b, c)] = (x * u * left + w, left * (1 - u) + x * w, w * u - x * left)
    model = PayoffModel(("A", "B", "C"), (("U", "D"), ("L", "R"), ("W", "E")), payoffs, [Parameter("x", 1)])
    assert batch_solve.chunk_size(model) == batch_solve.N_PLAYER_CHUNK_POINTS == 512
    monkeypatch.setattr(batch_solve, "N_PLAYER_CHUNK_POINTS", 8)
    axes = [grid_axis("x", -2, 2, 21)]  # three chunks; screened, flagged points solved exactly
    seen = []
    here = sweep(model, axes, progress=lambda done, total: seen.append((done, total)))
    # three pure equilibria below x = 0, two above, and four (and continua) at the tie x = 0
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)] and [len(r.points) for r in here.regimes] == [10, 1, 10]
    assert _sweep_everything(sweep(model, axes, workers=2)) == _sweep_everything(here)


# ---------------------------------------------------------------- the commands


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_commands_give_the_same_output_on_a_cluster_and_no_progress_bar_when_not_a_terminal(
        cluster, small_chunks, tmp_path):
    seed = str(_uncertain_seed(tmp_path))
    commands = [("monte-carlo", seed, "--samples", "3000", "--seed", "2", "--format", "json"),
                ("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=5:60:60", "--vary", "vendor_margin=0.4:0.7:50",
                 "--format", "json"),
                ("thresholds", "bytedance-vs-cambricon", "--vary", "chip_spend", "--format", "json"),
                ("tornado", "prisoners-dilemma", "--format", "json")]
    for command in commands:
        here = _run(*command)
        there = _run(*command, "--scheduler", cluster.scheduler_address)
        local = _run(*command, "--workers", "2")
        assert here.exit_code == there.exit_code == local.exit_code == 0, (here.output, there.stderr, local.stderr)
        assert json.loads(here.stdout) == json.loads(there.stdout) == json.loads(local.stdout)
        assert here.stdout == there.stdout == local.stdout
        for result in (here, there, local):  # three chunks or more, but a runner is not a terminal
            assert result.stderr == "" and "━" not in result.output


@pytest.mark.slow  # about 20 s: the flagship explorer built four ways
def test_the_explorer_page_is_the_same_whatever_runs_its_stages(cluster, small_chunks, tmp_path):
    pages = []
    for where, options in (("here", ()), ("processes", ("--workers", "2")),
                           ("cluster", ("--scheduler", cluster.scheduler_address))):
        path = tmp_path / f"{where}.json"
        result = _run("explore", "bytedance-vs-cambricon", "-o", str(path), "--format", "json", *options)
        assert result.exit_code == 0 and result.stderr == "", result.output
        pages.append(path.read_text(encoding="utf-8"))
    assert pages[0] == pages[1] == pages[2]


@pytest.mark.parametrize(("options", "fragment"), [
    (("--workers", "0"), "workers = 0 is not a number of processes"),
    (("--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"), "both local workers and a Dask scheduler"),
    (("--scheduler", "nonsense"), "cannot reach a Dask scheduler at 'nonsense'"),
])
def test_bad_execution_options_give_one_line_and_exit_2(options, fragment, tmp_path):
    for command in (("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=5:60:10"),
                    ("monte-carlo", str(_uncertain_seed(tmp_path)), "--samples", "100"),
                    ("thresholds", "bytedance-vs-cambricon", "--vary", "chip_spend"),
                    ("tornado", "prisoners-dilemma"),
                    ("explore", "prisoners-dilemma", "-o", str(tmp_path / "page.html"))):
        result = _run(*command, *options)
        assert result.exit_code == 2, result.output
        assert result.stdout == "" and result.stderr.count("\n") == 1 and fragment in result.stderr
        assert "Traceback" not in result.output


def test_an_unreachable_scheduler_gives_one_line_and_exit_2(monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1.0)
    result = _run("sweep", "bytedance-vs-cambricon", "--vary", "chip_spend=5:60:10", "--scheduler", _closed_port())
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cannot reach a Dask scheduler" in result.stderr


def test_a_failed_connection_leaves_nothing_on_stderr_at_exit():
    # a half-made Dask client, left to interpreter exit, prints a traceback from its finaliser
    program = "import sys; from chipgame.cli import main; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", program, "sweep", "bytedance-vs-cambricon", "--vary",
                           "chip_spend=5:60:10", "--scheduler", "nonsense"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("chipgame: error: "), done.stderr


# ---------------------------------------------------------------- forked from this process
# A test process runs other threads (pytest-xdist's, numpy's BLAS pool), so it cannot fork its
# workers (parallel.forkable); these tests run in a new process with one BLAS thread, as the
# ``chipgame`` program does.

_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

_FORKED_RUNS = r'''
import json, os, sys, threading, time
import numpy
from chipgame.sensitivity import parallel

parent = os.getpid()
out = {"forkable": parallel.forkable(), "workers": parallel.local_workers()}
seen = []
out["powers"] = parallel.map_chunks(pow, 3, list(range(7)), workers=2, progress=lambda done, total: seen.append(done),
                                    meanwhile=lambda: seen.append("meanwhile"))
out["progress"] = seen

def failing(shared, part):
    if part in (3, 5):
        raise ValueError(f"part {part}")
    return part

try:
    parallel.map_chunks(failing, None, list(range(8)), workers=2)
except ValueError as error:
    out["error"] = str(error)

def dying(shared, part):
    if os.getpid() != parent:
        os._exit(9)  # a forked process that dies without a word
    return part * shared

out["dying"] = parallel.map_chunks(dying, 10, list(range(6)), workers=2)

def slow(shared, part):
    time.sleep(0.01)
    return os.getpid() == parent

out["pids"] = sorted(set(parallel.map_chunks(slow, None, list(range(40)), workers=2)))
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    def warning(shared, part):
        time.sleep(0.01)
        warnings.warn(f"from {'here' if os.getpid() == parent else 'a worker'}", UserWarning)
        return part
    parallel.map_chunks(warning, None, list(range(20)), workers=2)
out["warnings"] = sorted({str(w.message) for w in caught})
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
out["forkable with a thread running"] = parallel.forkable()
stop.set()
thread.join()
json.dump(out, sys.stdout)
'''


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_give_results_in_order_errors_in_order_and_survive_a_dead_worker():
    env = {**os.environ, **_ONE_THREAD}
    process = subprocess.run([sys.executable, "-c", _FORKED_RUNS], capture_output=True, text=True, env=env,
                             timeout=120)
    assert process.returncode == 0, process.stderr
    out = json.loads(process.stdout)
    assert out["forkable"] and out["workers"] >= 1
    assert out["powers"] == [3 ** k for k in range(7)]
    assert out["progress"] == [0, "meanwhile", *range(1, 8)]  # one report per chunk, wherever it ran
    assert out["error"] == "part 3"  # the first failing chunk's error, as a run here raises it
    assert out["dying"] == [10 * k for k in range(6)]  # what the dead process took is computed here
    assert out["pids"] == [False, True]  # both this process and a forked one did chunks
    assert out["forkable with a thread running"] is False
    assert out["warnings"] == ["from a worker", "from here"]  # a worker's warnings are issued here


_FORKED_TORNADO = r'''
import sys
from chipgame.payoffs import load_scenario
from chipgame.sensitivity import parallel, tornado
model = load_scenario(sys.argv[1]).model
assert parallel.forkable()
print(repr(tornado(model, workers=1)) == repr(tornado(model, workers=2)))
'''


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_tornado_on_forked_workers_is_the_same_as_here():
    env = {**os.environ, **_ONE_THREAD}
    process = subprocess.run([sys.executable, "-c", _FORKED_TORNADO, "bytedance-vs-nvidia"], capture_output=True,
                             text=True, env=env, timeout=300)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "True"


def test_the_program_whose_report_forks_its_workers_writes_the_same_report_as_main(tmp_path):
    program = tmp_path / "program.html"
    process = subprocess.run([sys.executable, "-c", "from chipgame.cli import run; run()", "report",
                              "bytedance-vs-nvidia", "-o", str(program)], capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    here = tmp_path / "here.html"
    result = CliRunner().invoke(main, ["report", "bytedance-vs-nvidia", "-o", str(here)])
    assert result.exit_code == 0, result.output
    assert program.read_text(encoding="utf-8") == here.read_text(encoding="utf-8")
