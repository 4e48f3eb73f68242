"""Read a workbook once per process: a loader's result kept by the file's identity.

The pack reads an optional input in several places of one process (the check that names
unreadable inputs before the pages run, the board summary, the workbook's tables); with
:func:`by_file` each reads the file once. A result is kept under the file's resolved path, size
and modification time and the loader's other arguments, so a changed file is read again; every
caller gets its own deep copy, so no caller can change what another sees. A few files are kept
(least recently used first out): a notebook kernel exploring many files does not grow without
bound. Errors are not kept: a file that failed is tried again. A file saved again within the
file system's time resolution at the same size is taken as unchanged: the pack reads each input
within seconds of the first read, well inside a month's run.
"""

from __future__ import annotations

import copy
import functools
import stat
import threading
from collections import OrderedDict
from pathlib import Path

KEPT = 16


def _identity(path) -> tuple | None:
    """A regular file's resolved path, size and modification time; ``None`` for anything else."""
    try:
        resolved = Path(path).resolve()
        found = resolved.stat()
    except (OSError, TypeError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (str(resolved), found.st_size, found.st_mtime_ns)


def _argument(value):
    """An argument as part of the key: a file it names by that file's identity (a mapping file
    edited since is read again), anything else as it is."""
    identity = _identity(value) if isinstance(value, (str, Path)) and str(value) else None
    return value if identity is None else ("file", identity)


def by_file(loader=None, *, unless_none: tuple[str, ...] = ()):
    """Decorate ``loader(path, ...)``: a second call with the same unchanged file and the same
    (hashable) arguments returns a deep copy of the first call's result. Arguments that name a
    file are keyed by that file's identity too; a call where a keyword named in ``unless_none``
    is missing or ``None`` (a default such as "today") is never kept."""
    if loader is None:  # used as @by_file(unless_none=...)
        return functools.partial(by_file, unless_none=unless_none)
    kept: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(loader)
    def load(path, *args, **kwargs):
        identity = _identity(path)
        try:
            key = (
                identity,
                tuple(_argument(a) for a in args),
                tuple(sorted((k, _argument(v)) for k, v in kwargs.items())),
            )
            hash(key)
        except TypeError:  # an argument that cannot be a key (a mapping object): just read
            key = None
        if identity is None or key is None or any(kwargs.get(k) is None for k in unless_none):
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
