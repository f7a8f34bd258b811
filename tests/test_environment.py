"""environment.yml (for conda users) lists the same dependencies as pyproject.toml."""

import hashlib
import re
import tomllib

import yaml

from analysis import paths


def normalise(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", requirement.replace(" ", "").lower())


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((paths.PROJECT_ROOT / "environment.yml").read_text())
    listed = [d for d in environment["dependencies"] if isinstance(d, str)]
    listed += [p for d in environment["dependencies"] if isinstance(d, dict) for p in d["pip"]]
    conda = {normalise(d) for d in listed}
    assert {normalise(d) for d in project["dependencies"]} <= conda
    python = project["requires-python"].split(",")[0].removeprefix(">=")
    assert f"python={python}" in environment["dependencies"]


def test_raw_document_matches_its_sidecar_hash():
    for sidecar in paths.DOCUMENTS.glob("*.yml"):
        meta = yaml.safe_load(sidecar.read_text())
        document = sidecar.with_suffix(".txt")
        assert hashlib.sha256(document.read_bytes()).hexdigest() == meta["sha256"], document
