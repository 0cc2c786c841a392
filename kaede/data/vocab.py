"""The model's vocabularies: layers of the governance chain and the role each element plays.

The enumerations themselves are declared once, in the table schemas (``kaede/schemas``); this
module adds what a schema cannot say: which layer each role sits in, and the order of the chain.

Examples
--------
>>> LAYER_OF_ROLE["budget"], LAYERS[3]
(3, 'instruments')
"""
from __future__ import annotations

from .schema import enum_values

#: The layers of the chain, top to bottom (the talk's slides 3 and 9; DESIGN §1).
LAYERS: tuple[str, ...] = ("mandate", "direction", "translation", "instruments", "administration", "practice")

#: Danish names of the layers.
LAYERS_DA: tuple[str, ...] = ("mandat", "retning", "oversættelse", "instrumenter", "administration", "praksis")

#: The roles in each layer.
ROLES_BY_LAYER: dict[int, tuple[str, ...]] = {
    0: ("citizens", "business", "civil_society", "external", "council", "mayor", "finance_committee", "committee", "task_committee"),
    1: ("vision", "theme", "policy", "sector_policy", "planning_strategy", "municipal_plan"),
    2: ("strategy",),
    3: ("budget", "effect_goals", "agreements", "cross_cutting_project"),
    4: ("directorate", "chief_group", "centre"),
    5: ("operations", "project_organisation", "employees"),
}

#: Layer index of every role.
LAYER_OF_ROLE: dict[str, int] = {role: layer for layer, roles in ROLES_BY_LAYER.items() for role in roles}

#: Element roles, link relations and link statuses as the schemas declare them.
ROLES: tuple[str, ...] = enum_values("elements", "role")
RELATIONS: tuple[str, ...] = enum_values("links", "relation")
STATUSES: tuple[str, ...] = enum_values("links", "status")

#: Danish and English names of the roles (for labels and legends).
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "citizens": ("borgere", "citizens"),
    "business": ("erhvervsliv", "business"),
    "civil_society": ("foreninger og civilsamfund", "civil society"),
    "external": ("eksterne parter", "external partners"),
    "council": ("kommunalbestyrelse / byråd", "council"),
    "mayor": ("borgmester", "mayor"),
    "finance_committee": ("økonomiudvalg", "finance committee"),
    "committee": ("fagudvalg", "standing committee"),
    "task_committee": ("opgaveudvalg", "task committee"),
    "vision": ("vision", "vision"),
    "theme": ("tværgående tema", "cross-cutting theme"),
    "policy": ("tværgående politik", "cross-cutting policy"),
    "sector_policy": ("sektorpolitik", "sector policy"),
    "planning_strategy": ("planstrategi", "planning strategy"),
    "municipal_plan": ("kommuneplan", "municipal plan"),
    "strategy": ("strategi", "strategy"),
    "budget": ("budget", "budget"),
    "effect_goals": ("effektmål", "effect goals"),
    "agreements": ("mål- og rammeaftaler", "target-and-framework agreements"),
    "cross_cutting_project": ("tværgående projekt", "cross-cutting project"),
    "directorate": ("direktion", "directorate"),
    "chief_group": ("chefgruppe", "chief group"),
    "centre": ("center / forvaltning", "centre / department"),
    "operations": ("driftsorganisation", "operating organisation"),
    "project_organisation": ("projektorganisation", "project organisation"),
    "employees": ("medarbejdere", "employees"),
}
