"""The teaching notebooks: stored without outputs, and each one runs from top to bottom.

Each notebook runs in a fresh python3 kernel whose working directory is a temporary directory,
so a notebook that writes outside its own temporary files leaves them there and not in the
repository. The repository root is put on the kernel's PYTHONPATH, so the notebooks also run
from a checkout that is not installed.
"""

import os
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

REPOSITORY = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPOSITORY / "notebooks").glob("*.ipynb"))

CELL_TIMEOUT_SECONDS = 120
"""Maximum time one cell may run, in seconds, before the test fails with a timeout."""

NOTEBOOK_BUDGET_SECONDS = 120
"""Maximum run time of one notebook in seconds, kernel start included.

Each notebook should run in under a minute (3 to 9 s each, measured on a 2-core machine). The
budget leaves twice a minute for slower CI machines, so a failure here most likely means that a
notebook grew.
"""


def test_notebooks_present():
    names = [path.name for path in NOTEBOOKS]
    assert names == [
        "01_oracle_sampler_by_hand.ipynb",
        "02_entropy_profiles.ipynb",
        "03_exact_error_and_worst_case.ipynb",
        "04_randomized_schedule.ipynb",
        "05_bring_your_own.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)

    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"cell {index} of {path.name} has stored outputs"
        assert cell.execution_count is None, f"cell {index} of {path.name} has an execution count"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs(path, tmp_path, monkeypatch):
    python_path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv(
        "PYTHONPATH", str(REPOSITORY) + (os.pathsep + python_path if python_path else "")
    )
    # The inline backend renders figures to PNG in the kernel, which needs no display.
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(tmp_path)}},
    )

    start = time.monotonic()
    client.execute()  # raises CellExecutionError with the cell and its traceback on any error
    elapsed = time.monotonic() - start

    assert elapsed < NOTEBOOK_BUDGET_SECONDS, f"{path.name} ran for {elapsed:.0f} s"
    assert list(tmp_path.iterdir()) == [], f"{path.name} left files in its working directory"
