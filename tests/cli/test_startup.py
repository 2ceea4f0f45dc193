"""Start-up (issue 13): ``chipgame --version`` and ``--help`` import no numerical library, and the
command list that ``--help`` shows without importing the commands is the one their own help gives."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from chipgame.cli import COMMANDS, main

HEAVY = ("numpy", "sympy", "scipy", "matplotlib", "rich", "chipgame.games", "chipgame.payoffs", "chipgame.solvers",
         "chipgame.sensitivity", "chipgame.reports")
"""What a command brings in, and ``--version`` and ``--help`` must not."""

def imported_by(*arguments: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``chipgame`` with ``arguments``."""
    code = ("import json, sys\n"
            "from chipgame.cli import main\n"
            "try:\n"
            "    main(sys.argv[1:])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    process = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True,
                             timeout=120)
    return set(json.loads(process.stdout.splitlines()[-1]))


@pytest.mark.parametrize("arguments", [("--version",), ("--help",)])
def test_version_and_help_import_no_numerical_library(arguments):
    modules = imported_by(*arguments)
    assert {name for name in modules if name in HEAVY or name.startswith(tuple(f"{h}." for h in HEAVY))} == set()


def test_a_command_imports_its_module_when_it_runs():
    assert {"chipgame.cli_game", "numpy", "sympy"} <= imported_by("seeds", "--format", "json")


def test_the_report_imports_matplotlib_only_to_draw_its_figures():
    # so that it can import it while the tornado's search runs on the other workers
    code = ("import json, sys\n"
            "import chipgame.cli_documents, chipgame.reports.report, chipgame.reports.report_sensitivity\n"
            "print(json.dumps('matplotlib' in sys.modules))\n")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(process.stdout) is False


def test_the_command_list_is_what_each_command_says_of_itself():
    for name, listed in COMMANDS.items():
        command = getattr(importlib.import_module(f"chipgame.{listed.module}"), listed.function)
        assert command.name == name
        for limit in (45, 60, 100, 1000):
            assert click.utils.make_default_short_help(listed.summary, limit) == command.get_short_help_str(limit), (
                f"chipgame.cli.COMMANDS[{name!r}].summary is to be the first sentence of the command's help")
    listing = CliRunner().invoke(main, ["--help"]).stdout
    assert [line.split()[0] for line in listing.split("Commands:")[1].strip().splitlines()] == sorted(COMMANDS)


def test_every_command_defined_is_listed():
    defined = {(module, name) for module in {listed.module for listed in COMMANDS.values()}
               for name, value in vars(importlib.import_module(f"chipgame.{module}")).items()
               if isinstance(value, click.Command)}
    assert defined == {(listed.module, listed.function) for listed in COMMANDS.values()}


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["solv", "chicken"])
    assert result.exit_code == 2 and "No such command 'solv'" in result.stderr


@pytest.mark.parametrize(("arguments", "status"), [
    (("sweep", "chicken", "--vary", "crash_cost=1:12:3000", "--format", "json"), 0),  # 1.6 MB through a pipe
    (("solve", "no-such-seed"), 2),
    (("--no-such-option",), 2),
])
def test_the_program_ends_with_the_command_status_and_all_it_wrote(arguments, status):
    """``chipgame`` (``run``) ends the process without tearing the interpreter down: its status must
    be the command's, and everything written must arrive."""
    process = subprocess.run([sys.executable, "-c", "from chipgame.cli import run; run()", *arguments],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == status
    if status == 0:
        assert json.loads(process.stdout)["schema"] == "chipgame.sweep/1.1"
    else:
        assert process.stderr.strip() and not process.stdout
