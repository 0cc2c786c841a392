"""Find and load the case base: ``list_cases``, ``load_case``, ``load_cases``.

Cases live in a *data home*: a folder whose sub-folders each hold one case package
(``<slug>/datapackage.json``). The data home is, in order of precedence, the ``data_home``
argument, the ``KAEDE_DATA`` environment variable, or the ``data/`` folder of this repository.
Nothing is ever downloaded.

A folder that does not validate is never half-loaded: :func:`load_case` raises, and
:func:`load_cases` loads the valid cases and warns (:class:`CaseLoadWarning`) for each broken one.

Examples
--------
>>> import kaede
>>> names = kaede.list_cases()
>>> case = kaede.load_case(names[0])
>>> case.name == names[0]
True
"""
from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .dates import date_precision, partial_date_bounds
from .schema import OPTIONAL_TABLES, TABLES, table_schema
from .validate import CaseValidationError, check_case_folder
from .vocab import LAYER_OF_ROLE
from .write import aside_names, recover_overwrite

__all__ = ["Case", "CaseLoadWarning", "CaseNotFoundError", "add_derived_columns", "case_from_tables", "case_path",
           "get_data_home", "list_cases", "load_case", "load_cases", "partial_date_bounds"]

ENV_VAR = "KAEDE_DATA"
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"
_INSTALLED_DATA = Path(__file__).resolve().parents[1] / "shipped"


class CaseNotFoundError(LookupError):
    """No case of that name or path."""


class CaseLoadWarning(UserWarning):
    """A case in the data home was not loaded because it breaks the rules.

    Attributes
    ----------
    case : str
        The case (folder) name.
    report : ValidationReport
        Every problem found.
    """

    def __init__(self, case: str, report: Any):
        self.case = case
        self.report = report
        n = len(report.problems)
        super().__init__(f"case {case!r} was not loaded: {n} problem{'s' * (n != 1)}; the other cases are "
                         f"loaded\n{report.format()}")


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the case packages.

    Parameters
    ----------
    data_home : path-like, optional
        Use this folder. Default: ``$KAEDE_DATA`` if set, else the repository's ``data/``.

    Examples
    --------
    >>> get_data_home().is_dir()
    True
    """
    if data_home is not None:
        return Path(data_home)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return shipped_data()


def shipped_data() -> Path:
    """The shipped case base: ``data/`` of a source checkout, or the copy an installed wheel
    carries (``kaede/shipped``).

    Raises
    ------
    CaseNotFoundError
        If neither is there; the message asks for a data home.

    Examples
    --------
    >>> (shipped_data() / "templates" / "case" / "datapackage.json").is_file()
    True
    """
    for home in (_REPO_DATA, _INSTALLED_DATA):
        if (home / "templates").is_dir():
            return home
    raise CaseNotFoundError(f"no case base found: this kaede carries no cases (looked in {_REPO_DATA} and "
                            f"{_INSTALLED_DATA}); set {ENV_VAR} to a folder of case packages, or pass data_home=")


def list_cases(data_home: str | os.PathLike[str] | None = None) -> list[str]:
    """Names (folder slugs) of the cases in the data home, sorted.

    A case is a sub-folder holding ``datapackage.json``; ``templates/`` is not a case, nor is a
    folder whose name starts with ``.`` (such as a write in progress, see
    :func:`~kaede.data.write.write_case`). What an overwrite that was killed half-way left is
    finished first (:func:`~kaede.data.write.recover_overwrite`).

    Examples
    --------
    >>> names = list_cases()
    >>> names == sorted(names) and len(names) > 0
    True
    """
    home = get_data_home(data_home)
    if not home.is_dir():
        raise CaseNotFoundError(f"the data home {home} does not exist; expected a folder of case packages "
                                f"(set {ENV_VAR} to one, or pass data_home=)")
    for name in aside_names(home):  # an overwrite killed half-way: put the old package back
        recover_overwrite(home, name)
    return sorted(p.parent.name for p in home.glob("*/datapackage.json")
                  if not p.parent.name.startswith(".") and p.parent.name != "templates")


def case_path(name_or_path: str | os.PathLike[str], data_home: str | os.PathLike[str] | None = None) -> Path:
    """Resolve a case name (``"odense"``) or a folder / ``datapackage.json`` path to the case folder.

    Examples
    --------
    >>> name = list_cases()[0]
    >>> case_path(name).name == name
    True
    """
    p = Path(name_or_path)
    if p.name == "datapackage.json":
        p = p.parent
    if not (p / "datapackage.json").is_file():
        home = get_data_home(data_home) if len(p.parts) == 1 else None
        if home is None or not (home / p.name / "datapackage.json").is_file():
            # not there: if an overwrite was killed half-way, put the old package back
            recover_overwrite(p.parent, p.name)
            if home is not None:
                recover_overwrite(home, p.name)
    if p.is_dir() and ((p / "datapackage.json").is_file() or len(p.parts) > 1):
        return p  # a folder given by path: validation says what is wrong with it
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
    tables : mapping of str to DataFrame
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
    case, build a new one (as :class:`kaede.views.explore.WhatIfState` does). A loaded case builds
    each table (a DataFrame) from the validated records the first time it is used.
    """

    name: str
    title: str
    path: Path
    tables: MutableMapping[str, pd.DataFrame]
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


@functools.cache
def _field_types(table: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The columns of ``table`` and, for each, whether it holds integers."""
    fields = table_schema(table)["fields"]
    return tuple(f["name"] for f in fields), tuple(f.get("type") == "integer" for f in fields)


def _to_frame(table: str, columns: Mapping[str, Sequence[str]] | None = None,
              derived: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The DataFrame of one table from its validated cells, column by column (``""`` is empty):
    text columns become ``string`` (``<NA>`` for an empty cell), integer columns ``Int64``; then
    the ``derived`` columns (name to array), if any."""
    names, integer = _field_types(table)
    if columns is None:
        columns = {n: () for n in names}
    n = len(columns[names[0]])
    cells = np.array([columns[c] for c in names], dtype=object).reshape(len(names), n)
    cells[cells == ""] = pd.NA
    arrays = [pd.array([None if v is pd.NA else int(v) for v in col], dtype="Int64") if is_int else _strings(col)
              for is_int, col in zip(integer, cells)]
    derived = derived or {}
    return _frame(arrays + list(derived.values()), _column_index(table, tuple(derived)), n)


@functools.cache
def _column_index(table: str, derived: tuple[str, ...] = ()) -> pd.Index:
    return pd.Index(_field_types(table)[0] + derived)


_STRING = pd.StringDtype()


def _strings(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A ``string`` array over an object array of str and ``pd.NA`` (the validator has checked
    every cell, so pandas need not check them again)."""
    try:
        return pd.arrays.StringArray._simple_new(values, _STRING)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):  # pragma: no cover - another pandas
        return pd.arrays.StringArray(values)


def _frame(arrays: list[Any], columns: pd.Index, n: int) -> pd.DataFrame:
    """A DataFrame of ready-made column arrays, without pandas re-checking them; the same frame as
    ``pd.DataFrame(dict(zip(columns, arrays)))`` (tests/test_datasets.py checks it)."""
    try:
        return pd.DataFrame._from_arrays(arrays, columns=columns, index=pd.RangeIndex(n),  # type: ignore[attr-defined]
                                         verify_integrity=False)
    except (AttributeError, TypeError):  # pragma: no cover - another pandas
        return pd.DataFrame(dict(zip(columns, arrays)), index=pd.RangeIndex(n), copy=False)


def _text(value: Any) -> str:
    """A cell as text, ``""`` when empty (``None``, ``<NA>``, ``""``)."""
    return value if isinstance(value, str) else ""


def _layers(roles: Iterable[Any]) -> pd.api.extensions.ExtensionArray:
    return pd.array([LAYER_OF_ROLE.get(r) if isinstance(r, str) else None for r in roles], dtype="Int64")


def _precisions(dates: Iterable[Any]) -> pd.api.extensions.ExtensionArray:
    return pd.array([date_precision(d) if isinstance(d, str) and d else None for d in dates], dtype="string")


def _link_flags(link_ids: Iterable[Any], cited_link: Iterable[Any], cited_source: Iterable[Any],
                cited_stance: Iterable[Any], source_ids: Iterable[Any], perspectives: Iterable[Any],
                ) -> tuple[pd.api.extensions.ExtensionArray, pd.api.extensions.ExtensionArray]:
    """``links.self_only`` and ``links.contested`` from the link ids, the citations' link, source
    and stance columns and the sources' id and perspective columns (empty cells as ``""`` or
    ``<NA>``)."""
    perspective = dict(zip(source_ids, perspectives))
    by_link: dict[str, list[Any]] = {}
    contested: set[str] = set()
    for lid, sid, stance in zip(cited_link, cited_source, cited_stance):
        if not isinstance(lid, str) or not lid:
            continue
        by_link.setdefault(lid, []).append(perspective.get(sid, pd.NA))
        if isinstance(stance, str) and stance == "contradicts":
            contested.add(lid)
    link_ids = list(link_ids)
    self_only = pd.array([(all(isinstance(p, str) and p == "self" for p in by_link[lid]) if lid in by_link else pd.NA) for lid in link_ids],
                         dtype="boolean")
    return self_only, pd.array([lid in contested for lid in link_ids], dtype="boolean")


def _derive_elements(el: pd.DataFrame) -> None:
    el["layer"] = _layers(el["role"].tolist())


def _derive_events(ev: pd.DataFrame) -> None:
    ev["date_precision"] = _precisions(ev["date"].tolist())


def _derive_links(links: pd.DataFrame, cit: pd.DataFrame, src: pd.DataFrame) -> None:
    def col(df: pd.DataFrame, name: str) -> list[Any]:
        return df[name].tolist() if name in df.columns else [pd.NA] * len(df)
    links["self_only"], links["contested"] = _link_flags(
        col(links, "link_id"), col(cit, "link_id"), col(cit, "source_id"), col(cit, "stance"),
        col(src, "source_id"), col(src, "perspective"))


def add_derived_columns(tables: Mapping[str, pd.DataFrame]) -> None:
    """Add every derived column (in place): the one place they are computed.

    ``elements.layer`` is the chain layer of the element's role; ``events.date_precision`` is
    ``year``, ``month`` or ``day``. ``links.self_only`` is True when every source cited for a link
    has perspective ``self`` (the municipality's own account), False when any other kind of source
    backs it, and ``<NA>`` when the link has no citation. ``links.contested`` is True when some
    citation of the link has stance ``contradicts``.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case(kaede.list_cases()[0])
    >>> c.links[["self_only", "contested"]].dtypes.astype(str).tolist()
    ['boolean', 'boolean']
    """
    _derive_elements(tables["elements"])
    _derive_events(tables["events"])
    _derive_links(tables["links"], tables["citations"], tables["sources"])


class _LoadedTables(MutableMapping):
    """The tables of a loaded case: each DataFrame (with its derived columns) is built from the
    validated columns the first time it is used, so loading costs little more than validating.
    The derived columns are computed by the same functions as :func:`add_derived_columns`, from
    the validated cells."""

    def __init__(self, records: Mapping[str, Any]):
        self._records = {t: records.get(t) for t in TABLES + OPTIONAL_TABLES}
        self._frames: dict[str, pd.DataFrame] = {}

    def _column(self, table: str, name: str) -> Sequence[Any]:
        records = self._records[table]
        if records is not None:
            return records[name]
        frame = self._frames.get(table)
        return () if frame is None else frame[name].tolist()

    def __getitem__(self, table: str) -> pd.DataFrame:
        frame = self._frames.get(table)
        if frame is None:
            if table not in self._records:
                raise KeyError(table)
            records = self._records[table]
            col = self._column
            derived = {}
            if table == "elements":
                derived["layer"] = _layers(col("elements", "role"))
            elif table == "events":
                derived["date_precision"] = _precisions(col("events", "date"))
            elif table == "links":
                derived["self_only"], derived["contested"] = _link_flags(
                    col("links", "link_id"), col("citations", "link_id"), col("citations", "source_id"),
                    col("citations", "stance"), col("sources", "source_id"), col("sources", "perspective"))
            frame = _to_frame(table, None if records is None else records.columns, derived)
            self._frames[table] = frame
        return frame

    def __setitem__(self, table: str, frame: pd.DataFrame) -> None:
        self._records[table] = None  # the frame replaces what was read
        self._frames[table] = frame

    def __delitem__(self, table: str) -> None:
        del self._records[table]
        self._frames.pop(table, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"<tables {', '.join(self._records)}>"


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
    readme = records.get("__readme__")
    description = readme if isinstance(readme, str) else str(descriptor.get("description", ""))
    meta = {k: v for k, v in descriptor.items() if k != "resources"}
    return Case(name=str(meta["name"]), title=str(meta["title"]), path=folder, tables=_LoadedTables(records),
                meta=meta, description=description)


def case_from_tables(tables: Mapping[str, pd.DataFrame], meta: Mapping[str, Any], *,
                     path: str | os.PathLike[str] = ".", description: str = "") -> Case:
    """Build a :class:`Case` from its stored tables: the one factory behind loading, ``make_case``
    and the what-if editor.

    The derived columns are (re)computed here, once (:func:`add_derived_columns`); tables the
    mapping lacks are empty.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The stored columns of each table (any derived columns are recomputed).
    meta : mapping
        The descriptor; ``name`` and ``title`` are required, ``resources`` is dropped.
    path : path-like
        Where the case lives (``.`` for an in-memory case).
    description : str

    Examples
    --------
    >>> c = load_case(list_cases()[0])
    >>> d = case_from_tables(c.tables, c.meta, description=c.description)
    >>> d.links.equals(c.links)
    True
    """
    from .schema import DERIVED_COLUMNS
    frames = {}
    for t in TABLES + OPTIONAL_TABLES:
        df = tables.get(t)
        derived = [c for c in DERIVED_COLUMNS.get(t, ()) if df is not None and c in df.columns]
        frames[t] = _to_frame(t) if df is None else (df.drop(columns=derived) if derived else df.copy())
    add_derived_columns(frames)
    meta = {k: v for k, v in meta.items() if k != "resources"}
    return Case(name=str(meta["name"]), title=str(meta.get("title", meta["name"])), path=Path(path),
                tables=frames, meta=meta, description=description)


def load_cases(names: Iterable[str] | None = None, *, data_home: str | os.PathLike[str] | None = None,
               strict: bool = False) -> dict[str, Case]:
    """Load several cases (default: all in the data home), keyed by the names asked for (folder
    names), in that order.

    A case that breaks a rule is not loaded, and never in part: with ``strict=False`` (default)
    the valid cases are returned and a :class:`CaseLoadWarning` naming the case and listing its
    problems is issued for each broken one (it shows in a notebook); with ``strict=True`` the
    first broken case raises :class:`CaseValidationError`. A name that is not a case raises
    :class:`CaseNotFoundError` either way.

    Examples
    --------
    >>> cases = load_cases()
    >>> list(cases) == list_cases()
    True
    """
    names = list_cases(data_home) if names is None else [str(n) for n in names]
    out = {}
    for n in names:
        try:
            out[n] = load_case(n, data_home=data_home)
        except CaseValidationError as e:
            if strict:
                raise
            warnings.warn(CaseLoadWarning(n, e.report), stacklevel=2)
    return out
