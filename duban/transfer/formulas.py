"""Which cells of a sheet hold a formula, read from the sheet XML (E4: never trust formulas).

The reader streams values with `iter_rows(values_only=True)`, which is several times faster
than building a cell object per value but hides the cell type: a formula then reads as its
"=…" text, the same as a text cell that merely starts with "=" (our own exports write such
text, quote-prefixed). So the formula cells are found here, from the `<f>` elements:

* a byte scan first: a sheet without any `<f` element (the usual ledger) costs one
  decompression and one regular-expression search, nothing more;
* only when one may be present, an expat pass records the (row, column) of every `<c>` with an
  `<f>` child, numbering rows and columns exactly as openpyxl does (the `r` attribute where
  present, else counting on), so the positions match the rows the reader produced.

The expat pass refuses DOCTYPE and entity declarations outright (as defusedxml would), on top
of the same refusal in `safety.inspect_file` (E3): no entity is ever expanded.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any
from xml.parsers import expat

from openpyxl.utils.cell import coordinate_to_tuple

from duban.transfer.safety import FileRefused

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# An <f …>, <f>, <f/> or <x:f> start tag anywhere (a namespace prefix allowed).
_F_TAG_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any "<prefix:f " worth matching, so a split tag is still seen


def may_hold_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """True when the part's bytes contain anything that looks like an `<f>` start tag."""
    tail = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            if _F_TAG_RE.search(window):
                return True
            tail = window[-_OVERLAP:]
    return False


def formula_cells(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """(row, column), 1-based, of every cell of sheet `part` that holds a formula."""
    if not may_hold_formulas(archive, part):
        return set()
    return _FormulaScan().run(archive, part)


def _refuse(*_args: Any) -> Any:  # Any: expat handlers differ in return type
    raise FileRefused("xml_entity", "工作簿内部 XML 含 DOCTYPE/ENTITY 声明，疑似 XML 实体攻击")


class _FormulaScan:
    """One expat pass over a sheet part; element names arrive as "namespace local"."""

    def __init__(self) -> None:
        self.found: set[tuple[int, int]] = set()
        self.row = 0
        self.col = 0
        self.depth = 0
        self.cell: tuple[int, int] | None = None
        self.cell_depth = -1

    def run(self, archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        with archive.open(part) as handle:
            while chunk := handle.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return self.found

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        ns, _, local = name.rpartition(" ")
        if ns != MAIN_NS:
            return
        if local == "row":
            # openpyxl: r where present (a float like "3.0" accepted), else the next row.
            r = attrs.get("r")
            self.row = (int(float(r)) if not r.isdigit() else int(r)) if r else self.row + 1
            self.col = 0
        elif local == "c":
            coordinate = attrs.get("r")
            if coordinate:
                row, self.col = coordinate_to_tuple(coordinate)
            else:
                self.col += 1
                row = self.row
            self.cell = (row, self.col)
            self.cell_depth = self.depth
        elif local == "f" and self.cell is not None and self.depth == self.cell_depth + 1:
            self.found.add(self.cell)

    def end(self, name: str) -> None:
        if self.depth == self.cell_depth:
            self.cell = None
            self.cell_depth = -1
        self.depth -= 1
