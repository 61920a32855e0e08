"""Every value a lab shows is written for a reader: no float to 17 digits, no truncated pandas repr.

Reads the outputs of the strict build's execution (its cache, matched to each lab's code; see
tests/test_notebooks.py), so no lab runs twice.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from tests.test_notebooks import NOTEBOOKS, executed_by_the_build

NUMBER = re.compile(r"(?<![\w.#-])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")
TRUNCATED = re.compile(r"\.\.\.\s*(?:\n|$)|\.\.\.\s+\S+\s*\n?\s*(?:Name:|dtype:)|^\s*\.\.\.\s", re.M)
MAX_DIGITS = 6


def significant_digits(token: str) -> int:
    """Significant digits of a number as printed ("0.38458933" has 8; "1909424.0" has 8; "0.25" has 2)."""
    mantissa = token.lstrip("-").split("e")[0]
    return len(mantissa.replace(".", "").lstrip("0"))


def shown_texts(nb: nbformat.NotebookNode) -> list[str]:
    """What a reader sees of each output: printed text, plain reprs, and tables (HTML without its tags);
    the book's charts are left out (their data tables are checked by tests/test_chart_text.py)."""
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                html = data.get("text/html", "")
                if "cyberorder-chart" in html:
                    continue
                if html:
                    texts.append(re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S))
                elif "text/plain" in data:
                    texts.append(data["text/plain"])
    return texts


def untidy(text: str) -> list[str]:
    """Numbers printed with more than six significant digits, and pandas' cut-off reprs ("...")."""
    found = [m.group(0) for m in NUMBER.finditer(text) if significant_digits(m.group(0)) > MAX_DIGITS]
    if ("dtype:" in text or "Name:" in text) and "..." in text:
        found.append("a Series cut off with '...'")
    return found


def test_the_rules_catch_what_they_name() -> None:
    assert untidy("Lead(leader_share=0.38458933165184894)") == ["0.38458933165184894"]
    assert untidy("1909424.0 and 99.701492") == ["1909424.0", "99.701492"]
    assert untidy("0.3846, 25.0%, 1,909,424 and 2019") == []
    assert untidy("did_not_sign    United States, Denmark...\nName: country, dtype: object") == [
        "a Series cut off with '...'"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_value_a_lab_shows_is_tidy(path: Path, site: Path) -> None:
    nb = executed_by_the_build(path)
    if nb is None:
        pytest.fail(f"{path.name}: no build of this code with this package; run `jupyter-book build .` first")
    problems = [problem for text in shown_texts(nb) for problem in untidy(text)]
    assert not problems, f"{path.name}: round these for a reader: {problems[:8]}"


def test_results_are_shown_rounded_but_kept_exact() -> None:
    """A notebook shows a result with four significant digits; its repr and its fields stay exact."""
    from IPython.lib.pretty import pretty

    from cyberorder import power, values

    lead = power.Lead("USA", 0.38458933165184894, "CHN", 0.12586654404679107)
    assert pretty(lead) == "Lead(leader='USA', leader_share=0.3846, runner_up='CHN', runner_up_share=0.1259)"
    assert "0.38458933165184894" in repr(lead) and lead.leader_share == 0.38458933165184894
    peak = values.Peak("Share Free", 1972, 2017, 2006, 0.46632124352331605, 0.4512820512820513)
    assert "peak_value=0.4663" in pretty(peak) and not untidy(pretty(peak))
