"""lkjip: turn per-kecamatan data folders into LKjIP performance reports."""

__version__ = "0.1.0"

import os

# openpyxl reads and writes through lxml whenever lxml is installed, and python-docx (the Word
# export) installs it. Keep openpyxl on the standard-library parser: workbooks are then read
# through defusedxml (which refuses XML entities, see tests/test_excel_hostile.py) and written
# byte for byte as without lxml. Set before any module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")
