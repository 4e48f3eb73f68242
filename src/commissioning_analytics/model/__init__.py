"""Pure functions on frames: phasing, reconciliation, scenarios, plans, deflection."""
