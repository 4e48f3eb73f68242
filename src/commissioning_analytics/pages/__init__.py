"""The pack's pages: one module per notebook, each a set of section functions.

``savings_curves`` (10), ``rag_dashboard`` (20), ``change_in_delivery`` (30),
``project_plans`` (40), ``deflection`` (50); ``common`` holds what they share and ``index`` the
board summary (``index.html``). io -> model -> figures -> pages -> pack.
"""
