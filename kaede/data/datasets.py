"""Find and load the case base: ``list_cases``, ``load_case``, ``load_cases``.

Cases live in a *data home*: a folder whose sub-folders each hold one case package
(``<slug>/datapackage.json``). The data home is, in order of precedence, the ``data_home``
argument, the ``KAEDE_DATA`` environment variable, or the ``data/`` folder of this repository.
Nothing is ever downloaded.

Examples
--------
>>> import kaede
>>> kaede.list_cases()
['fredericia', 'furesoe', 'hoersholm', 'odense']
>>> case = kaede.load_case("odense")
>>> case.title
'Odense Kommune'
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import OPTIONAL_TABLES, TABLES, table_schema
from .validate import CaseValidationError, check_case_folder, parse_partial_date
from .vocab import LAYER_OF_ROLE

ENV_VAR = "KAEDE_DATA"
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


class CaseNotFoundError(LookupError):
    """No case of that name or path."""


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the case packages.

    Parameters
    ----------
    data_home : path-like, optional
        Use this folder. Default: ``$KAEDE_DATA`` if set, else the repository's ``data/``.

    Examples
    --------
    >>> get_data_home().name
    'data'
    """
    if data_home is not None:
        return Path(data_home)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return _REPO_DATA


def list_cases(data_home: str | os.PathLike[str] | None = None) -> list[str]:
    """Names (folder slugs) of the cases in the data home, sorted.

    A case is a sub-folder holding ``datapackage.json``; ``templates/`` is not a case.

    Examples
    --------
    >>> "hoersholm" in list_cases()
    True
    """
    home = get_data_home(data_home)
    if not home.is_dir():
        raise CaseNotFoundError(f"the data home {home} does not exist (set {ENV_VAR} or pass data_home=)")
    return sorted(p.parent.name for p in home.glob("*/datapackage.json"))


def case_path(name_or_path: str | os.PathLike[str], data_home: str | os.PathLike[str] | None = None) -> Path:
    """Resolve a case name (``"odense"``) or a folder / ``datapackage.json`` path to the case folder.

    Examples
    --------
    >>> case_path("odense").name
    'odense'
    """
    p = Path(name_or_path)
    if p.name == "datapackage.json":
        p = p.parent
    if p.is_dir() and (p / "datapackage.json").is_file():
        return p
    candidate = get_data_home(data_home) / str(name_or_path)
    if (candidate / "datapackage.json").is_file():
        return candidate
    try:
        known = ", ".join(list_cases(data_home))
    except CaseNotFoundError:
        known = "none"
    raise CaseNotFoundError(f"no case {str(name_or_path)!r}: not a case folder, nor a case in "
                            f"{get_data_home(data_home)} (known cases: {known})")


@dataclass(eq=False)
class Case:
    """One municipality's case: its tables, metadata, description and path.

    Attributes
    ----------
    name : str
        The case slug (``"hoersholm"``).
    title : str
        Danish title (``"Hørsholm Kommune"``).
    path : Path
        The case folder.
    tables : dict of str to DataFrame
        ``sources``, ``elements``, ``links``, ``visions``, ``events``, ``participants``,
        ``facts``, ``citations``, and the optional ``searchlog`` and ``codings`` (empty when the
        package has no such file). Text columns are strings with ``<NA>`` for empty cells;
        ``links.strength`` and ``visions.horizon`` are nullable integers. Derived columns:
        ``elements.layer`` (from the role), ``events.date_precision`` (``year`` / ``month`` /
        ``day``), ``links.self_only`` (every source cited for the link is the municipality's own
        account; ``<NA>`` for an uncited link) and ``links.contested`` (a citation of the link has
        stance ``contradicts``).
    meta : dict
        The ``datapackage.json`` descriptor without its ``resources``.
    description : str
        The case's README (narrative description), or its package description.

    Notes
    -----
    Treat the tables as read-only: the chain of a Case is compiled once and cached. To change a
    case, build a new one (as :class:`kaede.views.explore.WhatIfState` does).
    """

    name: str
    title: str
    path: Path
    tables: dict[str, pd.DataFrame]
    meta: dict[str, Any] = field(repr=False)
    description: str = field(repr=False, default="")

    # table shortcuts -----------------------------------------------------------------
    @property
    def sources(self) -> pd.DataFrame:
        """The sources table."""
        return self.tables["sources"]

    @property
    def elements(self) -> pd.DataFrame:
        """The elements table (with the derived ``layer`` column)."""
        return self.tables["elements"]

    @property
    def links(self) -> pd.DataFrame:
        """The links table."""
        return self.tables["links"]

    @property
    def visions(self) -> pd.DataFrame:
        """The vision records."""
        return self.tables["visions"]

    @property
    def events(self) -> pd.DataFrame:
        """The events table (with the derived ``date_precision`` column)."""
        return self.tables["events"]

    @property
    def participants(self) -> pd.DataFrame:
        """Who took part in each event."""
        return self.tables["participants"]

    @property
    def facts(self) -> pd.DataFrame:
        """The municipality facts."""
        return self.tables["facts"]

    @property
    def citations(self) -> pd.DataFrame:
        """Which source backs which row."""
        return self.tables["citations"]

    @property
    def searchlog(self) -> pd.DataFrame:
        """What was searched for each link or element that stays unknown (optional table)."""
        return self.tables["searchlog"]

    @property
    def codings(self) -> pd.DataFrame:
        """Several coders' codes (optional table; empty when the case has one adjudicated coding)."""
        return self.tables["codings"]

    @property
    def title_en(self) -> str:
        """English title (from the package's ``kaede.title_en``)."""
        return str(self.meta.get("kaede", {}).get("title_en", self.title))

    @property
    def milestones(self) -> dict[str, str]:
        """Named dates of the case (``talk``, ``vision_adopted`` ...), as partial ISO dates."""
        return dict(self.meta.get("kaede", {}).get("milestones", {}))

    def sources_of(self, subject: str, row_id: str) -> pd.DataFrame:
        """The sources that back one row.

        Parameters
        ----------
        subject : {"element_id", "link_id", "event_id", "fact_id", "vision_id"}
            Which kind of row.
        row_id : str
            Its id.

        Examples
        --------
        >>> import kaede
        >>> c = kaede.load_case("furesoe")
        >>> lid = c.links.loc[c.links.status == "present", "link_id"].iloc[0]
        >>> len(c.sources_of("link_id", lid)) >= 1
        True
        """
        cit = self.citations
        ids = cit.loc[cit[subject] == row_id, "source_id"].drop_duplicates()
        return self.sources.set_index("source_id").loc[list(ids)].reset_index()

    def counts(self) -> dict[str, int]:
        """Row counts: sources, elements, links by status, events, facts, visions, citations.

        Examples
        --------
        >>> import kaede
        >>> sorted(kaede.load_case("odense").counts())[:3]
        ['citations', 'elements', 'events']
        """
        out = {t: len(self.tables[t]) for t in ("sources", "elements", "links", "events", "facts", "visions", "citations")}
        for status in ("present", "absent", "unknown"):
            out[f"links_{status}"] = int((self.links["status"] == status).sum())
        return out

    def __repr__(self) -> str:
        c = self.counts()
        return (f"<Case {self.name!r} {self.title}: {c['sources']} sources, {c['elements']} elements, "
                f"{c['links']} links ({c['links_present']} present, {c['links_absent']} absent, "
                f"{c['links_unknown']} unknown), {c['events']} events>")


def _to_frame(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    schema = table_schema(table)
    names = [f["name"] for f in schema["fields"]]
    df = pd.DataFrame([{k: r[k] for k in names} for r in records], columns=names, dtype="string")
    df = df.replace("", pd.NA)
    for f in schema["fields"]:
        if f.get("type") == "integer":
            df[f["name"]] = pd.to_numeric(df[f["name"]]).astype("Int64")
    if table == "elements":
        df["layer"] = df["role"].map(LAYER_OF_ROLE).astype("Int64")
    if table == "events":
        df["date_precision"] = df["date"].map(
            lambda d: {1: "year", 2: "month", 3: "day"}[len(str(d).split("-"))]).astype("string")
    return df


def add_derived_columns(tables: dict[str, pd.DataFrame]) -> None:
    """Add the derived link columns ``self_only`` and ``contested`` (in place).

    ``self_only`` is True when every source cited for a link has perspective ``self`` (the
    municipality's own account), False when any other kind of source backs it, and ``<NA>`` when
    the link has no citation. ``contested`` is True when some citation of the link has stance
    ``contradicts``.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case(kaede.list_cases()[0])
    >>> c.links[["self_only", "contested"]].dtypes.astype(str).tolist()
    ['boolean', 'boolean']
    """
    links, cit, src = tables["links"], tables["citations"], tables["sources"]
    cited = cit.dropna(subset=["link_id"]) if "link_id" in cit else cit.iloc[0:0]
    perspective = dict(zip(src["source_id"], src["perspective"])) if len(src) else {}
    by_link: dict[str, list[str]] = {}
    contested: set[str] = set()
    for lid, sid, stance in zip(cited["link_id"], cited["source_id"],
                                cited["stance"] if "stance" in cited else [pd.NA] * len(cited)):
        by_link.setdefault(lid, []).append(perspective.get(sid, pd.NA))
        if stance is not pd.NA and stance == "contradicts":
            contested.add(lid)
    links["self_only"] = pd.array(
        [(all(p == "self" for p in by_link[lid]) if lid in by_link else pd.NA) for lid in links["link_id"]],
        dtype="boolean")
    links["contested"] = pd.array([lid in contested for lid in links["link_id"]], dtype="boolean")


def load_case(name_or_path: str | os.PathLike[str], *, data_home: str | os.PathLike[str] | None = None) -> Case:
    """Validate and load one case.

    Parameters
    ----------
    name_or_path : str or path-like
        A case name in the data home (``"odense"``) or a case folder / ``datapackage.json``.
    data_home : path-like, optional
        Where to look for named cases (see :func:`get_data_home`).

    Returns
    -------
    Case

    Raises
    ------
    CaseNotFoundError
        If there is no such case.
    CaseValidationError
        If the case breaks any rule; the message lists every problem (file, row, column, rule,
        what was expected) and no part of the case is returned.

    Examples
    --------
    >>> c = load_case("hoersholm")
    >>> c.name, c.elements.columns[0]
    ('hoersholm', 'element_id')
    """
    folder = case_path(name_or_path, data_home)
    report, descriptor, records = check_case_folder(folder)
    if not report.valid:
        raise CaseValidationError(report)
    assert descriptor is not None
    tables = {table: _to_frame(table, records.get(table, [])) for table in TABLES + OPTIONAL_TABLES}
    add_derived_columns(tables)
    meta = {k: v for k, v in descriptor.items() if k != "resources"}
    readme = folder / "README.md"
    description = readme.read_text(encoding="utf-8") if readme.is_file() else str(descriptor.get("description", ""))
    return Case(name=str(descriptor["name"]), title=str(descriptor["title"]), path=folder,
                tables=tables, meta=meta, description=description)


def load_cases(names: Iterable[str] | None = None, *,
               data_home: str | os.PathLike[str] | None = None) -> dict[str, Case]:
    """Load several cases (default: all in the data home), keyed by the names asked for (folder
    names), in that order.

    Every case is validated first; if any fails, :class:`CaseValidationError` is raised for the
    first failing case and nothing is returned.

    Examples
    --------
    >>> list(load_cases())
    ['fredericia', 'furesoe', 'hoersholm', 'odense']
    """
    names = list_cases(data_home) if names is None else [str(n) for n in names]
    return {n: load_case(n, data_home=data_home) for n in names}


def partial_date_bounds(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a partial ISO date can mean, as Timestamps.

    Examples
    --------
    >>> partial_date_bounds("2014-06")[1]
    Timestamp('2014-06-30 00:00:00')
    """
    a, b = parse_partial_date(value)
    return pd.Timestamp(a), pd.Timestamp(b)
