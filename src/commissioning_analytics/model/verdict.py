"""The board summary's verdict: on track, at risk or off track, by a rule stated on the page
(the outturn as a share of the plan; thresholds are settings). See docs/methods.md."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerdictRule:
    """The verdict's rule, stated on the page: outturn as a share of the plan (0-1).

    ``on track`` when outturn >= ``on_track`` x plan, ``at risk`` when >= ``at_risk`` x plan,
    else ``off track``. Change it with ``pack --on-track 0.98 --at-risk 0.90``.
    """

    on_track: float = 0.98
    at_risk: float = 0.90

    def verdict(self, outturn: float, plan: float) -> str:
        if not plan or plan != plan or outturn != outturn:
            return "at risk"
        share = outturn / plan
        return (
            "on track"
            if share >= self.on_track - 1e-12
            else "at risk"
            if share >= self.at_risk - 1e-12
            else "off track"
        )

    def words(self) -> str:
        return (
            f"on track when the outturn is at least {self.on_track:.0%} of the plan, at risk "
            f"when it is at least {self.at_risk:.0%}, off track below that"
        )
