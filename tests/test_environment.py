"""environment.yml (conda, Binder) and requirements.txt (pip) pin the same versions."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            pins[_norm(name)] = version
    return pins


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            assert set(dep) == {"pip"}, "the only mapping allowed in dependencies is pip:"
            assert dep["pip"] == ["-e ."], "environment.yml installs kaede itself with pip, nothing else"
            continue
        name, _, version = dep.partition("==")
        if name.startswith("python=") or name == "pip":
            continue
        assert version, f"environment.yml: {dep!r} is not pinned with =="
        pins[_norm(name)] = version
    return pins


def test_pins_agree() -> None:
    assert conda_pins() == pip_pins()


def test_python_version() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
