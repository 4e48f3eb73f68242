"""The monthly pack: papermill runs every pack notebook, nbconvert turns each into offline HTML.

``commissioning-analytics pack [--period YYYY-MM] [--data DIR] [--out DIR]`` calls
:func:`build_pack`, which

1. takes a lock (``OUT/.pack.lock``) so two runs never overlap;
2. checks the data folder and reads the register once (a user's mistake: exit 2);
3. runs every ``notebooks/NN_*.ipynb`` (two-digit prefix = order in the pack) with papermill,
   two at a time on two warm kernels (:mod:`kernels`), with the month's parameters, and exports each to HTML with the code
   hidden and nothing loaded from the network (plotly.js embedded once per page);
4. writes ``index.html`` (executive summary with links to every page), an Excel workbook of
   the pack's tables and ``summary.json`` (:func:`summary_figures`: the one set of headline
   figures of :mod:`commissioning_analytics.model.headline`) next to the pages;
5. only when every notebook succeeded, moves the scratch folder into ``OUT/<period>/``
   (replacing last run's copy of that month), writes the tidy tables into
   ``data/processed/<period>/`` (see `month.processed_dir`), refreshes ``OUT/index.html``
   (every pack built so far) and appends a line to ``OUT/pack.log``.

A failing notebook leaves every existing pack as it was, prints which notebook and cell failed
and why, keeps the failed executed notebook in ``OUT/.failed/<period>/`` and exits 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tqdm import tqdm

from .. import month as months
from .. import monthcache
from ..calendar import month_end
from ..commentary import Commentary, load_commentary
from ..errors import UserError
from ..io.datafolder import DataFolder
from ..io.system import is_system
from ..model import headline
from ..model.scenarios import find_scenario, load_scenarios
from ..schema import Scheme
from ..views.board import board_figures
from ..views.tables import summary_figures
from . import kernels
from .docx import check_template, write_docx
from .notebooks import (
    KERNEL_ARGUMENTS,
    KERNEL_NAME,
    MAX_PAGE_BYTES,
    PageResult,
    commentary_html,
    default_notebooks_dir,
    discover_notebooks,
    figure_count,
    kernel_environment,
    kernel_warning,
    nav_bar,
    plotly_js_copies,
    run_notebook,
    title_of,
)
from .pdf import board_paper, require_browser
from .publish import (
    PackLocked,
    check_writable,
    environment_error,
    log,
    pack_lock,
    remove_stale_scratch,
    replace_dir,
    write_packs_index,
)
from .summary import render_index
from .system import build_system
from .tables import TABLES_IN_PARALLEL_FROM, start_tables_writer

EXIT_OK = 0  # the pack was built
EXIT_FAILED = 1  # a notebook failed: no pack was replaced
EXIT_USER_ERROR = 2  # the user's input is wrong (missing register, bad month, ...)
EXIT_LOCKED = 3  # another pack run holds the lock
EXIT_ENVIRONMENT = 4  # the machine stopped the run: a folder not writable, the disk full

# Seconds per stage of the last build in this process (load, notebooks, workbook, csv, index):
# read by `make bench`.
LAST_STAGES: dict[str, float] = {}
WORKERS = 2


# ---------------------------------------------------------------------------------------------
# The pack


def build_pack(
    period: str | None,
    data_dir: Path,
    out_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    processed: Path | None = None,
    workers: int = WORKERS,
    progress: bool = True,
    today: dt.date | None = None,
    scenario: str = "",
    weight_set: str = "board",
    pdf: bool | str = False,
    verdict=None,
    allow_missing_actuals: bool = False,
    docx: bool = False,
    docx_template: Path | None = None,
) -> int:
    """Build the month's pack into ``out_dir/<period>/``; returns the exit status.

    Args:
        period: reporting month ``YYYY-MM``; ``None`` = the latest complete month (the last
            month with actuals that has ended by today).
        data_dir: the data folder (see DataFolder).
        out_dir: where packs go, one folder per month.
        notebooks_dir: the notebooks (default: the repository's ``notebooks/``).
        processed: where tidy tables go (default: `month.processed_dir` of ``data_dir``).
        workers: notebooks run at the same time.
        progress: show a progress bar.
        today: the date "latest complete month" and a future month are judged by (tests).
        allow_missing_actuals: build although a month April to ``period`` has no actuals
            (otherwise refused, exit 2); every page then carries a banner naming the months.
        scenario: the scenario the pages show (a ``scenarios/*.yml`` name; "" = none).
        weight_set: risk weights, ``board``, ``treasury`` or ``stage``.
        pdf: also print the whole pack into one PDF board paper (needs Chromium/Chrome/Edge);
            ``"full"``: every section and row (``pack --pdf-full``), else the board layout.
        verdict: the board summary's verdict rule (``model.verdict.VerdictRule``).
        docx: also write the board summary as a Word document (:mod:`.docx`), styled by
            ``docx_template`` (default: the template shipped with the package).

    Returns:
        0 built; 1 a notebook failed (nothing replaced); 2 the user's input is wrong (nothing
        written); 3 another run holds the lock; 4 the environment stopped the run (a folder
        that cannot be written, the disk full: nothing replaced).
    """
    LAST_STAGES.clear()
    load_started = time.perf_counter()
    notebooks_dir = Path(notebooks_dir).resolve() if notebooks_dir else default_notebooks_dir()
    if is_system(Path(data_dir)):  # organisations/<code>/: a pack each and a system summary

        def build_one(period, org_dir, org_out, pool, org_processed, organisation):
            return _build_pack(
                period,
                Path(org_dir).resolve(),
                Path(org_out).resolve(),
                notebooks_dir,
                pool,
                time.perf_counter(),
                processed=org_processed,
                progress=False,
                today=today,
                scenario=scenario,
                weight_set=weight_set,
                pdf=pdf,
                verdict=verdict,
                allow_missing_actuals=allow_missing_actuals,
                docx=docx,
                docx_template=docx_template,
                organisation=organisation,
            )

        return build_system(
            period,
            Path(data_dir),
            Path(out_dir),
            build_one,
            notebooks_dir=notebooks_dir,
            processed=processed,
            workers=workers,
            today=today,
            verdict=verdict,
        )
    try:  # the quick checks first: a mistake found here starts no kernel
        DataFolder(Path(data_dir)).require_register()
        pages = len(discover_notebooks(notebooks_dir))
    except (OSError, UserError):
        pages = 0
    # The kernels start and import the package now, while this process reads the inputs.
    with (
        kernel_environment(),
        kernels.NotebookPool(
            min(max(1, workers), pages), KERNEL_NAME, notebooks_dir, KERNEL_ARGUMENTS
        ) as pool,
    ):
        return _build_pack(
            period,
            Path(data_dir).resolve(),
            Path(out_dir).resolve(),
            notebooks_dir,
            pool,
            load_started,
            processed=processed,
            progress=progress,
            today=today,
            scenario=scenario,
            weight_set=weight_set,
            pdf=pdf,
            verdict=verdict,
            allow_missing_actuals=allow_missing_actuals,
            docx=docx,
            docx_template=docx_template,
        )


def _build_pack(
    period,
    data_dir: Path,
    out_dir: Path,
    notebooks_dir: Path,
    pool,
    load_started: float,
    *,
    processed,
    progress,
    today,
    scenario,
    weight_set,
    pdf,
    verdict,
    allow_missing_actuals,
    docx=False,
    docx_template=None,
    organisation: str | None = None,
) -> int:
    # Inputs first, before anything is written: a user's mistake (no data folder, no register,
    # a month outside its year) leaves no outputs folder, lock or log behind.
    try:
        DataFolder(data_dir).require_register()
        chosen: list[str] = []  # the default month's rule, said on the pack
        if not period:
            period, chosen = months.default_period(data_dir, today=today)
        options = dict(scenario=scenario, weight_set=weight_set, pdf=pdf, verdict=verdict)
        if docx:  # a template that is not a Word document stops the run before any kernel works
            options["docx_template"] = check_template(docx_template)
        month = months.load_month(
            period,
            data_dir,
            today=today,
            allow_missing_actuals=allow_missing_actuals,
            weight_set=options.get("weight_set") or "board",
            scenario=options.get("scenario") or "",
            **({"organisation": organisation} if organisation else {}),
            # last month's tables where a pack on a read-only data folder put them, too
            earlier_tables=tuple(
                dict.fromkeys(Path(p) for p in (processed, out_dir / "processed") if p)
            ),
        )
        LAST_STAGES["load"] = time.perf_counter() - load_started
        month.notes[:0] = chosen[:1]
        month.input_exceptions[:0] = chosen[1:]  # a later month partly reported
        _check_scenario(data_dir, options.get("scenario") or "")
        browser = None
        if options.get("pdf"):
            browser = require_browser()

        notebooks = discover_notebooks(notebooks_dir)
        if not notebooks:
            raise UserError(f"{notebooks_dir}: no pack notebooks (named NN_name.ipynb)")
        commentary = load_commentary(data_dir, str(month.period))
        commentary.problems += commentary.unplaced(
            [nb.stem for nb in notebooks], month.register[Scheme.scheme_id]
        )
    except UserError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:  # Ctrl-C while reading: nothing written; a log that is there says so
        if (out_dir / "pack.log").is_file():
            log(out_dir, f"{period or 'pack'} INTERRUPTED (Ctrl-C) while reading the inputs")
        raise
    period = str(month.period)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(
            f"error: {out_dir}: cannot create the outputs folder ({error.strerror or error})",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    processed_root, moved = _processed_root(processed, data_dir, out_dir)
    if moved:  # a read-only share: said on stderr, in the log and on every page
        print(f"warning: {moved}", file=sys.stderr)
        month.notes.append(moved)
    try:
        with pack_lock(out_dir):
            try:
                remove_stale_scratch(out_dir, processed_root)
                check_writable(out_dir)
                check_writable(processed_root)
                return _build_locked(
                    month,
                    period,
                    data_dir,
                    out_dir,
                    notebooks,
                    notebooks_dir,
                    processed_root,
                    pool,
                    progress,
                    allow_missing_actuals,
                    dict(options, browser=browser, commentary=commentary),
                )
            except KeyboardInterrupt:  # Ctrl-C: one line (the CLI's), and the log says so
                log(out_dir, f"{period} INTERRUPTED (Ctrl-C); the previous pack is unchanged")
                raise
            except OSError as error:
                line = environment_error(error)
                print(
                    f"error: {line}; the {period} pack was not built and the previous pack "
                    "is unchanged",
                    file=sys.stderr,
                )
                log(out_dir, f"{period} FAILED (environment) {line}")
                return EXIT_ENVIRONMENT
            except Exception as error:  # noqa: BLE001 (never a traceback from the pack)
                return _unexpected(out_dir, period, error)
    except PackLocked as locked:
        print(f"error: {locked}", file=sys.stderr)
        log(out_dir, f"refused: {locked}")
        return EXIT_LOCKED
    except OSError as error:  # the lock file itself cannot be made (a read-only folder)
        print(f"error: {environment_error(error)}", file=sys.stderr)
        return EXIT_ENVIRONMENT


def _processed_root(processed, data_dir: Path, out_dir: Path) -> tuple[Path, str]:
    """Where the tidy tables go, and a sentence when that is not the usual place: the folder
    given, else :func:`month.processed_dir` of the data folder, else (a data folder on a
    read-only share) ``OUT/processed`` beside the packs."""
    if processed:
        return Path(processed), ""
    root = months.processed_dir(data_dir)
    try:
        check_writable(root)
    except OSError as error:
        beside = out_dir / "processed"
        return beside, (
            f"{root}: cannot be written ({error.strerror or error}), so the tidy tables go "
            f"beside the packs, to {beside}"
        )
    return root, ""


def _unexpected(out_dir: Path, period: str, error: Exception) -> int:
    """A bug, not the user's or the machine's doing: one line, the traceback kept in
    ``OUT/.failed/<period>/traceback.txt``, a FAILED line in the log, exit 1."""

    line = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    kept = out_dir / ".failed" / period / "traceback.txt"
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    print(
        f"error: the {period} pack was not built ({line}); the previous pack is unchanged; "
        f"details in {kept}",
        file=sys.stderr,
    )
    log(out_dir, f"{period} FAILED {line}")
    return EXIT_FAILED


def _build_locked(
    month,
    period,
    data_dir,
    out_dir,
    notebooks,
    notebooks_dir,
    processed_root,
    pool,
    progress,
    allow_missing_actuals=False,
    options: dict | None = None,
) -> int:

    options = options or {}
    browser = options.get("browser")
    commentary = options.get("commentary") or Commentary()

    started = time.perf_counter()
    log(
        out_dir,
        f"{period} started: {len(notebooks)} notebooks from {notebooks_dir}, data {data_dir}",
    )
    if processed_root != months.processed_dir(data_dir) and processed_root.parent == out_dir:
        log(out_dir, f"{period} warning: tidy tables to {processed_root} (data folder read-only)")

    warning = kernel_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
        log(out_dir, f"{period} warning: {warning}")
    parameters = {
        "period": period,
        "data_dir": str(data_dir),
        "register_file": DataFolder(data_dir).register.name,
        "scenario": options.get("scenario") or "",
        "organisation": month.organisation,
        "weight_set": options.get("weight_set") or "board",
        "allow_missing_actuals": bool(allow_missing_actuals),
    }
    scratch = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{period}.building-"))
    scratch.chmod(0o755)  # mkdtemp makes it private; a pack is for readers
    nav = nav_bar([(f"{nb.stem}.html", title_of(nb)) for nb in notebooks])
    banner = months.missing_actuals_banner(month)
    if banner:  # every page names the months without actuals
        nav += (
            f'<div class="pack-banner" role="alert" style="border:3px solid #DA291C;'
            f'padding:8px 12px;margin:8px 0;font-weight:bold">{html.escape(banner)}</div>'
        )
    chrome = {
        "suffix": f"{month.organisation} · savings pack {month.period.strftime('%B %Y')}",
        "commentary": {nb.stem: commentary_html(commentary, nb, month) for nb in notebooks},
    }
    results: list[PageResult] = []
    workbook = f"savings-pack-{period}.xlsx"
    processed_tmp = None
    writer = None
    try:
        # The month loaded above, handed to every kernel (see monthcache): loaded once a pack.
        cached = monthcache.save(
            month,
            scratch,
            register_file=month.register_file,
            weight_set=parameters["weight_set"],
            scenario=parameters["scenario"],
            organisation=parameters["organisation"],
        )
        # each notebook's kernel is told where (os.environ of the kernel, before it runs)
        environment = {
            monthcache.ENV: str(cached)
            if month.register_file == parameters["register_file"]
            else None
        }

        for line in month.input_exceptions:  # which sheet, actuals not counted (the summary too)
            print(f"warning: {line}", file=sys.stderr)
            log(out_dir, f"{period} warning: {line}")
        for problem in [
            *commentary.problems,
            *months.optional_input_problems(DataFolder(data_dir), as_of=month_end(month.period)),
        ]:
            print(f"warning: {problem}", file=sys.stderr)
            log(out_dir, f"{period} warning: {problem}")
        processed_root.mkdir(parents=True, exist_ok=True)
        processed_tmp = Path(tempfile.mkdtemp(dir=processed_root, prefix=f".{period}.building-"))
        processed_tmp.chmod(0o755)
        tables_job = (
            str(cached),
            str(scratch / workbook),
            f"{month.organisation}: savings pack {period} ({month.fy})",
            str(processed_tmp),
        )
        writer = start_tables_writer(
            tables_job, process=len(month.register) >= TABLES_IN_PARALLEL_FROM
        )
        stage = time.perf_counter()
        with tqdm(
            total=len(notebooks),
            desc=f"pack {period}",
            unit="notebook",
            disable=not progress,
            file=sys.stderr,
        ) as bar:

            def run(notebook, kernel):
                return run_notebook(notebook, scratch, parameters, nav, chrome, kernel, environment)

            for result in pool.map(run, notebooks):
                results.append(result)
                bar.set_postfix_str(result.notebook.stem)
                bar.update()
        results.sort(key=lambda r: r.notebook.name)
        LAST_STAGES["notebooks"] = time.perf_counter() - stage
        for r in results:
            LAST_STAGES[f"{r.notebook.stem} run"] = r.execute_seconds
            LAST_STAGES[f"{r.notebook.stem} export"] = r.export_seconds
        failed = [r for r in results if r.error]
        if failed:
            kept = out_dir / ".failed" / period
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True, exist_ok=True)
            for r in failed:
                print(f"error: notebook failed: {r.error}", file=sys.stderr)
                log(out_dir, f"{period} FAILED {r.error}")
                if r.executed and r.executed.exists():
                    shutil.copy2(r.executed, kept / r.executed.name)
            print(
                f"error: the {period} pack was not built; the previous pack is unchanged. "
                f"Executed notebooks with the error: {kept}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        for r in results:
            size = r.page.stat().st_size
            if size > MAX_PAGE_BYTES:
                print(
                    f"warning: {r.page.name} is {size / 1e6:.1f} MB (over 10 MB)", file=sys.stderr
                )
            text = r.page.read_text(encoding="utf-8")
            copies = plotly_js_copies(text)
            if figure_count(text) and copies != 1:
                print(
                    f"warning: {r.page.name} embeds plotly.js {copies} times (expected once: "
                    "call configure_notebook() at the top of the notebook)",
                    file=sys.stderr,
                )

        built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        stage = time.perf_counter()
        # the workbook and the tidy CSVs: written beside the notebooks on a big register,
        # else now
        stages = writer.result()
        LAST_STAGES.update(stages)
        LAST_STAGES["tables, workbook and csv (waited)"] = time.perf_counter() - stage
        cached.unlink(missing_ok=True)
        stage = time.perf_counter()
        head = headline.headline(month)
        # the board's figures beyond the headline (movement, trajectory, ...): once, for
        # summary.json and the summary page
        board = board_figures(month, head, commentary=commentary, packs_dir=out_dir)
        (scratch / "summary.json").write_text(
            json.dumps(
                {**summary_figures(month, head), **board.as_json(), "built": built}, indent=2
            )
        )
        paper = f"board-paper-{period}.pdf" if browser else ""
        index_kwargs = {"commentary": commentary, "pdf": paper, "board": board}
        if options.get("verdict") is not None:
            index_kwargs["rule"] = options["verdict"]
        (scratch / "index.html").write_text(
            render_index(month, head, results, workbook, built, **index_kwargs), encoding="utf-8"
        )
        if browser:
            try:
                board_paper(
                    [scratch / "index.html"] + [r.page for r in results],
                    scratch / paper,
                    browser=browser,
                    title=f"{month.organisation}: savings pack {month.period.strftime('%B %Y')}",
                    layout="full" if options.get("pdf") == "full" else "board",
                )
            except UserError as error:  # the HTML pack stands without its PDF: say so
                for line in error.lines():
                    print(f"warning: the PDF board paper was not written: {line}", file=sys.stderr)
                    log(out_dir, f"{period} warning: no PDF: {line}")
                index_kwargs["pdf"] = ""
                (scratch / "index.html").write_text(
                    render_index(month, head, results, workbook, built, **index_kwargs),
                    encoding="utf-8",
                )

        if options.get("docx_template"):
            write_docx(
                scratch,
                template=options["docx_template"],
                data_dir=data_dir,
                verdict=options.get("verdict"),
                organisation=month.organisation,
            )
        LAST_STAGES["index"] = time.perf_counter() - stage
        monthcache.discard(cached)  # the month and its shared views are not part of the pack
        locked = replace_dir(scratch, out_dir / period)
        locked += replace_dir(processed_tmp, processed_root / period)
        processed_tmp = None
        for line in locked:  # Windows: a file open in Excel is named, the rest published
            print(f"warning: {line}", file=sys.stderr)
            log(out_dir, f"{period} warning: {line}")
        write_packs_index(out_dir)
    finally:
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(BaseException):
                writer.result()  # a failed pack waits for the writer, then cleans up
        if processed_tmp is not None:
            shutil.rmtree(processed_tmp, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    seconds = time.perf_counter() - started
    pages = ", ".join(f"{r.notebook.stem} {r.seconds:.1f}s" for r in results)
    log(out_dir, f"{period} built in {seconds:.1f}s: {pages}")
    print(
        f"pack {period}: {out_dir / period / 'index.html'} ({len(results)} pages, {seconds:.1f} s)"
    )
    return EXIT_OK


def _check_scenario(data_dir: Path, scenario: str) -> None:
    """A scenario named on the command line must be one of the data folder's scenario files."""
    if not scenario:
        return

    try:
        find_scenario(load_scenarios(DataFolder(data_dir).scenarios()), scenario)
    except UserError as error:  # ConfigError is a UserError: one line per problem
        raise UserError(error.lines()[0]) from None
