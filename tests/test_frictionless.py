"""kaede's verdict and ``frictionless validate`` agree on valid and invalid packages.

kaede checks everything a Table Schema can say, plus rules a schema cannot express (evidence for
every coded row, strength only on present links, real calendar dates). On packages broken in a
schema-level way both must say invalid; on valid packages both must say valid; on the semantic
rules kaede alone says invalid, and that is tested too.
"""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from kaede.data.datasets import case_path, list_cases
from kaede.data.validate import validate_case_folder

from conftest import MINIMAL, write_case
from test_validate import TABLE_CASES

frictionless = pytest.importorskip("frictionless")

SCHEMA_LEVEL = {"type-integer", "strength-range", "status-vocabulary", "role-vocabulary", "date-format",
                "date-required", "url", "required-label", "duplicate-id", "id-pattern", "duplicate-participant",
                "missing-element", "missing-participant", "missing-source", "missing-vision"}
KAEDE_ONLY = {"strength-on-absent", "strength-on-unknown", "present-without-strength", "date-not-real",
              "since-after-until", "link-without-source", "fact-without-source", "event-without-source",
              "vision-without-source", "citation-two-subjects", "citation-no-subject", "basis-missing", "self-link"}


def frictionless_valid(folder: Path) -> bool:
    """Validate with frictionless's Python API (what its command line calls); True if valid."""
    return bool(frictionless.Package(str(folder / "datapackage.json")).validate().valid)


def frictionless_cli_valid(folder: Path) -> bool:
    """Run the ``frictionless validate`` command line itself; True if it exits 0."""
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", str(folder / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)
    return done.returncode == 0


def test_every_fixture_is_classified() -> None:
    assert {c[0] for c in TABLE_CASES} == SCHEMA_LEVEL | KAEDE_ONLY


@pytest.mark.parametrize("name", list_cases())
def test_shipped_case_valid_for_both(name: str) -> None:
    folder = case_path(name)
    assert validate_case_folder(folder).valid
    assert frictionless_cli_valid(folder)


def test_minimal_valid_for_both(minimal_case: Path) -> None:
    assert validate_case_folder(minimal_case).valid
    assert frictionless_valid(minimal_case)


@pytest.mark.parametrize("case_id, mutate", [(c[0], c[1]) for c in TABLE_CASES],
                         ids=[c[0] for c in TABLE_CASES])
def test_verdicts_agree(tmp_path: Path, case_id: str, mutate) -> None:
    tables = copy.deepcopy(MINIMAL)
    mutate(tables)
    folder = write_case(tmp_path / "c", tables)
    assert not validate_case_folder(folder).valid
    # frictionless sees the schema-level breakages and is blind to kaede's own rules
    assert frictionless_valid(folder) == (case_id in KAEDE_ONLY)
