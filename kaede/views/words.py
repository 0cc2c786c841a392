"""Words the widgets, tables and slides show, in Danish and English: verdicts, rules, milestones,
dates, table headers and the controls. One place, so nothing on a screen stays half-translated.

Examples
--------
>>> verdict_word("present", "da"), rule_name("D2", "en")
('til stede', 'D2 committees without the council')
>>> format_date("2012-10-08", "da"), format_date("2012-08", "en"), format_date("2008", "da")
('8. okt. 2012', 'Aug 2012', '2008')
>>> milestone_label("talk", "da")
'foredraget'
"""
from __future__ import annotations

from typing import Any

LANGS = ("da", "en")

VERDICTS: dict[str, tuple[str, str]] = {
    "present": ("til stede", "present"), "absent": ("fraværende", "absent"),
    "indeterminate": ("ubestemt", "indeterminate"), "not_applicable": ("ikke relevant", "not applicable"),
    "unknown": ("ukendt", "unknown"), "too_early": ("for tidligt", "too early"),
    "no_milestone": ("mangler milepælen", "milestone lacking"),
}
#: Chain drive's verdicts read the other way round: present means the chain engages.
DRIVE_VERDICTS: dict[str, tuple[str, str]] = {
    "engages": ("kæden trækker", "the chain engages"), "comes_off": ("kæden hopper af", "the chain comes off"),
    # the words of data model v1, kept for saved tables
    "present": ("kæden trækker", "the chain engages"), "absent": ("kæden hopper af", "the chain comes off"),
    "indeterminate": ("ubestemt", "indeterminate"), "not_applicable": ("ikke relevant", "not applicable"),
    "too_early": ("for tidligt", "too early"), "no_milestone": ("mangler milepælen", "milestone lacking"),
}
RULE_NAMES: dict[str, tuple[str, str]] = {
    "D1": ("D1 vision uden praksis", "D1 vision without practice"),
    "D2": ("D2 udvalg uden kommunalbestyrelsen", "D2 committees without the council"),
    "D3": ("D3 kommunalbestyrelse uden administration", "D3 council without the administration"),
    "chain_drive": ("kædetræk", "chain drive"),
}
HEADERS: dict[str, tuple[str, str]] = {
    "rule": ("regel", "rule"), "verdict": ("vurdering", "verdict"), "explanation": ("forklaring", "explanation"),
    "sources": ("kilder", "sources"), "change": ("ændring", "change"), "feature": ("træk", "feature"),
    "topic": ("emne", "topic"), "status": ("status", "status"), "fact": ("faktum", "fact"),
    "since": ("fra", "since"), "until": ("til", "until"), "basis": ("grundlag", "basis"),
    "title": ("titel", "title"), "elements": ("elementer", "elements"), "links": ("led", "links"),
    "present": ("til stede", "present"), "absent": ("fraværende", "absent"), "unknown": ("ukendt", "unknown"),
    "events": ("begivenheder", "events"), "facts": ("fakta", "facts"), "visions": ("visioner", "visions"),
    "case": ("case", "case"), "date": ("dato", "date"), "kind": ("art", "kind"),
    "participants": ("deltagere", "participants"), "what": ("hvad", "what"),
    "motto": ("motto", "motto"), "type": ("type", "type"), "adopted": ("vedtaget", "adopted"),
    "horizon": ("horisont", "horizon"), "outward": ("udadrettet", "outward"), "inward": ("indadrettet", "inward"),
    "vision_id": ("vision", "vision"),
    "headline": ("overskrift", "headline"), "before": ("før", "before"), "after": ("efter", "after"),
}
MONTHS_DA = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Names of the milestones the shipped cases use (a milestone not listed is named by the event on
#: its date, or by its name with spaces).
MILESTONES: dict[str, tuple[str, str]] = {
    "talk": ("foredraget", "the talk"),
    "vision_adopted": ("visionen vedtaget", "vision adopted"),
    "first_budget_after_vision": ("første budget efter visionen", "first budget after the vision"),
    "last_budget_before_talk": ("sidste budget før foredraget", "last budget before the talk"),
    "merger": ("kommunesammenlægningen", "the municipal merger"),
    "process_decision": ("beslutning om visionsprocessen", "decision on the vision process"),
    "kick_off": ("opstart", "kick-off"),
    "chief_executive_left": ("kommunaldirektøren stoppede", "the chief executive left"),
    "citizen_meeting_draft": ("borgermøde om udkastet", "citizen meeting on the draft"),
    "final_draft_finance_committee": ("endeligt udkast i økonomiudvalget", "final draft in the finance committee"),
    "planning_strategy": ("planstrategi", "planning strategy"),
    "planning_strategy_adopted": ("planstrategi vedtaget", "planning strategy adopted"),
    "committees_follow_up": ("udvalgenes opfølgning", "committees' follow-up"),
    "citizen_involvement_model": ("model for borgerinddragelse", "citizen involvement model"),
    "successor_goals_adopted": ("efterfølgende mål vedtaget", "successor goals adopted"),
    "furesoe_agreement_renegotiated": ("Furesø-aftalen genforhandlet", "Furesø agreement renegotiated"),
    "fff_commissioned": ("Fredericia Former Fremtiden bestilt", "Fredericia Shapes the Future commissioned"),
    "realdania_partnership": ("partnerskab med Realdania", "partnership with Realdania"),
    "frikommune_selected": ("udpeget som frikommune", "selected as a free municipality"),
    "fredericiac_development_plan": ("udviklingsplan for FredericiaC", "FredericiaC development plan"),
    "mayor_resigned": ("borgmesteren gik af", "the mayor resigned"),
    "municipal_plan_adopted": ("kommuneplan vedtaget", "municipal plan adopted"),
    "koncernmodel_adopted": ("koncernmodel vedtaget", "group model adopted"),
    "forvaltninger_restored": ("forvaltninger genindført", "departments restored"),
    "vision2033_process_start": ("proces for Vision 2033 starter", "Vision 2033 process starts"),
    "strategi_2011_adopted": ("Strategi 2011 vedtaget", "Strategy 2011 adopted"),
    "kommuneplan_2013_hearing": ("høring om Kommuneplan 2013", "Municipal Plan 2013 hearing"),
    "new_ceo_profile": ("profil for ny kommunaldirektør", "profile for a new chief executive"),
    "strategi_2015_adopted": ("Strategi 2015 vedtaget", "Strategy 2015 adopted"),
    "kommuneplan_2017_final_adoption_on_agenda": ("Kommuneplan 2017 til endelig vedtagelse",
                                                  "Municipal Plan 2017 up for final adoption"),
    "reorganisation": ("omorganisering", "reorganisation"),
    "hoersholmstrategien_hearing": ("høring om Hørsholmstrategien", "Hørsholm strategy hearing"),
    "hoersholmstrategien_adopted": ("Hørsholmstrategien vedtaget", "Hørsholm strategy adopted"),
    "hoersholmstrategien_2035_hearing": ("høring om Hørsholmstrategien 2035", "Hørsholm strategy 2035 hearing"),
    "vision_summit": ("visionstopmøde", "vision summit"),
    "effect_steering_introduced": ("effektstyring indført", "effect steering introduced"),
    "nvnv_launched": ("Ny Virkelighed – Ny Velfærd lanceret", "New Reality – New Welfare launched"),
    "budget_2012_tied_to_nvnv": ("budget 2012 knyttet til NVNV", "budget 2012 tied to NVNV"),
    "odense_goals_introduced": ("Odense-mål indført", "Odense goals introduced"),
    "effect_steering_2_0": ("effektstyring 2.0", "effect steering 2.0"),
}

#: The widgets' own words.
UI: dict[str, tuple[str, str]] = {
    "case": ("Case", "Case"), "date": ("Dato", "Date"), "all_evidence": ("alt belæg", "all evidence"),
    "all_dates": ("alle datoer", "all dates"),
    "min_strength": ("mindste styrke", "min strength"),
    "D3_admin_min_strength": ("D3: styrke i administrationen", "D3 admin min strength"),
    "chain_drive_unknown_capacity": ("kædetræk: vægt af ukendte led", "chain drive: weight of unknown links"),
    "view": ("Visning", "View"), "focus": ("fokus", "focused"), "all": ("alt belæg", "all evidence"),
    "unfold": ("Fold ud", "Unfold"), "link": ("Led", "Link"), "strength": ("styrke", "strength"),
    "apply": ("Anvend", "Apply"), "reset": ("Nulstil", "Reset"), "from": ("Fra", "From"), "to": ("Til", "To"),
    "relation": ("Relation", "Relation"), "add": ("Tilføj led", "Add link"), "save_to": ("Gem som", "Save as"),
    "save": ("Gem pakke", "Save package"), "cases": ("Cases", "Cases"), "at": ("Tidspunkt", "At"),
    "calendar": ("kalender", "calendar"), "adoption": ("fra vedtagelsen", "from adoption"),
    "what_if": ("hvad nu hvis", "what-if"), "chain_drive": ("Kædetræk", "Chain drive"),
    "weakest": ("svageste punkt", "weakest point"), "if_unknown_hold": ("hvis ukendte led holder", "if unknown links hold"),
    "was": ("var", "was"), "saved": ("Gemt som gyldig pakke i", "Saved a valid package to"),
    "choose_case": ("vælg mindst én case", "choose at least one case"),
    "present": ("til stede", "present"), "absent": ("fraværende", "absent"), "unknown": ("ukendt", "unknown"),
    "lang": ("Sprog", "Language"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
    return pair[0] if lang == "da" else pair[1]


def word(key: str, lang: str) -> str:
    """A widget word (:data:`UI`) in ``lang``."""
    return _pick(UI[key], lang)


def verdict_word(verdict: Any, lang: str, rule: str | None = None) -> str:
    """A verdict in ``lang``; for chain drive, said as whether the chain engages."""
    table = DRIVE_VERDICTS if rule == "chain_drive" else VERDICTS
    v = str(verdict)
    return _pick(table[v], lang) if v in table else v


def rule_name(rule: str, lang: str, short: bool = False) -> str:
    """A rule's name in ``lang`` (``short``: ``D1`` … ``kædetræk`` / ``chain drive``)."""
    if rule not in RULE_NAMES:
        return rule
    name = _pick(RULE_NAMES[rule], lang)
    return name.split(" ")[0] if short and rule != "chain_drive" else name


def header(column: str, lang: str) -> str:
    """A table header in ``lang`` (unknown columns as they are, underscores as spaces)."""
    return _pick(HEADERS[column], lang) if column in HEADERS else column.replace("_", " ")


def format_date(value: Any, lang: str) -> str:
    """A (partial) ISO date as a reader writes it: ``8. okt. 2012`` / ``8 Oct 2012``."""
    s = "" if value is None else str(value)
    parts = s.split("-")
    if not s or not parts[0].isdigit():
        return s
    months = MONTHS_DA if lang == "da" else MONTHS_EN
    if len(parts) == 1:
        return parts[0]
    m = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{m} {parts[0]}"
    d = int(parts[2])
    return f"{d}. {m} {parts[0]}" if lang == "da" else f"{d} {m} {parts[0]}"


def milestone_label(name: str, lang: str, case: Any = None) -> str:
    """A milestone's name in ``lang``: from :data:`MILESTONES`, else the description of the case's
    event on that date (first clause), else the name with spaces."""
    if name in MILESTONES:
        return _pick(MILESTONES[name], lang)
    if case is not None and name in case.milestones:
        ev = case.events[case.events["date"].astype("string") == case.milestones[name]]
        if len(ev):
            text = str(ev.iloc[0][f"description_{lang}"]).split(";")[0].split(". ")[0]
            return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + " …"
    return name.replace("_", " ")


__all__ = ["word", "verdict_word", "rule_name", "header", "format_date", "milestone_label", "UI", "MILESTONES"]
