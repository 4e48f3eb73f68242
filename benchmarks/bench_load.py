"""Loading a register of 5,000 and 50,000 schemes: ``load_register`` against the fastest peer.

The workbooks come from ``scripts/make_scale_data.py`` (the appendix shape of the sample: cover
sheet, title rows, two-row merged header, RAG words with fills, a totals row, shared strings as
Excel saves them), with one scheme in twenty rated on its four panels by fill alone (a blank
cell painted green, amber or red), so the loader's fill path runs and is timed.

References, timed the same way as ours (interleaved, medians, spread):

* ``pandas.read_excel(engine="calamine")`` (python-calamine, Rust): values only, no fills, every
  number a float, the whole sheet at once. Goal: ``load_register`` within 2x of it;
* ``pandas.read_excel(engine="openpyxl")`` on the 5,000-row file (the loader's own engine).

A design to close the gap is measured too, as a prototype here (the register reader belongs to
io/register.py and the XML streaming to io/workbook.py): **calamine for the values, plus one
pass over the sheet XML for the style of blank cells only** (a rated-by-fill cell is an empty,
self-closing ``<c r=".." s=".."/>`` element; its style index leads to the fill colour in
styles.xml). The pass is a byte scan of the sheet part, read from the zip in chunks: no entity
is expanded, memory is bounded by the chunk, and it still has to keep io/workbook.py's size
limits and refusal of DTDs.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "scripts"))

from run import against, compare  # noqa: E402

SIZES = (5_000, 50_000)
SHEET = "Appendix 2 QIPP"
_EMPTY_CELL = re.compile(rb"<c ([^>]*?)/>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member of a sheet, by name, from workbook.xml and its relationships."""
    from defusedxml import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    for node in book.find("m:sheets", ns):
        if node.get("name") == sheet:
            part = target[node.get(f"{{{ns['r']}}}id")].lstrip("/")
            return part if part.startswith("xl/") else f"xl/{part}"
    raise KeyError(sheet)


def _fill_of_style(archive: zipfile.ZipFile) -> dict[int, str]:
    """Style index -> ARGB of its solid fill (styles.xml is small: parsed whole, safely)."""
    from defusedxml import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    fills = []
    for fill in styles.find("m:fills", ns):
        colour = fill.find("m:patternFill/m:fgColor", ns)
        fills.append(colour.get("rgb") if colour is not None else None)
    out = {}
    for k, xf in enumerate(styles.find("m:cellXfs", ns)):
        rgb = fills[int(xf.get("fillId", 0))]
        if rgb:
            out[k] = rgb
    return out


def fills_of_blank_cells(path: Path, sheet: str = SHEET, chunk: int = 1 << 20) -> dict:
    """``{(row, column letters): ARGB}`` of every empty cell with a solid fill, streaming the
    sheet XML in ``chunk``-byte pieces."""
    out = {}
    with zipfile.ZipFile(path) as archive:
        style_fill = _fill_of_style(archive)
        with archive.open(_sheet_part(archive, sheet)) as part:
            tail = b""
            while True:
                block = part.read(chunk)
                data = tail + block
                cut = data.rfind(b"<") if block else len(data)
                for match in _EMPTY_CELL.finditer(data, 0, cut):
                    attrs = match.group(1)
                    style = _STYLE.search(attrs)
                    if style is None:
                        continue
                    rgb = style_fill.get(int(style.group(1)))
                    if rgb:
                        ref = _REF.search(attrs)
                        out[(int(ref.group(2)), ref.group(1).decode())] = rgb
                tail = data[cut:]
                if not block:
                    break
    return out


def calamine_with_fills(path: Path):
    """The proposed design's two passes: values by calamine, fills of blank cells by a scan."""
    import pandas as pd

    values = pd.read_excel(path, sheet_name=SHEET, header=None, engine="calamine")
    return values, fills_of_blank_cells(path)


def run() -> list[dict]:
    import pandas as pd

    import make_scale_data
    from commissioning_analytics.io.register import load_register

    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return [{"name": "load_register vs pandas+calamine", "seconds": float("nan"),
                 "target": "python-calamine not installed (make setup)",
                 "met": False}]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            path = Path(folder) / f"register_{n}.xlsx"
            make_scale_data.write_register(path, make_scale_data.schemes(n))
            load = load_register(path)
            assert len(load.schemes) == n, len(load.schemes)
            assert load.schemes["rag_value"].notna().all()  # blank cells rated by their fill
            values, fills = calamine_with_fills(path)
            assert len(fills) == 4 * len(range(7, n, 20)), len(fills)  # the painted blanks
            references = {
                "calamine": lambda: pd.read_excel(path, sheet_name=SHEET, header=None,
                                                  engine="calamine"),
                "calamine+fills": lambda: calamine_with_fills(path),
            }
            if n <= 5_000:
                references["openpyxl"] = lambda: pd.read_excel(path, sheet_name=SHEET,
                                                               header=None, engine="openpyxl")
            repeats = 5 if n <= 5_000 else 3
            timings = compare(lambda: load_register(path), references, repeats=repeats)
            size = f"{n:,} schemes ({os.path.getsize(path) / 1e6:.1f} MB)"
            results.append(against(f"load_register, {size}", timings, "calamine",
                                   "pandas.read_excel(engine='calamine')",
                                   "within 2x of pandas+calamine (ratio >= 0.5)",
                                   lambda ratio: ratio >= 0.5))
            results.append(against(f"load_register, {size}", timings, "calamine+fills",
                                   "calamine values + fill scan of blank cells (proposed)",
                                   "information: the proposed design's floor", True))
            if "openpyxl" in timings:
                results.append(against(f"load_register, {size}", timings, "openpyxl",
                                       "pandas.read_excel(engine='openpyxl')",
                                       "no slower than pandas+openpyxl (ratio >= 1)",
                                       lambda ratio: ratio >= 1.0))
    return results


if __name__ == "__main__":
    for item in run():
        print(item)
