"""An installed wheel finds its schemas, template and shipped cases, and is typed.

The wheel is built from this checkout (no build isolation, so no network) and installed with
``--no-index --no-deps`` into a fresh virtual environment in a temporary folder; the dependencies
(pandas, networkx ...) come from the current environment through a ``.pth`` file, and nothing of
the checkout is on the path of the fresh environment. Slow (about half a minute): marked ``wheel``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import kaede

ROOT = Path(__file__).resolve().parents[1]

_PROBE = r"""
import json, sys, tempfile, pathlib, warnings
warnings.simplefilter("error")
import kaede
out = {"file": kaede.__file__, "cases": kaede.list_cases(), "dir": dir(kaede)}
case = kaede.load_case(out["cases"][0])
out["loaded"] = case.name
folder = kaede.new_case(pathlib.Path(tempfile.mkdtemp()) / "eksempelby", "eksempelby", "Eksempelby Kommune")
out["new_case_valid"] = kaede.validate_case_folder(folder).valid
out["typed"] = (pathlib.Path(kaede.__file__).parent / "py.typed").is_file()
print(json.dumps(out))
"""

_NO_HOME = r"""
import kaede, kaede.data.datasets as d, pathlib
d._INSTALLED_DATA = pathlib.Path("/nonexistent")
try:
    kaede.list_cases()
except kaede.CaseNotFoundError as e:
    print("ERR", e)
"""


@pytest.mark.wheel
def test_installed_wheel_lists_the_shipped_cases(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, cwd=tmp_path,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    (wheel,) = wheels.glob("kaede-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kaede/py.typed" in names and "kaede/data/schemas/links.json" in names
    assert "kaede/shipped/templates/case/datapackage.json" in names
    for case in kaede.list_cases(data_home=kaede.data.datasets._REPO_DATA):
        assert f"kaede/shipped/{case}/links.csv" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("KAEDE_DATA", "PYTHONPATH")}
    subprocess.run([str(py), "-m", "pip", "install", "--no-index", "--no-deps", "-q", str(wheel)], check=True,
                   cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run = subprocess.run([str(py), "-c", _PROBE], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["file"].startswith(str(venv)), "kaede came from the fresh environment, not the checkout"
    assert out["cases"] == kaede.list_cases(data_home=kaede.data.datasets._REPO_DATA)
    assert out["loaded"] == out["cases"][0] and out["new_case_valid"] and out["typed"]
    assert "write_case" in out["dir"] and "importlib" not in out["dir"] and "annotations" not in out["dir"]
    print(f"\nwheel: {wheel.name} installed into a fresh venv lists {out['cases']}; new_case finds the template")

    run = subprocess.run([str(py), "-c", _NO_HOME], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "ERR no case base found" in run.stdout and "set KAEDE_DATA" in run.stdout, run.stdout + run.stderr


def test_dir_lists_the_public_api_only() -> None:
    names = dir(kaede)
    assert set(kaede.__all__) <= set(names)
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    assert "importlib" not in names and "Any" not in names and "annotations" not in names
