"""Warm kernels for the pack: one Jupyter kernel per worker, started once a pack and reused.

Starting a kernel and importing pandas, plotly and this package cost ~1.5 s of CPU, more than most
pages' own work on a register of a few hundred schemes. The pack runs its notebooks on
``workers`` threads; each thread starts one kernel (:class:`WarmKernel`) and runs notebook after
notebook on it through papermill (the ``warm`` engine below), so five pages cost two kernel starts,
not five.

Each notebook still starts as it would in a fresh kernel: before it runs, the kernel's namespace
is emptied (IPython's ``%reset -f``), its working folder set back to the notebooks' folder, and
what a notebook may change for the whole process is put back as the kernel had it once warmed up:
``os.environ`` (then given what this notebook needs: the month the pack read, :mod:`monthcache`),
``sys.path``, the warning filters, pandas' options and plotly's default template and renderer
(re-armed, so each page embeds plotly.js once). Imported modules stay, which is the point (a
change a notebook makes inside a module's own objects would stay too: the pack's notebooks make
none). A kernel that died is replaced by a new one for the next notebook.
"""

from __future__ import annotations

import asyncio
import queue
import sys
import tempfile
import threading
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args

ENGINE = "warm"
# Run in each kernel as soon as it starts (the pack starts them before it reads its inputs): the
# package's page modules (and through them pandas, plotly, pandera) are imported once a kernel.
WARM_UP = """\
import importlib, pkgutil
import commissioning_analytics.figures, commissioning_analytics.pages
for _module in pkgutil.iter_modules(commissioning_analytics.pages.__path__):
    importlib.import_module(f"commissioning_analytics.pages.{_module.name}")
"""
START_TIMEOUT = 60  # seconds for a kernel to start and answer

# Taken once the kernel is warm; every notebook starts from it (see the module's docstring).
_SNAPSHOT = """\
def _pack_snapshot():
    import os, sys, types, warnings
    import pandas
    import plotly.io
    from pandas._config import config
    options = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key in config._registered_options:
            try:
                options[key] = pandas.get_option(key)
            except Exception:
                pass
    sys.modules["_pack_kernel_state"] = types.SimpleNamespace(
        environ=dict(os.environ), path=list(sys.path), filters=list(warnings.filters),
        pandas=options, template=plotly.io.templates.default,
        renderer=plotly.io.renderers.default)
_pack_snapshot()
del _pack_snapshot
"""

_RESET = """\
%reset -f
def _pack_reset(cwd, environment):
    import os, sys, warnings
    os.chdir(cwd)
    state = sys.modules.get("_pack_kernel_state")
    if state is not None:
        os.environ.clear()
        os.environ.update(state.environ)
        sys.path[:] = state.path
        warnings.filters[:] = state.filters
        getattr(warnings, "_filters_mutated", lambda: None)()
    for key, value in environment.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if state is not None and "pandas" in sys.modules:
        pandas = sys.modules["pandas"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key, value in state.pandas.items():
                try:
                    if pandas.get_option(key) != value:
                        pandas.set_option(key, value)
                except Exception:
                    pass
    if "plotly.io" in sys.modules:  # each page embeds plotly.js again, as in a fresh kernel
        pio = sys.modules["plotly.io"]
        if state is not None:
            pio.templates.default = state.template
        pio.renderers.default = state.renderer if state is not None else pio.renderers.default
_pack_reset({cwd!r}, {environment!r})
del _pack_reset
"""


def _reason(error: BaseException, errors) -> str:
    """The last line the kernel wrote to stderr (``ZMQError: Address already in use``), else
    the error's own first line."""
    last = ""
    if errors is not None:
        try:
            errors.seek(0)
            lines = [x for x in errors.read().decode("utf-8", "replace").splitlines() if x.strip()]
            last = lines[-1].strip() if lines else ""
        except (OSError, ValueError):
            last = ""
    text = str(error).splitlines()[0] if str(error) else ""
    return last or f"{type(error).__name__}: {text}"


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, on a kernel the caller started (``km=``) and keeps, through
    the caller's client (``kc=``, connected once a kernel: a new client would wait for the
    kernel's IOPub channel again, ~0.2 s a notebook). Both stay open after the notebook.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=START_TIMEOUT,
        execution_timeout=None,
        kc=None,
        **kwargs,
    ):

        kwargs = remove_args(
            ["input_path", "timeout", "startup_timeout", "extra_arguments"], **kwargs
        )
        client = PapermillNotebookClient(
            nb_man,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        client.kc = kc
        try:
            return client.execute()
        finally:
            if kc is None and client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE, WarmKernelEngine)


class WarmKernel:
    """One kernel, used by one thread only (the thread that made it), for notebook after notebook.

    Use as a context manager: the kernel is shut down at the end.
    """

    def __init__(self, kernel_name: str, cwd: Path, extra_arguments: list[str] | None = None):
        self.kernel_name = kernel_name
        self.cwd = str(cwd)
        self.extra_arguments = list(extra_arguments or [])
        self.km = None
        self.kc = None
        self.answered = False  # the kernel answered: it handles an interrupt from now on
        self._errors = None  # the kernel's own stderr (a temporary file)
        self.notebooks_run = 0

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def ready(self, environment: dict | None = None):
        """The kernel manager for the next notebook: a started kernel with an empty namespace,
        its ``os.environ`` updated by ``environment`` (a ``None`` value removes the key)."""
        if self.km is not None and not run_sync(self.km.is_alive)():
            self.shutdown()
        if self.km is None:
            try:
                self._start()
            except (RuntimeError, TimeoutError, OSError) as error:
                # two kernels starting at once can race for a port ("ZMQError: Address
                # already in use"): the kernel dies at once; start it again, once
                reason = _reason(error, self._errors)
                self.shutdown()
                print(
                    f"warning: a page kernel did not start ({reason}); starting it again",
                    file=sys.stderr,
                )
                self._start()
            self.notebooks_run = 0
        if self.notebooks_run or environment:
            run_sync(self._run)(
                _RESET.format(cwd=self.cwd, environment=dict(environment or {})),
                "reset for the next notebook",
            )
        self.notebooks_run += 1
        return self.km

    def _start(self) -> None:
        """Start the kernel and wait for its answer; its own stderr (a traceback if it dies
        while starting) goes to a file, read back by :func:`_reason`, not to the terminal."""
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the kernel runs)
        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(self.km.start_kernel)(
            cwd=self.cwd, extra_arguments=self.extra_arguments, stderr=self._errors
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)
        self.answered = True
        self.kc.allow_stdin = False

    def warm_up(self, code: str = WARM_UP) -> None:
        """Start the kernel now and run ``code`` in it (its namespace is emptied before the
        first notebook). A warm-up that fails is left for the notebook to meet and report."""
        self.ready()
        try:
            run_sync(self._run)(code, "warmed up")
        except RuntimeError:
            pass
        run_sync(self._run)(_SNAPSHOT, "warmed up")

    async def _run(self, code: str, purpose: str) -> None:
        reply = await self.kc.execute_interactive(  # no output printed: an error (Ctrl-C
            code,  # during the warm-up) is the reply's, said once by the caller
            silent=True,
            store_history=False,
            timeout=START_TIMEOUT,
            output_hook=lambda message: None,
        )
        if reply["content"].get("status") != "ok":
            raise RuntimeError(
                f"the kernel could not be {purpose}: "
                f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
            )

    def interrupt(self) -> None:
        """Stop the cell the kernel is running (from any thread): the pack is stopping."""
        km = self.km
        if km is None or self.kc is None or not self.answered:
            return  # a kernel still starting has no handler yet: SIGINT would print a traceback
        try:
            run_sync(km.interrupt_kernel)()
        except Exception:  # noqa: BLE001 (a kernel already gone, or not started)
            pass

    def shutdown(self) -> None:
        self.answered = False
        if self.kc is not None:
            kc, self.kc = self.kc, None
            kc.stop_channels()
        if self.km is None:
            return
        km, self.km = self.km, None
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # a kernel that is already gone
            pass
        if self._errors is not None:
            errors, self._errors = self._errors, None
            errors.close()


class NotebookPool:
    """``size`` threads, each with its own :class:`WarmKernel`, started (and warmed up) at once;
    :meth:`map` then hands them work. Use as a context manager: kernels are shut down at the end.
    When the caller stops taking results (an error, Ctrl-C), the work not yet started is dropped
    and the running cells are interrupted, so closing waits for no more than that.
    """

    def __init__(
        self,
        size: int,
        kernel_name: str,
        cwd: Path,
        extra_arguments: list[str] | None = None,
        warm_up: str | None = WARM_UP,
    ):
        if sys.platform.startswith("win"):  # as papermill does (bpo-37373), before any loop
            asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
        self._todo: queue.SimpleQueue = queue.SimpleQueue()
        self._done: queue.SimpleQueue = queue.SimpleQueue()
        self._kernels: list[WarmKernel] = []
        self._threads = [
            threading.Thread(
                target=self._work,
                daemon=True,
                name=f"kernel-{i}",
                args=(kernel_name, cwd, extra_arguments, warm_up),
            )
            for i in range(max(0, size))
        ]
        for thread in self._threads:
            thread.start()

    def _work(self, kernel_name, cwd, extra_arguments, warm_up) -> None:
        with WarmKernel(kernel_name, cwd, extra_arguments) as kernel:
            self._kernels.append(kernel)
            if warm_up:
                try:
                    kernel.warm_up(warm_up)
                except Exception:  # noqa: BLE001 (the first notebook meets it and says why)
                    kernel.shutdown()
            while True:
                job = self._todo.get()
                if job is None:
                    return
                fn, item = job
                try:
                    self._done.put(fn(item, kernel))
                except BaseException as error:  # never leave map() waiting
                    self._done.put(error)

    def map(self, fn, items):
        """``fn(item, kernel)`` for every item on the pool's kernels; yields results as they
        finish (first finished first), raising a job's exception when it comes."""
        items = list(items)
        if items and not self._threads:
            raise RuntimeError("a notebook pool of no kernels was given work")
        for item in items:
            self._todo.put((fn, item))
        finished = 0
        try:
            while finished < len(items):
                try:  # a timeout, so that Ctrl-C is seen on every platform
                    result = self._done.get(timeout=0.5)
                except queue.Empty:
                    continue
                finished += 1
                if isinstance(result, BaseException):
                    raise result
                yield result
        finally:
            if finished < len(items):
                self.stop()

    def stop(self) -> None:
        """Drop the work not yet started and interrupt the cells running now."""
        while True:
            try:
                self._todo.get_nowait()
            except queue.Empty:
                break
        for kernel in list(self._kernels):
            kernel.interrupt()

    def close(self) -> None:
        for _ in self._threads:
            self._todo.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> NotebookPool:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:
            self.stop()
        self.close()
