"""How to cite kaede: CITATION.cff (CFF 1.2.0, software and data) and one consistent
``bibliographicCitation`` and a stated licence in every case package.

The form every package's citation takes (authors = the package's contributors with role author):

    <authors> (<year>). <title>: case data for kaede, version <version>. CC BY 4.0.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import kaede
from kaede.data.datasets import case_path

ROOT = Path(__file__).resolve().parent.parent
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CASES = kaede.list_cases()

#: Licences a package may state, and how its citation names them.
LICENCE_PHRASES = {"CC-BY-4.0": "CC BY 4.0"}
CITATION_FORM = re.compile(r"^(?P<authors>.+) \((?P<year>\d{4})\)\. (?P<title>.+): case data for kaede, "
                           r"version (?P<version>[0-9][^ ]*)\. (?P<licence>.+)\.$")
#: Authors and year, read even from a citation of another form.
AUTHORS_YEAR = re.compile(r"^(?P<authors>.+?) \((?P<year>\d{4})\)\.")


def descriptor(name: str) -> dict:
    return json.loads((case_path(name) / "datapackage.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- CITATION.cff
def test_cff_is_version_1_2_0_with_required_keys():
    assert CFF["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):  # required by the CFF 1.2.0 schema
        assert CFF.get(key), key
    assert CFF["type"] == "software"
    assert all(a.get("name") or a.get("family-names") for a in CFF["authors"])


def test_cff_version_and_licence_match_the_package():
    assert CFF["version"] == PYPROJECT["project"]["version"] == kaede.__version__
    assert CFF["license"] == PYPROJECT["project"]["license"] == "MIT"


def test_cff_cites_software_and_data():
    data = [r for r in CFF.get("references", []) if r["type"] == "data"]
    assert len(data) == 1, "CITATION.cff should reference the case data once"
    assert data[0]["license"] == "CC-BY-4.0"
    pref = CFF["preferred-citation"]
    assert pref["type"] == "software" and pref["title"] == CFF["title"] and pref["version"] == CFF["version"]
    assert set(pref["license"]) == {"MIT", "CC-BY-4.0"}
    assert pref["authors"] and isinstance(pref["year"], int)


def test_cff_data_reference_agrees_with_the_packages():
    data = next(r for r in CFF["references"] if r["type"] == "data")
    years = {AUTHORS_YEAR.match(descriptor(n).get("bibliographicCitation", "")) for n in CASES}
    versions = {descriptor(n).get("version") for n in CASES}
    if len(versions) == 1:
        assert data["version"] == versions.pop()
    found = {m.group("year") for m in years if m}
    assert found <= {str(data["year"])}, f"package citation years {sorted(found)} differ from CITATION.cff's {data['year']}"


# --------------------------------------------------------------------------- case packages
@pytest.mark.parametrize("name", CASES)
def test_package_states_its_licence(name):
    d = descriptor(name)
    licences = d.get("licenses") or []
    assert licences, f"data/{name}/datapackage.json: no 'licenses'; expected CC-BY-4.0"
    for lic in licences:
        assert lic.get("name") in LICENCE_PHRASES, f"data/{name}: licence {lic.get('name')!r} not one of {list(LICENCE_PHRASES)}"
        assert lic.get("path", "").startswith("https://creativecommons.org/licenses/"), f"data/{name}: licence path"


@pytest.mark.parametrize("name", CASES)
def test_package_citation_has_the_one_form(name):
    d = descriptor(name)
    cite = d.get("bibliographicCitation", "")
    m = CITATION_FORM.match(cite)
    assert m, (f"data/{name}/datapackage.json: bibliographicCitation {cite!r} does not have the form "
               "'<authors> (<year>). <title>: case data for kaede, version <version>. CC BY 4.0.'")
    authors = ", ".join(c["title"] for c in d.get("contributors", []) if c.get("role") == "author")
    assert m.group("authors") == authors, f"data/{name}: citation authors {m.group('authors')!r}, contributors {authors!r}"
    assert m.group("title") == d["title"], f"data/{name}: citation title {m.group('title')!r}, package title {d['title']!r}"
    assert m.group("version") == d["version"], f"data/{name}: citation version {m.group('version')!r}, package {d['version']!r}"
    phrase = LICENCE_PHRASES.get((d.get("licenses") or [{}])[0].get("name"))
    assert m.group("licence") == phrase, f"data/{name}: citation ends {m.group('licence')!r}; expected {phrase!r}"


def test_packages_by_the_same_authors_cite_the_same_year():
    years: dict[str, set[str]] = {}
    for name in CASES:
        m = AUTHORS_YEAR.match(descriptor(name).get("bibliographicCitation", ""))
        if m:
            years.setdefault(m.group("authors"), set()).add(f"{m.group('year')} ({name})")
    for authors, ys in years.items():
        assert len({y.split()[0] for y in ys}) == 1, f"{authors}: citation years disagree: {sorted(ys)}"
