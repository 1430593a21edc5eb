"""Run FNFE-MPE's published rules (EN 16931 + French BR-FR, blocking version) on generated XML.

The rule files are not ours and are not shipped: they are read from ../shared/einvoicing/ (CI has it).
"""

import functools
import os
import tempfile
from pathlib import Path

import pytest
from lxml import etree

RULES_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "einvoicing" / "rules"
for candidate in (RULES_DIR, Path("/work/shared/einvoicing/rules")):
    if candidate.is_dir():
        RULES_DIR = candidate
        break
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
CII_RULES = ["factur-x/FACTUR-X_EN16931.xslt", "factur-x/BR-FR-Flux2-Schematron-CII.xslt"]
UBL_RULES = ["ubl/EN16931-UBL-validation.xslt", "ubl/BR-FR-Flux2-Schematron-UBL.xslt"]


def rules_available():
    return RULES_DIR.is_dir()


needs_rules = pytest.mark.skipif(
    not rules_available(), reason="FNFE-MPE rule files absent (../shared/einvoicing/rules): rules not run"
)


@functools.cache
def _processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _executables(kind):
    proc = _processor()
    names = CII_RULES if kind == "cii" else UBL_RULES
    return [
        proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(RULES_DIR / name))
        for name in names
    ]


def failed_rules(xml: bytes, kind="cii"):
    """[(rule id, message)] of every failed assert flagged fatal or error."""
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as handle:
        handle.write(xml)
        path = handle.name
    try:
        out = []
        for exe in _executables(kind):
            report = etree.fromstring(exe.transform_to_string(source_file=path).encode())
            for fa in report.xpath("//svrl:failed-assert", namespaces=SVRL):
                if (fa.get("flag") or "fatal") in ("fatal", "error"):
                    text = " ".join("".join(fa.xpath("svrl:text//text()", namespaces=SVRL)).split())
                    out.append((fa.get("id") or "?", text))
        return out
    finally:
        os.unlink(path)
