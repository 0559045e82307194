"""lkjip: turn per-kecamatan data folders into LKjIP performance reports.

The package is a pipeline of stages, declared in ``STAGES`` in the order data flows through
them. A module may import only modules of its own stage or of an earlier one, at module
level or inside a function alike, and no import cycle is allowed; ``tests/test_imports.py``
checks both, and fails on a module that is not placed here.
"""

__version__ = "0.1.0"

import os

# openpyxl reads and writes through lxml whenever lxml is installed, and python-docx (the Word
# export) installs it. Keep openpyxl on the standard-library parser: workbooks are then read
# through defusedxml (which refuses XML entities, see tests/test_excel_hostile.py) and written
# byte for byte as without lxml. Set before any module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

# Modules are named relative to this package ("compute.report"); a package name stands for
# the package and everything in it; "__init__" is this file.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Leaves every stage may use: no stage of their own, no import of a later module.
    ("base", ("__init__", "paths", "errors", "numbers", "formatting", "store", "arsip")),
    # Files → raw values with file:line positions; the schema declares which files exist.
    ("load", ("yamlsource", "parsecache", "schema", "load")),
    # Schema errors and cross-references, all collected in one pass.
    (
        "validate",
        (
            "schema_errors",
            "model",
            "formula",
            "bands",
            "crosscheck_hitungan",
            "crosscheck",
            "validate",
        ),
    ),
    # Pure, Decimal, no I/O.
    ("compute", ("compute",)),
    # The report's parts from computed results: tables, charts, narratives, texts; and the
    # checks only computed and rendered results can answer.
    (
        "render",
        (
            "fonts",
            "koreksi",
            "tables",
            "charts",
            "render",
            "lookup",
            "narasi",
            "dokumen",
            "sekilas",
            "ringkasan",
            "result_checks",
            "history",
            "asal",
        ),
    ),
    # Each medium the report is published in.
    (
        "outputs",
        (
            "xlsx",
            "opendata",
            "banding",
            "cetak",
            "pdf",
            "word_gaya",
            "word_html",
            "word",
            "keluaran",
            "site",
            "search",
            "schema_docs",
            "konteks",
            "templat_docs",
        ),
    ),
    # Writing: the site builder, link checks, incremental builds, atomic swap, packages.
    (
        "publish",
        (
            "staging",
            "situs_mkdocs",
            "tautan",
            "pembangun",
            "cache",
            "publish",
            "uptodate",
            "pipeline",
            "package",
            "serve",
        ),
    ),
    # Tools that write data folders (Excel round trip, scaffolds, synthetic data); a build
    # never imports them, so it cannot modify data/.
    (
        "authoring",
        (
            "yamledit",
            "excel_sel",
            "excel_layout",
            "excel_berkas",
            "excel_ekspor",
            "excel_impor",
            "excel",
            "scaffold",
            "contoh",
            "data_repository",
        ),
    ),
    # The command line: the only module that prints and chooses exit codes.
    ("cli", ("cli", "__main__")),
)
