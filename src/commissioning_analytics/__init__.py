"""commissioning-analytics: QIPP savings registers, project plans and activity deflection.

The flow is load (``io``) -> model (``model``) -> present (``figures``, ``pack``); every
stage is a library function and notebooks only call them.
"""

__version__ = "0.1.0"
