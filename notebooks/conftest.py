"""nbval runs every notebook here top to bottom on the shipped sample data.

A pack notebook refuses to run without ``data_dir`` unless ``sample=True`` is passed
(:mod:`commissioning_analytics.parameters`). nbval passes no parameters, so ``sample = True`` is
added at the end of each ``parameters`` cell that declares ``sample``, as papermill's
``-p sample True`` would inject it after that cell.
"""

from __future__ import annotations

SAMPLE_LINE = "\nsample = True  # as papermill's -p sample True: nbval runs on the sample data"


def pytest_collection_modifyitems(config, items):
    for item in items:
        cell = getattr(item, "cell", None)  # nbval's IPyNbCell: the nbformat cell it runs
        if cell is None or "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        if "sample: bool" in cell.source:
            cell.source += SAMPLE_LINE
