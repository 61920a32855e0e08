"""The repository keeps its promises: two-command Quick start, exact pins, one repository URL, ruff clean."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import altair as alt
import pytest
import yaml

from cyberorder import charts
from tests.conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^#+ [^\n]*quick ?start[^\n]*\n(.*?)^```[a-z]*\n(.*?)^```", readme, re.I | re.M | re.S)
    assert m, "README has no Quick start code block"
    commands = [line for line in m.group(2).splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2, commands
    assert "jupyter-book build" in commands[0] and "requirements.txt" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^#+ [^\n]*quick ?start[^\n]*\n(.*?)^```[a-z]*\n(.*?)^```", readme, re.I | re.M | re.S)
    test_command = [line for line in m.group(2).splitlines() if line.strip()][-1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_direct_dependency_is_pinned_exactly() -> None:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line == "-e .":
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9_.+\-]*", line), f"not pinned exactly: {line}"
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    version = re.search(r"^jupyter-book==(\d+)\.", pins, re.M)
    assert version and int(version.group(1)) < 2, "the book stays on Jupyter Book 1"


def test_labs_install_from_the_configured_repository() -> None:
    url = CONFIG["repository"]["url"]
    assert CONFIG["repository"]["branch"] == "main"
    for path in (ROOT / "book").rglob("*.ipynb"):
        first = path.read_text(encoding="utf-8")
        assert f"git+{url}" in first, f"{path.name}: its install cell must use {url}"


def test_launch_buttons_survive_theme_options() -> None:
    assert CONFIG["sphinx"]["recursive_update"] is True
    assert CONFIG["launch_buttons"]["binderhub_url"] and CONFIG["launch_buttons"]["colab_url"]


def test_toc_lists_existing_files() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for name in re.findall(r"(?:root|file): (\S+)", toc):
        assert any((ROOT / f"{name}{ext}").is_file() for ext in (".md", ".ipynb")), name


def test_a_chart_without_description_is_refused() -> None:
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="every chart needs a description"):
        charts.chart_html(chart.to_dict())
    assert 'aria-label="a dot"' in charts.chart_html(chart.properties(description="a dot").to_dict())


def test_palette_is_okabe_ito() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(charts.PALETTE.values()) - {"#999999"} <= okabe_ito


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_is_clean() -> None:
    run = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout


def test_launch_links_point_at_main() -> None:
    """The built lab page links to Binder and Colab on branch main of the configured repository."""
    from tests.conftest import SITE

    page = SITE / "book" / "01-introduction" / "lab.html"
    if not page.is_file():
        pytest.skip("the book is not built")
    html = page.read_text(encoding="utf-8")
    org_repo = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    assert f"https://mybinder.org/v2/gh/{org_repo}/main?urlpath=lab/tree/book/01-introduction/lab.ipynb" in html
    assert f"https://colab.research.google.com/github/{org_repo}/blob/main/book/01-introduction/lab.ipynb" in html


def test_a_course_hub_gets_an_nbgitpuller_button() -> None:
    """Setting launch_buttons.jupyterhub_url (the course's hub) adds a JupyterHub button that pulls main."""
    from types import SimpleNamespace
    from urllib.parse import parse_qs, urlsplit

    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    org, repo = CONFIG["repository"]["url"].removeprefix("https://github.com/").split("/")
    page = "book/01-introduction/lab"
    app = SimpleNamespace(
        env=SimpleNamespace(doc2path=lambda name: str(ROOT / f"{name}.ipynb"), metadata={page: {"kernelspec": {}}}),
        config={"html_theme_options": {
            "launch_buttons": CONFIG["launch_buttons"] | {"jupyterhub_url": "https://hub.example.edu"},
            "repository_branch": CONFIG["repository"]["branch"],
            "path_to_docs": CONFIG["repository"]["path_to_book"]}},
    )
    context = {"pagename": page, "sourcename": f"{page}.ipynb", "header_buttons": [],
               "github_url": "https://github.com", "github_user": org, "github_repo": repo}
    add_launch_buttons(app, page, "page.html", context, None)
    buttons = {b["text"]: b["url"] for group in context["header_buttons"] for b in group["buttons"]}
    hub = urlsplit(buttons["JupyterHub"])
    assert hub.netloc == "hub.example.edu" and hub.path == "/hub/user-redirect/git-pull"
    query = parse_qs(hub.query)
    assert query["repo"] == [CONFIG["repository"]["url"]] and query["branch"] == ["main"]
    assert query["urlpath"] == [f"lab/tree/{repo}/book/01-introduction/lab.ipynb"]
    assert {"Binder", "Colab"} <= set(buttons)


def test_readme_data_table_lists_every_table_of_the_data_package() -> None:
    """A newcomer reading the README's 'Data and licences' sees every CSV the book ships."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = [r["path"] for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]]
    missing = [p for p in paths if f"| `{p}` |" not in readme]
    assert not missing, f"README's data table lacks {missing}"


def test_importing_the_package_spares_the_kernel_rfc3987_syntax_and_altair_still_validates() -> None:
    """A kernel that imports cyberorder does not compile rfc3987_syntax's grammars (1.5-3 s per start)."""
    code = ("import sys, cyberorder, altair as alt, pandas as pd\n"
            "assert sys.modules.get('rfc3987_syntax') is None, sys.modules.get('rfc3987_syntax')\n"
            "alt.Chart(pd.DataFrame({'a': [1]})).mark_point().encode(x='a:Q').to_dict()\n"
            "try:\n"
            "    alt.Chart(pd.DataFrame({'a': [1]})).mark_point().encode(x=alt.X('a:Q', bin='no')).to_dict()\n"
            "except Exception as err:\n"
            "    assert 'bin' in str(err)\n"
            "else:\n"
            "    raise AssertionError('Altair no longer validates specs')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
