"""The repository keeps its promises: two-command Quick start, exact pins, one repository URL, ruff clean."""

from __future__ import annotations

import hashlib
import json
import os
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
    assert "jupyter-book build" in commands[0] and "--require-hashes -r requirements.lock" in commands[0]
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


def test_the_colour_key_is_okabe_ito_with_a_darker_grey() -> None:
    from cyberorder import colours

    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(colours.HUES.values()) - {colours.OTHER} <= okabe_ito
    theme = charts._theme()["config"]["range"]["category"]
    assert theme == [colours.LIBERAL, colours.SOVEREIGN, colours.AGREEMENT, colours.BETWEEN, colours.OTHER]


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


GIT_URL = re.compile(r"git\+https://[^\s\"'\\\]]+")


def install_urls(paths: list) -> list[tuple[str, str]]:
    """Every ``git+https://...`` install URL in notebooks (all cells) and requirements files, with its file."""
    found = []
    for path in paths:
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
        else:
            text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.relative_to(path.parents[1])
        found += [(str(where), url) for url in GIT_URL.findall(text)]
    return found


def untagged_installs(paths: list, version: str) -> list[str]:
    """The install URLs that do not name the release tag ``v<version>`` (``...repo@v<version>``)."""
    wrong = []
    for where, url in install_urls(paths):
        ref = url.rsplit("@", 1)[1] if "@" in url.removeprefix("git+https://") else None
        if ref != f"v{version}":
            wrong.append(f"{where}: {url} names {'no tag' if ref is None else repr(ref)}, expected v{version}")
    return wrong


def _installing_files() -> list:
    return sorted(p for folder in ("book", "coursework") for p in (ROOT / folder).rglob("*")
                  if p.is_file() and ".ipynb_checkpoints" not in p.parts
                  and (p.suffix == ".ipynb" or (p.suffix == ".txt" and "requirements" in p.name)))


def test_labs_and_coursework_install_the_release_tag_of_this_version() -> None:
    """Students run a tagged release, never a moving branch: every install URL names v<cyberorder.__version__>."""
    import cyberorder

    urls = install_urls(_installing_files())
    assert len(urls) >= 12, f"expected the labs' and coursework's install URLs, found {urls}"
    wrong = untagged_installs(_installing_files(), cyberorder.__version__)
    assert not wrong, "\n".join(wrong)


def test_the_tag_check_tells_a_branch_from_the_release(tmp_path) -> None:
    """The check above rejects an untagged URL and a stale tag, and accepts the release's tag."""
    base = "cyberorder @ git+https://github.com/post-liberal-cyberspace/post-liberal-cyberspace"
    (tmp_path / "book").mkdir()
    for name, url in [("branch", base), ("stale", base + "@v0.1.0"), ("release", base + "@v9.9.9")]:
        nb = {"cells": [{"cell_type": "code", "source": [f'pip install "{url}"\n']}]}
        (tmp_path / "book" / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    wrong = untagged_installs(sorted((tmp_path / "book").glob("*.ipynb")), "9.9.9")
    assert [w.split(":")[0] for w in wrong] == ["book/branch.ipynb", "book/stale.ipynb"], wrong


RELEASED = ("cyberorder", "data", "pyproject.toml")
"""What a lab's ``pip install ...@v<version>`` installs: the package, its data and its dependencies."""


def _git(root, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def unreleased_changes(root, version: str) -> list[str] | None:
    """What differs in ``root``'s checkout from its tag ``v<version>`` in the installed files (:data:`RELEASED`), as
    ``git diff --stat`` lines; ``["no tag v<version>"]`` when the repository has tags but not that one; ``None`` when
    it has no tags at all (a shallow clone: nothing to compare with)."""
    tags = _git(root, "tag", "--list")
    if tags.returncode != 0 or not tags.stdout.split():
        return None
    if f"v{version}" not in tags.stdout.split():
        return [f"no tag v{version}"]
    diff = _git(root, "diff", "--stat", f"v{version}", "--", *RELEASED)
    assert diff.returncode == 0, diff.stderr
    return diff.stdout.splitlines()


def test_the_release_tag_holds_the_package_the_book_is_built_with() -> None:
    """The labs and assignments install the tag v<version>; the book is built and tested with this checkout's
    package. They must be the same package, or a reader's Colab lab runs code the page was not made with (an
    import of a module the tag lacks, or another student's inputs in an assignment). A change to the package, its
    data or its pins therefore comes with a new version and its tag (README, "Release a version")."""
    import cyberorder

    changes = unreleased_changes(ROOT, cyberorder.__version__)
    if changes is None:
        pytest.skip("this clone has no tags (a shallow clone, or nothing released yet): no release to compare with")
    assert not changes, (f"the package differs from the release the labs install (v{cyberorder.__version__}); "
                         "release a new version (README, 'Release a version'):\n" + "\n".join(changes[-15:]))


def test_the_deploying_workflow_has_the_tags_to_compare_with() -> None:
    """GitHub's checkout fetches one commit and no tags, which would skip the test above just before the site is
    deployed: the book's workflow fetches the whole history."""
    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))[
        "jobs"]["build-and-test"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout.get("with", {}).get("fetch-depth") == 0, checkout


def test_the_release_check_sees_a_change_after_the_tag(tmp_path) -> None:
    """The check above: no tags, the tag missing, the tag matching, then a change to the package after it."""
    def git(*args: str) -> None:
        assert _git(tmp_path, *args).returncode == 0, args

    git("init", "-q")
    git("config", "user.email", "a@example.org")
    git("config", "user.name", "A")
    (tmp_path / "cyberorder").mkdir()
    (tmp_path / "cyberorder" / "power.py").write_text("SHARE = 0.5\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# A book\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "first")
    assert unreleased_changes(tmp_path, "1.0.0") is None
    git("tag", "v0.9.0")
    assert unreleased_changes(tmp_path, "1.0.0") == ["no tag v1.0.0"]
    git("tag", "v1.0.0")
    assert unreleased_changes(tmp_path, "1.0.0") == []
    (tmp_path / "README.md").write_text("# A book, edited\n", encoding="utf-8")  # not installed: still released
    assert unreleased_changes(tmp_path, "1.0.0") == []
    (tmp_path / "cyberorder" / "power.py").write_text("SHARE = 0.6\n", encoding="utf-8")
    assert "cyberorder/power.py" in unreleased_changes(tmp_path, "1.0.0")[0]


def test_version_agrees_across_package_changelog_and_citation() -> None:
    """One version: pyproject, cyberorder.__version__, CHANGELOG's newest release, CITATION.cff, .zenodo.json."""
    import tomllib

    import cyberorder

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert cyberorder.__version__ == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## \[(\d[^\]]*)\]", changelog, re.M)[0] == version
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["version"] == version
    assert any(r.get("doi") == "10.1093/ia/iiz274" for r in citation["references"])
    assert json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))["version"] == version


PLANTED = "window.__planted_by_another_user = 1;"


@pytest.fixture
def fresh_bundle(monkeypatch, tmp_path):
    """vega_bundle() recomputed, with this test's own $XDG_CACHE_HOME; restored afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    charts.vega_bundle.cache_clear()
    yield tmp_path / "cache" / "cyberorder"
    charts.vega_bundle.cache_clear()


def _chart() -> str:
    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").properties(description="a dot")
    return charts.chart_html(chart.to_dict())


def test_a_planted_vega_bundle_never_reaches_a_chart(fresh_bundle, monkeypatch, tmp_path) -> None:
    """A file planted where the bundle was cached (the shared temp dir) or where it is cached now (this user's
    cache) is never inlined into a chart: the temp dir is not read, the private copy must match a known sha256."""
    import tempfile

    import vl_convert

    version = vl_convert.__version__
    shared_tmp = tmp_path / "shared-tmp"  # stands for /tmp, which every user of the machine can write
    shared_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    (shared_tmp / f"cyberorder-vega-{version}.js").write_text(PLANTED, encoding="utf-8")
    fresh_bundle.mkdir(parents=True, mode=0o700)
    new = fresh_bundle / f"vega-{version}.js"
    new.write_text(PLANTED, encoding="utf-8")
    html = _chart()
    assert PLANTED not in html
    assert "vegaEmbed" in html
    # the planted file was replaced by the genuine bundle
    assert hashlib.sha256(new.read_bytes()).hexdigest() == charts.BUNDLE_SHA256[version]


def test_a_cache_directory_others_can_write_is_not_used(fresh_bundle, monkeypatch) -> None:
    """A cache dir that is group/world writable (or a symlink) is ignored, even if its file has the right hash."""
    import vl_convert

    fresh_bundle.mkdir(parents=True)
    genuine = vl_convert.javascript_bundle()
    (fresh_bundle / f"vega-{vl_convert.__version__}.js").write_text(genuine, encoding="utf-8")
    os.chmod(fresh_bundle, 0o777)
    assert charts._private_cache_dir() is None
    calls = []
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: calls.append(1) or genuine)
    charts.vega_bundle()
    assert calls == [1], "the bundle was read from a directory other users can write"


def test_the_private_cache_is_used_and_matches_the_installed_vl_convert(fresh_bundle, monkeypatch) -> None:
    """The cache saves vl_convert's ~1 s bundling per kernel: a genuine private copy is read without bundling,
    and the known sha256 is that of the installed vl-convert's bundle (update BUNDLE_SHA256 with the pin)."""
    import vl_convert

    genuine = vl_convert.javascript_bundle()
    assert hashlib.sha256(genuine.encode("utf-8")).hexdigest() == charts.BUNDLE_SHA256.get(vl_convert.__version__), \
        f"add vl-convert {vl_convert.__version__}'s bundle sha256 to cyberorder.charts.BUNDLE_SHA256"
    charts.vega_bundle()  # writes the private copy
    assert oct(fresh_bundle.stat().st_mode & 0o777) == "0o700"
    assert oct((fresh_bundle / f"vega-{vl_convert.__version__}.js").stat().st_mode & 0o777) == "0o600"
    charts.vega_bundle.cache_clear()
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: pytest.fail("bundled again despite the cache"))
    assert genuine.replace("</script", "<\\/script") in charts.vega_bundle()


def test_checks_that_need_the_internet_run_on_a_schedule() -> None:
    """Link checking, the labs in Colab's runtime and the newest axe-core run weekly outside .ci/run."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "scheduled.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    jobs = workflow["jobs"]
    assert "--builder linkcheck" in str(jobs["links"]["steps"])
    assert jobs["colab"]["container"].startswith("us-docker.pkg.dev/colab-images/public/runtime")
    assert "axe-core@latest" in str(jobs["axe-latest"]["steps"])
    assert "linkcheck" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8"), ".ci/run has no network"


def test_a_release_publishes_the_site_and_both_pdfs() -> None:
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "python -m cyberorder.pdf\n" in release and "python -m cyberorder.pdf --no-solutions" in release
    upload = release[release.index("gh release upload"):]
    assert "-html.zip" in upload and ".pdf" in upload and "-student.pdf" in upload


def test_a_test_that_draws_a_twin_inside_a_nested_function_is_marked_render() -> None:
    """The fast loop leaves out Vega rendering: a test that renders only inside a function of its own (hypothesis's
    ``@given`` check) is marked ``render`` too, as the twin-against-model test of test_twins_match_models is."""
    from tests.conftest import renders
    from tests.test_twins_match_models import test_the_twin_shows_the_models_readouts_at_random_settings as drawn

    namespace: dict = {}
    exec("def test_x():\n    def check():\n        return twin_readouts()\n    check()\n", namespace)
    assert renders(namespace["test_x"]) and renders(drawn)
    exec("def test_y():\n    def check():\n        return twin_spec_like()\n    check()\n", namespace)
    assert not renders(namespace["test_y"])


def test_the_slowest_modules_are_handed_out_first_and_exist() -> None:
    """xdist's workers start on the slowest modules (tests/conftest.py): each named module exists, and ordering
    moves them to the front, slowest first, keeping the order within a module and of the others."""
    from pathlib import Path
    from types import SimpleNamespace

    from tests.conftest import SLOWEST_FIRST, slowest_first

    missing = [name for name in SLOWEST_FIRST if not (ROOT / "tests" / name).is_file()]
    assert not missing, f"SLOWEST_FIRST names modules that are gone: {missing}"
    items = [SimpleNamespace(path=Path(f"tests/{name}"), n=i) for i, name in enumerate(
        ["test_data.py", "test_pdf.py", "test_data.py", "test_site_browser.py", "test_pdf.py", "test_vega.py"])]
    assert [(item.path.name, item.n) for item in slowest_first(items)] == [
        ("test_site_browser.py", 3), ("test_pdf.py", 1), ("test_pdf.py", 4), ("test_data.py", 0),
        ("test_data.py", 2), ("test_vega.py", 5)]
