"""docs/rules keeps one page per rule family, each naming its legal source, its code, its data and its tests, and
the index lists them all. A rule module without a page, a page without its source, or a page that names a file
that no longer exists fails here."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
PAGES = sorted(path for path in DOCS.glob("*.md") if path.name != "README.md")
# Modules of logis/rules that hold no rule of their own (loading, formatting, the verdict's shape).
INFRASTRUCTURE = {"__init__", "data_files", "formatting", "parameters", "tables", "verdict"}
PATH = re.compile(r"`((?:logis|tests|scripts)/[^`\s]+)`")
# A legal source names a text (article, code, arrêté, décret, loi…) and a date, or says there is none.
TEXT = re.compile(r"\b(article|arrêté|décret|loi|CCH|Code|code|circulaire|décision)\b")
DATE = re.compile(r"\b(19|20)\d{2}\b")


def _section(text: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def test_there_are_pages():
    assert len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_each_page_names_its_legal_source_with_a_text_and_a_date(page):
    text = page.read_text()
    source = _section(text, "Legal source")
    assert source, f"{page.name}: no « ## Legal source » section"
    if "None: platform policy" not in source:
        assert TEXT.search(source), f"{page.name}: the legal source names no text"
    assert DATE.search(source), f"{page.name}: the legal source gives no date"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_each_page_names_its_code_and_its_tests_and_they_exist(page):
    text = page.read_text()
    header = text.split("## ", 1)[0]
    assert "**Code:**" in header, f"{page.name}: no **Code:** line"
    assert "**tests:**" in header, f"{page.name}: no **tests:** line"
    for raw in PATH.findall(text):
        path = raw.split("::")[0].rstrip(".,;")
        path = re.sub(r":[a-z_]+$", "", path)  # module.py:function
        if "<" in path or "*" in path:
            continue
        assert (ROOT / path).exists(), f"{page.name} names {raw}, which does not exist"


def test_every_rule_module_has_its_page():
    named = "\n".join(page.read_text() for page in PAGES)
    modules = sorted(path.stem for path in (ROOT / "logis" / "rules").glob("*.py") if path.stem not in INFRASTRUCTURE)
    missing = [module for module in modules if f"logis/rules/{module}.py" not in named]
    assert not missing, f"rule modules without a page in docs/rules: {missing}"


def test_the_index_lists_every_page():
    index = (DOCS / "README.md").read_text()
    missing = [page.name for page in PAGES if f"({page.name})" not in index]
    assert not missing, f"pages missing from docs/rules/README.md: {missing}"
