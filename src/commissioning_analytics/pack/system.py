"""The system pack (issue 22): every organisation's pack and a system summary above them.

``pack --data SYSTEM`` on a folder with ``organisations/<code>/`` (see :mod:`..io.system`) calls
:func:`build_system` (from ``build.build_pack``), which

1. reads the organisations (names, kinds, the double-counting setting) and the month: the one
   asked for, else the earliest of the organisations' latest complete months;
2. builds each organisation's pack, exactly as a single data folder gives it (``build_one``:
   build's own pack builder), into ``OUT/<period>/<code>/``; the organisations run on
   ``workers`` threads, each with its own warm-kernel pool (:mod:`.kernels`), so one
   organisation's register is read while another's notebooks run;
3. an organisation whose pack cannot be built (a broken register, a failing notebook) is an
   exception on the system summary, with its error; the others are built. Exit 2 only when no
   organisation could be built;
4. writes the system summary ``OUT/<period>/index.html`` (templates/system.html.j2): the
   system's verdict, bridge, trajectory (when the organisations' summaries have one),
   exceptions, double counting, and each organisation's verdict and figures linking to its
   pack; ``summary.json`` (the system totals under the headline keys, ``organisations``,
   ``double_counted``) and the system workbook.

The system total is the sum of the organisations' (:func:`..views.system.system_totals`).
Double counting (:mod:`..model.double_count`) is listed; it is deducted only when the system's
``system.yml`` says ``double_counting: deduct``, and the page says which.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from .. import month as months
from .. import style
from ..errors import UserError
from ..export import Column, Sheet, write_workbook
from ..io.system import Organisation, SystemFolder, read_system
from ..model.double_count import counted_once, double_counted
from ..model.headline import bridge_steps, scheme_figures
from ..model.verdict import VerdictRule
from ..schema import Scheme
from ..style import money
from ..views.system import as_headline, deducted, deduction, organisation_rows, system_totals
from . import kernels
from .notebooks import KERNEL_ARGUMENTS, KERNEL_NAME, discover_notebooks, kernel_environment
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
from .summary import INDEX_CSS, _bridge_html

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
WORKBOOK = "system-pack-{period}.xlsx"

# build_one(period, data_dir, out_dir, pool, processed, organisation) -> exit status: one
# organisation's pack into out_dir/<period>/ (build._build_pack with the run's options).
BuildOne = Callable[[str, Path, Path, object, Path, str], int]


@dataclass
class OrgResult:
    """One organisation's outcome: its exit status, the error lines it printed, its headline
    (``summary.json``) and its schemes (``schemes.csv``) when built."""

    organisation: Organisation
    status: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    head: dict | None = None
    schemes: pd.DataFrame | None = None
    seconds: float = 0.0

    @property
    def built(self) -> bool:
        return self.head is not None


# ---------------------------------------------------------------------------------------------
# stderr per organisation (each runs on its own thread)


class _ThreadStream(io.TextIOBase):
    """``sys.stderr`` (or ``sys.stdout``) while organisations build: what a thread with a buffer
    writes goes to its buffer (the organisation's messages, shown afterwards with its code);
    other threads write to the real stream."""

    def __init__(self, real):
        self.real = real
        self.local = threading.local()

    def write(self, text: str) -> int:
        buffer = getattr(self.local, "buffer", None)
        return (buffer or self.real).write(text)

    def flush(self) -> None:
        self.real.flush()


@contextlib.contextmanager
def _captured(*proxies: _ThreadStream):
    """The calling thread's writes to each proxy, into one buffer."""
    buffer = io.StringIO()
    for proxy in proxies:
        proxy.local.buffer = buffer
    try:
        yield buffer
    finally:
        for proxy in proxies:
            proxy.local.buffer = None


# ---------------------------------------------------------------------------------------------
# The system pack


def build_system(
    period: str | None,
    data_dir: Path,
    out_dir: Path,
    build_one: BuildOne,
    *,
    notebooks_dir: Path,
    processed: Path | None = None,
    workers: int = 2,
    today: dt.date | None = None,
    verdict: VerdictRule | None = None,
) -> int:
    """Build every organisation's pack and the system summary; returns the exit status
    (0 at least one organisation built; 2 none could be, or the system folder is wrong;
    3 locked; 4 the environment stopped the run)."""
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    try:
        system = read_system(data_dir)
        for note in system.notes:
            print(f"warning: {note}", file=sys.stderr)
        period, refused = _period(system, period, today)
        pages = len(discover_notebooks(notebooks_dir))
        if not pages:
            raise UserError(f"{notebooks_dir}: no pack notebooks (named NN_name.ipynb)")
    except UserError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    # Each organisation's tidy tables go where its own pack would put them (its folder's
    # processed/, where next month's pack looks for last month's), or under --processed/<code>.
    processed_root = Path(processed) if processed else None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with pack_lock(out_dir):
            remove_stale_scratch(out_dir)
            check_writable(out_dir)
            return _build_locked(
                system,
                period,
                refused,
                out_dir,
                processed_root,
                build_one,
                notebooks_dir,
                pages,
                workers,
                verdict or VerdictRule(),
            )
    except PackLocked as locked:
        print(f"error: {locked}", file=sys.stderr)
        return 3
    except OSError as error:
        line = environment_error(error)
        print(f"error: {line}; the system pack was not built", file=sys.stderr)
        log(out_dir, f"{period} system FAILED (environment) {line}")
        return 4


def _period(
    system: SystemFolder, period: str | None, today: dt.date | None
) -> tuple[str, dict[str, list[str]]]:
    """The month: the one asked for, else the earliest of the organisations' latest complete
    months (every organisation has reported it). An organisation whose month cannot be found
    is refused (its error lines)."""
    if period:
        return period, {}
    found: dict[str, str] = {}
    refused: dict[str, list[str]] = {}
    for org in system.organisations:
        try:
            found[org.code] = months.latest_complete_period(org.folder, today=today)
        except UserError as error:
            refused[org.code] = error.lines()
    if not found:
        lines = [f"{code}: {line}" for code, ls in refused.items() for line in ls]
        raise UserError(lines[0] if lines else "no organisation has a reporting month")
    chosen = min(found.values())
    if len(set(found.values())) > 1:
        later = ", ".join(f"{c} {p}" for c, p in found.items() if p != chosen)
        print(
            f"warning: the system pack is for {chosen}, the earliest month every organisation "
            f"has reported ({later} reported later)",
            file=sys.stderr,
        )
    return chosen, refused


def _build_locked(
    system: SystemFolder,
    period: str,
    refused: dict[str, list[str]],
    out_dir: Path,
    processed_root: Path | None,
    build_one: BuildOne,
    notebooks_dir: Path,
    pages: int,
    workers: int,
    rule: VerdictRule,
) -> int:
    started = time.perf_counter()
    log(out_dir, f"{period} system started: {len(system.organisations)} organisations")
    scratch = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{period}.building-"))
    scratch.chmod(0o755)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{period}.building-orgs-"))
    try:
        todo = [o for o in system.organisations if o.code not in refused]
        results = {
            o.code: OrgResult(o, 2, refused[o.code])
            for o in system.organisations
            if o.code in refused
        }
        threads = max(1, min(workers, len(todo)))
        per_pool = max(1, min(pages, workers // threads))
        proxy, out_proxy = _ThreadStream(sys.stderr), _ThreadStream(sys.stdout)
        pools: dict[int, kernels.NotebookPool] = {}
        lock = threading.Lock()

        def pool_of_thread() -> kernels.NotebookPool:
            key = threading.get_ident()
            with lock:
                if key not in pools:
                    pools[key] = kernels.NotebookPool(
                        per_pool, KERNEL_NAME, notebooks_dir, KERNEL_ARGUMENTS
                    )
                return pools[key]

        def processed_of(org: Organisation) -> Path:
            if processed_root is None:
                return months.processed_dir(org.folder)
            return processed_root / org.code

        def run(org: Organisation) -> OrgResult:
            began = time.perf_counter()
            result = OrgResult(org)
            with _captured(proxy, out_proxy) as buffer:
                try:
                    result.status = build_one(
                        period,
                        org.folder,
                        staging / org.code,
                        pool_of_thread(),
                        processed_of(org),
                        org.name,
                    )
                except Exception as error:  # noqa: BLE001 (one organisation's bug, not all)
                    result.status = 1
                    print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            for line in buffer.getvalue().splitlines():
                if line.startswith("error: "):
                    result.errors.append(line[len("error: ") :])
                elif line.startswith("warning: "):
                    result.warnings.append(line[len("warning: ") :])
            if result.status == 0:
                built = staging / org.code / period
                replace_dir(built, scratch / org.code)
                result.head = json.loads((scratch / org.code / "summary.json").read_text())
                schemes = processed_of(org) / period / "schemes.csv"
                result.schemes = (
                    pd.read_csv(schemes, dtype={Scheme.scheme_id: str, Scheme.file_ref: str})
                    if schemes.is_file()
                    else None
                )
            elif not result.errors:
                result.errors.append(f"its pack was not built (exit status {result.status})")
            result.seconds = time.perf_counter() - began
            return result

        with (
            kernel_environment(),
            contextlib.redirect_stderr(proxy),
            contextlib.redirect_stdout(out_proxy),
        ):
            try:
                with ThreadPoolExecutor(threads, thread_name_prefix="organisation") as executor:
                    for result in executor.map(run, todo):
                        results[result.organisation.code] = result
            finally:
                for pool in pools.values():
                    pool.close()
        ordered = [results[o.code] for o in system.organisations]
        for r in ordered:
            if r.built:
                print(
                    f"pack {period} {r.organisation.code}: "
                    f"{out_dir / period / r.organisation.code / 'index.html'} ({r.seconds:.1f} s)"
                )
            for line in r.warnings:
                print(f"warning: {r.organisation.code}: {line}", file=sys.stderr)
            for line in r.errors:
                print(f"error: {r.organisation.code}: {line}", file=sys.stderr)
        built = [r for r in ordered if r.built]
        if not built:
            print(
                f"error: no organisation's {period} pack could be built; nothing was written",
                file=sys.stderr,
            )
            log(out_dir, f"{period} system FAILED: no organisation built")
            return 2
        _write_summary(system, period, ordered, scratch, rule)
        replace_dir(scratch, out_dir / period)
        write_packs_index(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    failed = [r.organisation.code for r in ordered if not r.built]
    log(
        out_dir,
        f"{period} system built in {seconds:.1f}s: {len(built)} of {len(ordered)} organisations"
        + (f" (not built: {', '.join(failed)})" if failed else ""),
    )
    print(
        f"system pack {period}: {out_dir / period / 'index.html'} ({len(built)} of "
        f"{len(ordered)} organisations, {seconds:.1f} s)"
    )
    return 0


# ---------------------------------------------------------------------------------------------
# The system summary


def _write_summary(
    system: SystemFolder,
    period: str,
    results: list[OrgResult],
    folder: Path,
    rule: VerdictRule,
) -> None:
    built = [r for r in results if r.built]
    heads = {r.organisation.code: r.head or {} for r in built}
    names = {r.organisation.code: r.organisation.name for r in results}
    totals, notes = system_totals(heads)
    registers = {r.organisation.code: r.schemes for r in built if r.schemes is not None}
    for r in built:
        if r.schemes is None:
            notes.append(
                f"{r.organisation.code}: no schemes table: not checked for double counting"
            )
    pairs = double_counted(registers)
    taken: dict[str, float] = {}
    if system.deduct and len(pairs):
        taken = double_count_deduction(system, period, pairs)
        totals = deducted(totals, taken)
    head = as_headline(totals)
    built_at = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    pair_records = _records(pairs)
    exceptions = [
        {"organisation": r.organisation.code, "name": r.organisation.name, "error": line}
        for r in results
        if not r.built
        for line in (r.errors or ["not built"])
    ]
    summary = {
        **totals,
        "organisations": heads,
        "double_counted": pair_records,
        "double_counting": system.double_counting,
        "double_counted_deducted": {k: v for k, v in taken.items() if v},
        "not_built": exceptions,
        "built": built_at,
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=_json))
    workbook = WORKBOOK.format(period=period)
    table = organisation_rows(heads, names)
    steps = bridge_steps(head)
    write_workbook(
        [
            Sheet("organisations", table, "Each organisation's headline figures (its pack)."),
            Sheet(
                "bridge",
                steps,
                "The system's bridge from plan to outturn.",
                "Adds up: plan - weighting - slippage + (actual - forecast to date) = outturn.",
                columns={"value_gbp": Column("£ (step or subtotal)", "money", 18)},
            ),
            Sheet(
                "double_counted",
                pairs,
                "Schemes in two organisations' registers that look like one saving.",
                "Evidence: a shared plan reference, or the same name and theme. "
                + (
                    "Deducted from the system total (each counted once)."
                    if system.deduct
                    else "Not deducted from the system total."
                ),
            ),
            Sheet("not_built", pd.DataFrame(exceptions, columns=["organisation", "name", "error"])),
        ],
        folder / workbook,
        title=f"System savings pack {period}",
    )
    (folder / "index.html").write_text(
        render_system(
            system,
            period,
            results,
            totals,
            head,
            steps,
            pairs,
            notes,
            workbook,
            built_at,
            rule,
            taken,
        ),
        encoding="utf-8",
    )


def double_count_deduction(
    system: SystemFolder, period: str, pairs: pd.DataFrame
) -> dict[str, float]:
    """What counting each double-counted saving once takes off (the model's per-scheme
    figures of the schemes left out)."""
    left_out = counted_once(pairs)
    frames = []
    for org in system.organisations:
        ids = left_out.get(org.code)
        if not ids:
            continue
        month = months.load_month(period, org.folder, organisation=org.name)
        per = scheme_figures(month)
        frames.append(per[per[Scheme.scheme_id].astype(str).isin(ids)])
    return deduction(pd.concat(frames, ignore_index=True)) if frames else {}


def _gap(gap: float) -> str:
    """``£482k short`` / ``£120k ahead`` / ``on plan`` (gap = plan - outturn)."""
    if gap > 0.5:
        return f"{money(gap)} short"
    if gap < -0.5:
        return f"{money(-gap)} ahead"
    return "on plan"


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _json(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def render_system(
    system: SystemFolder,
    period: str,
    results: list[OrgResult],
    totals: dict,
    head,
    steps: pd.DataFrame,
    pairs: pd.DataFrame,
    notes: list[str],
    workbook: str,
    built_at: str,
    rule: VerdictRule,
    taken: dict[str, float] | None = None,
) -> str:
    """The system summary page (``templates/system.html.j2``)."""
    verdict = rule.verdict(head.forecast_outturn, head.plan_in_year)
    orgs = []
    for r in results:
        h = r.head or {}
        plan, outturn = h.get("plan_in_year"), h.get("forecast_outturn")
        org_verdict = rule.verdict(outturn, plan) if r.built else "not built"
        orgs.append(
            {
                "code": r.organisation.code,
                "name": r.organisation.name,
                "kind": r.organisation.kind,
                "built": r.built,
                "verdict": org_verdict,
                "colour": style.VERDICT_COLOURS.get(org_verdict, style.NHS_PALE_GREY),
                "text": style.VERDICT_TEXT.get(org_verdict, style.NHS_DARK_GREY),
                "plan": money(plan) if plan is not None else "",
                "forecast": money(h.get("forecast_in_year") or 0.0) if r.built else "",
                "actual": money(h["actual_to_date"])
                if h.get("actual_to_date") is not None
                else "not available",
                "outturn": money(outturn) if outturn is not None else "",
                "gap": _gap(h.get("gap_to_target") or 0.0) if r.built else "",
                "errors": r.errors,
            }
        )
    trajectory = [
        {
            "period": t.get("period"),
            "plan": money(t.get("plan_in_year") or 0.0),
            "outturn": money(t.get("forecast_outturn") or 0.0),
            "gap": _gap(t.get("gap_to_target") or 0.0),
        }
        for t in totals.get("trajectory") or []
        if isinstance(t, dict)
    ]
    double = [
        {
            "evidence": row["evidence"],
            "a": f"{row['organisation_a']}: {row['scheme_a']} (scheme {row['scheme_id_a']})",
            "b": f"{row['organisation_b']}: {row['scheme_b']} (scheme {row['scheme_id_b']})",
            "plan_a": money(row["plan_in_year_a"]),
            "plan_b": money(row["plan_in_year_b"]),
            "forecast_a": money(row["forecast_in_year_a"]),
            "forecast_b": money(row["forecast_in_year_b"]),
        }
        for row in pairs.to_dict(orient="records")
    ]
    share = head.forecast_outturn / head.plan_in_year if head.plan_in_year else float("nan")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("system.html.j2").render(
        css=INDEX_CSS,
        period=period,
        month_name=style.month_name(pd.Period(period, freq="M")),
        fy=head.financial_year,
        verdict=verdict,
        verdict_colour=style.VERDICT_COLOURS[verdict],
        verdict_text=style.VERDICT_TEXT[verdict],
        rule=rule.words(),
        share=f"{share:.0%}" if share == share else "n/a",
        plan=money(head.plan_in_year),
        forecast=money(head.forecast_in_year),
        actual=money(head.actual_to_date) if head.has_actuals else "not available",
        outturn=money(head.forecast_outturn),
        gap=money(abs(head.gap_to_target)),
        gap_words=head.gap_words(),
        bridge=Markup(_bridge_html(steps)),
        trajectory=trajectory,
        organisations=orgs,
        built_count=sum(1 for r in results if r.built),
        double=double,
        deduct=system.deduct,
        deducted_plan=money((taken or {}).get("plan_in_year", 0.0)),
        deducted_outturn=money((taken or {}).get("forecast_outturn", 0.0)),
        less=(
            {
                "plan": money(-taken.get("plan_in_year", 0.0)),
                "forecast": money(-taken.get("forecast_in_year", 0.0)),
                "actual": money(-taken.get("actual_to_date", 0.0)),
                "outturn": money(-taken.get("forecast_outturn", 0.0)),
            }
            if taken
            else None
        ),
        system_gap=_gap(head.gap_to_target),
        notes=list(system.notes) + notes,
        workbook=workbook,
        built_at=built_at,
    )
