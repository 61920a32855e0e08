"""The concordance page: every argument of the article has a row, and every row points at a real place in the book."""

from __future__ import annotations

import copy
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import concordance


def test_every_reference_of_the_concordance_exists() -> None:
    assert concordance.problems(ROOT) == []


def test_the_concordance_covers_each_section_of_the_article() -> None:
    data = concordance.load(ROOT)
    assert 60 <= len(data["rows"]) <= 100
    for key in data["sections"]:
        assert sum(r["section"] == key for r in data["rows"]) >= 8, f"section {key} has fewer than 8 arguments"


def test_a_renamed_heading_breaks_the_concordance() -> None:
    data = copy.deepcopy(concordance.load(ROOT))
    row = next(r for r in data["rows"] if any("#" in w for w in r["where"]))
    page, _, heading = row["where"][0].partition("#")
    row["where"][0] = f"{page}#{heading} (renamed)"
    assert any(row["id"] in p and "no heading" in p for p in concordance.problems(ROOT, data))


def test_a_missing_page_or_reason_breaks_the_concordance() -> None:
    data = copy.deepcopy(concordance.load(ROOT))
    data["rows"][0]["where"] = ["book/99-nowhere/index#Anything"]
    data["rows"][1]["where"], data["rows"][1]["left_out"] = [], ""
    found = concordance.problems(ROOT, data)
    assert any("not a page of _toc.yml" in p for p in found)
    assert any("no reason in left_out" in p for p in found)


def test_the_appendix_page_renders_the_concordance() -> None:
    page = (ROOT / "book" / "appendix" / "concordance.md").read_text(encoding="utf-8")
    assert "```{concordance-table}" in page
    assert "file: book/appendix/concordance" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
