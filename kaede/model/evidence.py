"""The evidence still missing: unknown links, what was searched for them, and what to look for next.

A case may hold a search log (``searchlog.csv``, optional; see ``docs/data-model.md``): for a link that
stays ``unknown``, what was searched (queries, kinds of source, date), what was found near it, and the
concrete next lead (a named document, meeting or archive). This module reads it beside the chain, so
that "unknown" can be told apart from "never searched", and so that the evidence a finding asks for
says what it is and where to look:

* :func:`search_log` — the case's log (an empty frame with the table's columns when it has none);
* :func:`link_leads` — per link: its ends (a placeholder says what it stands for), the latest search
  and its next lead;
* :func:`look_next` — the same as one short text per link, in Danish or English;
* :func:`evidence_to_look_for` — per case, date and rule, the unknown links that would decide an
  indeterminate verdict, each with its search and next lead;
* :func:`with_next_leads` — adds ``look_next_da`` / ``look_next_en`` to a :func:`~kaede.diagnose` frame;
* :func:`missing_evidence` — per case, how many unknown links there are, how many decide each rule,
  and how many have been searched for.

A *placeholder* is an element coded with status ``unknown`` (a chain position the record is silent
about); its note says what was sought. Where a link touches one, the text names it with its note, so
that a user is never asked to look for a link between two unnamed gaps.

Examples
--------
>>> import kaede
>>> case = kaede.load_case("furesoe")
>>> leads = link_leads(case, ["l-directorate-carries-theme-green-residential"])
>>> leads.loc[0, "searched_on"], bool(leads.loc[0, "next_lead"])
('2026-11-29', True)
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..data.schema import field_names
from .chain import chain_view
from .findings import RULES, CasesLike, OnLike, dates_for, diagnose, labelled_cases

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

#: Columns of :func:`link_leads` (and, after case/date/milestone/rule, of :func:`evidence_to_look_for`).
LEAD_COLUMNS = ["link_id", "from", "to", "status", "placeholders", "searched_on", "source_kinds", "found",
                "next_lead", "outcome", "text"]

_WORDS = {
    "da": {"placeholder": "pladsholder", "searched": "søgt", "next": "næste spor", "never": "endnu ikke søgt efter",
           "no_lead": "intet næste spor angivet",
           "contested": "omstridt: afvej kilderne for ({sup}) mod kilderne imod ({con})"},
    "en": {"placeholder": "placeholder", "searched": "searched", "next": "next lead", "never": "not yet searched for",
           "no_lead": "no next lead given",
           "contested": "contested: weigh the sources for ({sup}) against those against ({con})"},
}


def _lang(lang: str) -> str:
    if lang not in _WORDS:
        raise ValueError(f"unknown language {lang!r}; expected 'da' or 'en'")
    return lang


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def search_log(case: Case) -> pd.DataFrame:
    """The case's search log: one row per search, sorted by subject and date (newest last).

    A case without ``searchlog.csv`` gives an empty frame with the table's columns.

    Examples
    --------
    >>> import kaede
    >>> log = search_log(kaede.load_case("odense"))
    >>> {"link_id", "next_lead_en", "outcome"} <= set(log.columns)
    True
    >>> search_log(kaede.make_case([("v", "vision")], [])).empty
    True
    """
    table = case.tables.get("searchlog")
    if table is None:
        table = pd.DataFrame({c: pd.Series(dtype="string") for c in field_names("searchlog")})
    log = table.copy()
    if log.empty:
        return log.reset_index(drop=True)
    key = log["link_id"].fillna(log["element_id"]).astype("string")
    return log.assign(_key=key).sort_values(["_key", "searched_on"], kind="stable").drop(columns="_key").reset_index(drop=True)


def _latest_by_link(case: Case) -> dict[str, pd.Series]:
    log = search_log(case)
    out: dict[str, pd.Series] = {}
    for _, row in log.iterrows():  # sorted by date: the last one per link wins
        if not _blank(row.get("link_id")):
            out[str(row["link_id"])] = row
    return out


def _first_sentence(text: str) -> str:
    text = " ".join(str(text).split())
    for stop in (". ", "; "):
        if stop in text:
            return text.split(stop, 1)[0].rstrip(".") + "."
    return text


def element_text(case: Case, element_id: str, lang: str = "en") -> str:
    """An element's label; for a placeholder (status ``unknown``) followed by what it stands for.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case("furesoe")
    >>> element_text(c, "council")
    'Furesø Municipal Council'
    >>> element_text(c, "effect-goals").startswith("Effect goals tied to the vision [placeholder:")
    True
    """
    lang = _lang(lang)
    els = case.elements.set_index("element_id")
    if element_id not in els.index:
        return element_id
    row = els.loc[element_id]
    label = str(row[f"label_{lang}"])
    if row["status"] != "unknown":
        return label
    note = row.get(f"note_{lang}")
    gist = _first_sentence(note) if not _blank(note) else ""
    return f"{label} [{_WORDS[lang]['placeholder']}: {gist}]" if gist else f"{label} [{_WORDS[lang]['placeholder']}]"


def link_leads(case: Case, link_ids: Iterable[str], lang: str = "en") -> pd.DataFrame:
    """The given links with their ends, their latest search and its next lead.

    Columns (:data:`LEAD_COLUMNS`): ``link_id``, ``from``, ``to`` (labels; a placeholder end is
    followed by what it stands for), ``status``, ``placeholders`` (ids of the ends coded unknown),
    ``searched_on``, ``source_kinds``, ``found``, ``next_lead``, ``outcome`` (empty when never
    searched) and ``text`` (one line, see :func:`look_next`).

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case("fredericia")
    >>> row = link_leads(c, ["l-vision-2007-2014-to-themes-2007-2014"]).iloc[0]
    >>> row.placeholders
    ('vision-2007-2014', 'themes-2007-2014')
    >>> "[placeholder:" in row.text and "next lead:" in row.text
    True
    """
    lang = _lang(lang)
    words = _WORDS[lang]
    ids = list(dict.fromkeys(link_ids))
    links = case.links.set_index("link_id")
    missing = [i for i in ids if i not in links.index]
    if missing:
        raise KeyError(f"{case.name}: no link {missing[0]!r} in links.csv")
    status = case.elements.set_index("element_id")["status"]
    latest = _latest_by_link(case)
    rows = []
    for lid in ids:
        link = links.loc[lid]
        ends = (str(link["source"]), str(link["target"]))
        placeholders = tuple(e for e in ends if status.get(e) == "unknown")
        src, tgt = (element_text(case, e, lang) for e in ends)
        s = latest.get(lid)
        searched_on = found = lead = outcome = kinds = ""
        if s is not None:
            searched_on = str(s["searched_on"])
            kinds = "" if _blank(s["source_kinds"]) else str(s["source_kinds"])
            found_col = s.get(f"found_{lang}")
            found = str(found_col) if not _blank(found_col) else ("" if _blank(s.get("found_en")) else str(s["found_en"]))
            lead_col = s.get(f"next_lead_{lang}")
            lead = str(lead_col) if not _blank(lead_col) else ("" if _blank(s.get("next_lead_en")) else str(s["next_lead_en"]))
            outcome = str(s["outcome"])
        contested = "contested" in links.columns and link["contested"] is not pd.NA and bool(link["contested"])
        if contested and not lead:
            cit = case.citations[case.citations["link_id"] == lid]
            against = cit["stance"].fillna("") == "contradicts" if "stance" in cit else pd.Series(False, index=cit.index)
            lead = words["contested"].format(sup=", ".join(cit.loc[~against, "source_id"]) or "-",
                                             con=", ".join(cit.loc[against, "source_id"]))
        if s is None and not contested:
            tail = words["never"]
        elif s is None:
            tail = f"{words['next']}: {lead}"
        else:
            tail = f"{words['searched']} {searched_on}; {words['next']}: {lead}" if lead else \
                f"{words['searched']} {searched_on}; {words['no_lead']}"
        rows.append({"link_id": lid, "from": src, "to": tgt, "status": str(link["status"]), "placeholders": placeholders,
                     "searched_on": searched_on, "source_kinds": kinds, "found": found, "next_lead": lead,
                     "outcome": outcome, "text": f"{src} → {tgt} ({tail})"})
    return pd.DataFrame(rows, columns=LEAD_COLUMNS)


def look_next(case: Case, link_ids: Iterable[str], lang: str = "en") -> str:
    """The evidence to look for next, one line per link: its ends (a placeholder says what it
    stands for), when it was searched and the next lead — or that it has not been searched for.

    Examples
    --------
    >>> import kaede
    >>> print(look_next(kaede.load_case("odense"), ["l-agreements-to-ledelse-i-udvikling"])[:65])
    Target-and-framework agreements / contract steering [placeholder:
    """
    ids = list(link_ids)
    if not ids:
        return ""
    return "\n".join(link_leads(case, ids, lang)["text"])


def evidence_to_look_for(cases: CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
                         lang: str = "en", **thresholds: Any) -> pd.DataFrame:
    """Per case, date and rule: the unknown links that would decide an indeterminate verdict, each
    with its ends, its latest search and the next lead.

    Columns: ``case``, ``date``, ``milestone``, ``rule``, then :data:`LEAD_COLUMNS`.

    Examples
    --------
    >>> import kaede
    >>> ev = evidence_to_look_for(kaede.load_cases(), on="talk")
    >>> set(ev.rule) <= set(kaede.RULES)
    True
    >>> bool(((ev.searched_on != "") | (ev.next_lead != "")).all())  # searched, or contested with a lead
    True
    """
    d = diagnose(cases, on, rules=rules, **thresholds)
    by_label = dict(labelled_cases(cases))
    frames = []
    for _, f in d.iterrows():
        if not f["unknown_links"]:
            continue
        leads = link_leads(by_label[f["case"]], f["unknown_links"], lang)
        leads.insert(0, "rule", f["rule"])
        leads.insert(0, "milestone", f["milestone"])
        leads.insert(0, "date", f["date"])
        leads.insert(0, "case", f["case"])
        frames.append(leads)
    if not frames:
        return pd.DataFrame(columns=["case", "date", "milestone", "rule"] + LEAD_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def with_next_leads(diagnosis: pd.DataFrame, cases: CasesLike) -> pd.DataFrame:
    """A copy of a :func:`~kaede.diagnose` frame with ``look_next_da`` and ``look_next_en``: for each
    finding, :func:`look_next` over its ``unknown_links`` (empty when there are none).

    This is the hook through which findings print "evidence to look for next" from the search log
    instead of bare link ids.

    Examples
    --------
    >>> import kaede
    >>> cases = kaede.load_cases()
    >>> d = with_next_leads(kaede.diagnose(cases, on="talk"), cases)
    >>> ["look_next_da", "look_next_en"] == list(d.columns[-2:])
    True
    """
    by_label = dict(labelled_cases(cases))
    out = diagnosis.copy()
    for lang in ("da", "en"):
        out[f"look_next_{lang}"] = [look_next(by_label[c], u, lang) if len(u) else ""
                                    for c, u in zip(out["case"], out["unknown_links"])]
        out[f"look_next_{lang}"] = out[f"look_next_{lang}"].astype("string")
    return out


def missing_evidence(cases: CasesLike, on: OnLike = None) -> pd.DataFrame:
    """Per case: the unknown links in the chain, per rule those that would decide an indeterminate
    verdict — each counted once over all the dates ``on`` names — and how many of the unknown links
    have been searched for (a row in the search log) and how many of those name a next lead.

    Examples
    --------
    >>> import kaede
    >>> me = missing_evidence(kaede.load_cases())
    >>> list(me.columns)[:2], list(me.columns)[-2:]
    (['unknown_links', 'deciding_D1'], ['searched', 'with_lead'])
    """
    rows = []
    for label, case in labelled_cases(cases):
        d = diagnose(case, on)
        row: dict[str, Any] = {"case": label}
        unknown = {l.link_id for date, _ in dates_for(case, on) for l in chain_view(case, date).links
                   if l.status == "unknown"}
        row["unknown_links"] = len(unknown)
        for rule in RULES:
            u = d.loc[d["rule"] == rule, "unknown_links"]
            row[f"deciding_{rule}"] = len(set().union(*map(set, u))) if len(u) else 0
        latest = _latest_by_link(case)
        searched = [lid for lid in unknown if lid in latest]
        row["searched"] = len(searched)
        row["with_lead"] = sum(not _blank(latest[lid]["next_lead_en"]) for lid in searched)
        rows.append(row)
    return pd.DataFrame(rows).set_index("case")


__all__ = ["LEAD_COLUMNS", "search_log", "element_text", "link_leads", "look_next", "evidence_to_look_for",
           "with_next_leads", "missing_evidence"]
