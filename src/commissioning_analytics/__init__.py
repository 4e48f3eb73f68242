"""commissioning-analytics: QIPP savings registers, project plans and activity deflection.

The flow is load (``io``) -> model (``model``) -> present (``figures``, ``pack``); every
stage is a library function and notebooks only call them.
"""

import sys as _sys

__version__ = "0.1.0"

# plotly (for its notebook renderer) and papermill import nbformat, which imports jsonschema,
# whose format checkers import rfc3987_syntax when it is installed (jupyterlab brings it, through
# jupyter-events): that module builds a parser grammar at import, ~1 s of CPU in every kernel of
# every pack and in the pack command itself (python-jsonschema/jsonschema#1428). Nothing here
# validates IRIs, so jsonschema is told the optional module is absent (it then skips only its
# "iri" and "iri-reference" format checks), unless something imported it already.
if "jsonschema" not in _sys.modules:
    _sys.modules.setdefault("rfc3987_syntax", None)
