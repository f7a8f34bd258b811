"""Habits of a clean notebook repository: what git holds has no outputs."""

import json
import subprocess

from analysis import paths


def tracked_notebooks() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "*.ipynb"],
        cwd=paths.PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()


def test_committed_notebooks_carry_no_outputs_or_execution_counts():
    notebooks = tracked_notebooks()
    assert len(notebooks) >= 5
    for path in notebooks:
        staged = subprocess.run(
            ["git", "show", f":{path}"],
            cwd=paths.PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for cell in json.loads(staged)["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [], path
                assert cell["execution_count"] is None, path


def test_notebooks_are_stripped_by_a_git_filter():
    attributes = (paths.PROJECT_ROOT / ".gitattributes").read_text()
    assert "*.ipynb filter=nbstripout" in attributes
