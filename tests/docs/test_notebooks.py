"""The tutorial notebooks run from top to bottom without an error (every number they claim is an
``assert`` in a cell), their games, solutions and sweeps show as HTML, and they are stored
without outputs. The kernel they run on is this environment's Python."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial"
NOTEBOOKS = sorted(TUTORIAL.glob("*.ipynb"))
SHOWS_HTML = "shows-html"
"""The tag of a cell whose result is a game, a solution or a sweep, to be shown as HTML."""


def execute(notebook: nbformat.NotebookNode, where: Path) -> nbformat.NotebookNode:
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(where)}})
    return client.execute()


def test_the_three_tutorial_notebooks_are_there():
    assert [path.name for path in NOTEBOOKS] == ["build-vs-buy.ipynb", "commitment-and-three-players.ipynb",
                                                 "thresholds-and-regimes.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_and_shows_its_results_as_html(path, tmp_path):
    notebook = execute(nbformat.read(path, as_version=4), tmp_path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(output.output_type != "error" for cell in code for output in cell.outputs)
    shown = [cell for cell in code if SHOWS_HTML in cell.metadata.get("tags", ())]
    assert len(shown) >= 3
    for cell in shown:
        html = [output.data["text/html"] for output in cell.outputs if "text/html" in output.get("data", {})]
        assert len(html) == 1 and html[0].startswith('<div class="chipgame">'), cell.source
    assert list(tmp_path.iterdir()) == []  # the notebooks write no files


def test_the_python3_kernel_is_this_environment(tmp_path):
    assert "python3" in KernelSpecManager().find_kernel_specs()
    cell = nbformat.v4.new_code_cell("import json, sys\nprint(json.dumps([sys.prefix, sys.executable]))")
    notebook = execute(nbformat.v4.new_notebook(cells=[cell]), tmp_path)
    prefix, executable = json.loads(notebook.cells[0].outputs[0].text)
    assert prefix == sys.prefix
    assert Path(executable).resolve() == Path(sys.executable).resolve()
