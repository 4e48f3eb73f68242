"""Write the Word template shipped with the package (src/commissioning_analytics/templates/
board-paper.docx): A4 portrait, 2 cm margins, Arial, NHS blue headings, a "Table Grid" table
style and a page-number footer. A trust replaces it with its own template
(`pack --docx --docx-template OUR-TEMPLATE.docx`); only the styles and page setup are used.

    .venv/bin/python scripts/make_docx_template.py
"""

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "commissioning_analytics"
    / "templates"
    / "board-paper.docx"
)
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
NHS_DARK_BLUE = RGBColor(0x00, 0x30, 0x87)


def _page_number(paragraph) -> None:
    paragraph.add_run("Page ")
    for code in ("PAGE",):
        run = paragraph.add_run()
        begin, text, end = (
            OxmlElement("w:fldChar"),
            OxmlElement("w:instrText"),
            OxmlElement("w:fldChar"),
        )
        begin.set(qn("w:fldCharType"), "begin")
        text.text = code
        end.set(qn("w:fldCharType"), "end")
        run._r.extend([begin, text, end])


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    for name, size, colour in (
        ("Title", 20, NHS_DARK_BLUE),
        ("Heading 1", 14, NHS_BLUE),
        ("Heading 2", 12, NHS_BLUE),
    ):
        heading = document.styles[name]
        heading.font.name, heading.font.size = "Arial", Pt(size)
        heading.font.color.rgb = colour
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(footer)
    document.add_paragraph("The board summary is written here by commissioning-analytics.")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(TARGET)
    print(f"written {TARGET}")


if __name__ == "__main__":
    main()
