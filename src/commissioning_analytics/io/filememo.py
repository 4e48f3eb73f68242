"""Read a workbook once per process: a loader's result kept by the file's identity.

The pack reads an optional input in several places of one process (the check that names
unreadable inputs before the pages run, the board summary, the workbook's tables); with
:func:`by_file` each reads the file once. A result is kept under the file's resolved path, size
and modification time and the loader's other arguments, so a changed file is read again; every
caller gets its own deep copy, so no caller can change what another sees. A few files are kept
(least recently used first out): a notebook kernel exploring many files does not grow without
bound. Errors are not kept: a file that failed is tried again.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict
from pathlib import Path

KEPT = 16


def _identity(path) -> tuple | None:
    try:
        resolved = Path(path).resolve()
        stat = resolved.stat()
    except (OSError, TypeError, ValueError):
        return None
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


def by_file(loader):
    """Decorate ``loader(path, ...)``: a second call with the same unchanged file and the same
    (hashable) arguments returns a deep copy of the first call's result."""
    kept: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(loader)
    def load(path, *args, **kwargs):
        identity = _identity(path)
        try:
            key = (identity, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # an argument that cannot be a key (a mapping object): just read
            key = None
        if identity is None or key is None:
            return loader(path, *args, **kwargs)
        with lock:
            if key in kept:
                kept.move_to_end(key)
                return copy.deepcopy(kept[key])
        result = loader(path, *args, **kwargs)
        with lock:
            kept[key] = copy.deepcopy(result)
            while len(kept) > KEPT:
                kept.popitem(last=False)
        return result

    load.cache_clear = kept.clear
    return load
