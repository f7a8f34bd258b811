"""Every notebook runs through a real papermill kernel, with its defaults and with other
parameters, from a working directory that is not the project; committed notebooks are thin
and carry no outputs."""

import json

import nbformat
import papermill
import pytest

from analysis import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
KERNEL = "cnrs-analysis"
OTHER_PARAMETERS = {
    "overview": {"region": "asean"},
    "partner_countries": {"region": "asean", "highlight": "LAO"},
    "agreement_timeline": {"start_year": 1995, "end_year": 2004, "countries": ["THA", "SGP"]},
    "phd_origins": {"year": 2004, "region": "asia", "top_n": 3},
    "country_profile": {"country": "SGP"},
    "comparison": {"region": "ASEAN", "lane_by": "country"},
}


def test_the_six_notebooks_exist():
    assert {nb.stem for nb in NOTEBOOKS} == set(OTHER_PARAMETERS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_are_thin_and_clean(notebook):
    nb = nbformat.read(notebook, as_version=4)
    first, parameters = nb.cells[0], nb.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "<strong>Parameters</strong>" in first.source
    assert "python -m analysis report" in first.source
    assert parameters.metadata.get("tags") == ["parameters"]
    assert nb.metadata.kernelspec.name == KERNEL
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, notebook.name
            assert "def " not in cell.source and "import pandas" not in cell.source, notebook.name


def execute(notebook, parameters, tmp_path):
    output = tmp_path / f"{notebook.stem}.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name=KERNEL,
        cwd=str(tmp_path),
        progress_bar=False,
    )
    return json.loads(output.read_text())


def images(nb) -> list[dict]:
    return [
        output
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for output in cell["outputs"]
        if "image/png" in output.get("data", {})
    ]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("variant", ["defaults", "other"])
def test_notebook_executes(notebook, variant, tmp_path):
    parameters = OTHER_PARAMETERS[notebook.stem] if variant == "other" else {}
    nb = execute(notebook, parameters, tmp_path)
    errors = [
        o
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
        if o["output_type"] == "error"
    ]
    assert not errors
    charts = images(nb)
    assert len(charts) >= {"overview": 4, "phd_origins": 2}.get(notebook.stem, 1)
    for chart in charts:
        assert len(chart["metadata"]["image/png"]["alt"]) > 40
    html = "".join(
        "".join(o.get("data", {}).get("text/html", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )
    assert '<details class="sources">' in html
