"""Render docs/screenshots/spreadsheet-template.png: the Capability sheet of the workbook.

The example programme is exported in the template's shape, its Capability sheet is laid out
for print (landscape, header repeated, fitted to the page width), LibreOffice turns it into
a PDF and pdftoppm takes the first page as PNG. Needs soffice and pdftoppm
(scripts/install-system-deps.sh). Run: python scripts/spreadsheet-screenshot.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tomgraph.spreadsheets.exporter import export_workbook
from tomgraph.spreadsheets.layout import layout_for
from tomgraph.store import example_store

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots" / "spreadsheet-template.png"
ROWS = 22


def main() -> int:
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("needs soffice and pdftoppm: run scripts/install-system-deps.sh", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book_path = work / "design.xlsx"
        with example_store() as store:
            export_workbook(store, book_path, layout=layout_for(store))
        book = load_workbook(book_path)
        for name in book.sheetnames:
            if name != "Capability":
                del book[name]
        ws = book["Capability"]
        ws.delete_rows(ROWS + 2, ws.max_row)
        widths = {"A": 30, "B": 30, "C": 40, "D": 17, "E": 22, "F": 11, "G": 30, "H": 13, "I": 13}
        for col, width in widths.items():
            ws.column_dimensions[col].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
            required = str(cell.value).endswith("*")
            cell.fill = PatternFill("solid", fgColor="FFF2CC" if required else "DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 30
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=False)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        book.save(book_path)
        env = {**os.environ, "HOME": tmp}
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp,
                        str(book_path)], check=True, capture_output=True, env=env, timeout=180)
        # The table fills the top of the landscape page: crop to it (points → pixels at 150 dpi).
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                        "-x", "105", "-y", "150", "-W", "1455", "-H", "400",
                        str(work / "design.pdf"), str(work / "page")], check=True)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "page.png", OUT)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
