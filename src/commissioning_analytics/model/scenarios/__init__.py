"""Scenarios: named sets of changes applied to the baseline register, compared side by side.

A scenario answers "what if": Planned Care slips a quarter, prescribing's aspiration is cut by a
fifth, a recovery plan brings two schemes forward and adds a new one. It is a list of changes,
applied in order by one function, :func:`apply_scenario`, which returns a new register (the
baseline is never modified); the model then phases it like any register.

Changes (each selects schemes by ``scheme_id``, ``theme`` and/or ``phase``: a list means any of
them, several selectors mean all of them, none means every scheme):

======================  ================================================================
``shift_months: N``     go-live moves N months later (N < 0: earlier)
``rag_overall: red``    overall rating overridden (green / amber / red)
``scale_fye: 0.8``      full-year effect scaled (a reduced, or raised, aspiration)
``remove: true``        schemes taken out of the programme
``add: [...]``          new schemes (``scheme_id``, ``scheme``, ``go_live``, ``fye_net_saving``;
                        optional ``theme``, ``phase``, ``rag_overall``,
                        ``change_in_delivery_months``)
======================  ================================================================

and, for the whole scenario, ``weights:`` a weight set name (``board``, ``treasury``) or a RAG
mapping. In YAML (``data/raw/scenarios/*.yml``)::

    name: Planned care slips a quarter
    description: Every Planned Care scheme goes live three months later than forecast.
    changes:
      - theme: Planned Care
        shift_months: 3

Stated register figures (``plan_in_year`` ...) are left as they were: figures come from
:func:`..model.phasing.phase` on the changed register. Money in pounds; months are periods.

The package, one job a module (every name above is importable from ``model.scenarios``):
:mod:`.define` what a scenario and its changes are; :mod:`.files` reading scenario files;
:mod:`.apply` a scenario applied to the register; :mod:`.compare` scenarios side by side.
"""

from __future__ import annotations

from .apply import apply_scenario
from .compare import ScenarioComparison, compare_scenarios
from .define import (
    ACTIONS,
    ADD_OPTIONAL,
    ADD_REQUIRED,
    BASELINE,
    SELECTORS,
    Change,
    Scenario,
    Select,
    add,
    rate,
    remove,
    scale_fye,
    shift,
)
from .files import find_scenario, load_scenario, load_scenarios

__all__ = [
    "ACTIONS",
    "ADD_OPTIONAL",
    "ADD_REQUIRED",
    "BASELINE",
    "Change",
    "SELECTORS",
    "Scenario",
    "ScenarioComparison",
    "Select",
    "add",
    "apply_scenario",
    "compare_scenarios",
    "find_scenario",
    "load_scenario",
    "load_scenarios",
    "rate",
    "remove",
    "scale_fye",
    "shift",
]
