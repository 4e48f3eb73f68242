"""The explorer as a web page: ``notebooks/explorer.ipynb`` served by Voila.

Voila (Jupyter's own dashboard server, maintained by the Jupyter community) runs the notebook
in a fresh kernel for each visitor and shows its outputs and widgets with the code hidden; the
page cannot send code of its own to the kernel. So a director or an analyst without Jupyter
opens the explorer in a browser, and a team can serve it from one internal host.

``commissioning-analytics explore [--data DIR] [--period YYYY-MM] [--port N] [--host ADDR]``
reads the month first (a mistake in the data folder is exit 2 with one line, before anything is
served), writes a copy of the explorer with the month's parameters injected as papermill
injects them (nothing is executed then), and runs Voila on it until Ctrl-C.
"""

from __future__ import annotations

import errno
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import UserError

EXPLORER = "explorer.ipynb"
#: Jupyter data folder of this package: Voila's ``offline-lab`` template (no CDN requests)
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
TEMPLATE = "offline-lab"
DEFAULT_PORT = 8866  # Voila's own
DEFAULT_HOST = "127.0.0.1"  # this machine only; 0.0.0.0 serves the network


def explorer_notebook() -> Path:
    """``explorer.ipynb`` of the folder the pack takes its notebooks from."""
    from .pack.notebooks import default_notebooks_dir

    path = default_notebooks_dir() / EXPLORER
    if not path.is_file():
        raise UserError(f"{path}: the explorer notebook is not there")
    return path


def prepare(data_dir: Path, period: str | None, folder: Path) -> tuple[Path, str]:
    """Read the month (every input mistake raised here, before anything is served) and write
    the explorer into ``folder`` with ``period`` and the absolute ``data_dir`` injected.

    Returns:
        the prepared notebook and the reporting month.
    """
    import papermill as pm

    from . import month
    from .io.datafolder import DataFolder

    data_dir = Path(data_dir).resolve()
    folder_inputs = DataFolder(data_dir)
    folder_inputs.require_register()
    period = period or month.latest_complete_period(data_dir)
    month.load_month(period, data_dir, folder_inputs.register.name)
    prepared = Path(folder) / EXPLORER
    pm.execute_notebook(
        str(explorer_notebook()),
        str(prepared),
        parameters={
            "period": period,
            "data_dir": str(data_dir),
            "register_file": folder_inputs.register.name,
        },
        prepare_only=True,
        progress_bar=False,
        log_output=False,
    )
    return prepared, period


def check_port(host: str, port: int) -> None:
    """A :class:`UserError` when ``host:port`` cannot be served (in use, or not this machine's
    address), before Voila starts and says so in a traceback."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} on {host} is in use (another explorer?): choose another with --port"
            ) from None
        raise UserError(f"cannot serve on {host}:{port} ({error.strerror or error})") from None


def voila_command(
    notebook: Path, *, host: str, port: int, open_browser: bool, extra: list[str]
) -> list[str]:
    """Voila on ``notebook``: code hidden, no tracebacks shown to visitors, light theme.

    Progressive rendering (the page runs the cells through its own kernel connection as they
    come) because with Voila 0.5's default (cells run on the server, outputs sent with the
    page) the explorer's chart sometimes never took a control's change: in about one page
    load in four its plotly FigureWidget drew once and then stayed as first drawn while the
    totals beside it moved; with progressive rendering it redrew every time (7 loads of 7)."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.progressive_rendering=True",
        "--theme=light",
        f"--template={TEMPLATE}",
        *extra,
    ]


def voila_environment() -> dict:
    """This process's environment with the package's Jupyter data folder first on
    ``JUPYTER_PATH``, where Voila looks for the ``offline-lab`` template."""
    import os

    paths = [str(JUPYTER_DATA), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**os.environ, "JUPYTER_PATH": os.pathsep.join(paths)}


def serve(
    data_dir: Path,
    *,
    period: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    extra: list[str] | None = None,
) -> int:
    """Serve the explorer until Voila stops, Ctrl-C or a termination signal (a service
    manager's stop); returns Voila's exit status (0 when stopped). Voila and its kernels are
    stopped and the prepared copy removed in every case."""
    check_port(host, port)
    with tempfile.TemporaryDirectory(prefix="ca-explore-") as folder:
        notebook, period = prepare(data_dir, period, Path(folder))
        shown = f"[{host}]" if ":" in host else host
        print(
            f"the explorer for {period} (data {Path(data_dir).resolve()}) at "
            f"http://{'localhost' if host in ('127.0.0.1', '::1') else shown}:{port}/ "
            "; Ctrl-C stops it",
            file=sys.stderr,
        )
        server = subprocess.Popen(
            voila_command(
                notebook, host=host, port=port, open_browser=open_browser, extra=extra or []
            ),
            cwd=folder,
            env=voila_environment(),
        )
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            print("the explorer was stopped", file=sys.stderr)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum, frame):
    raise KeyboardInterrupt
