"""What `pip install .` gives a new user: the review UI's code and its dependencies, the models' data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.fixtures.paths import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (path,) = out.glob("tmbuild-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.slow
def test_streamlit_is_a_core_dependency(wheel: zipfile.ZipFile) -> None:
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    requires = [line for line in wheel.read(meta).decode().splitlines() if line.startswith("Requires-Dist:")]
    core = [r for r in requires if "extra ==" not in r]
    assert any(r.split()[1].startswith("streamlit") for r in core), core
    assert not any(r.split()[1].startswith(("pytest", "hypothesis", "playwright")) for r in core)


@pytest.mark.slow
def test_every_package_and_data_file_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    tracked = subprocess.run(["git", "ls-files", "align", "tm", "ui"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    shipped = [f for f in tracked if not f.endswith((".md", ".pyc"))]
    missing = [f for f in shipped if f not in names]
    assert not missing, missing
    assert "ui/app.py" in names and any(n.startswith("align/data/") for n in names)
