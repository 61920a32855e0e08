"""The data package: every table validates, every row has a source, bad CSVs fail clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cyberorder import data
from cyberorder.data import DataError, read_table

DATA = Path(data.data_dir())
RESOURCES = data.descriptor()["resources"]


@pytest.mark.parametrize("name", data.resource_names())
def test_every_table_loads_and_has_a_source_on_every_row(name: str) -> None:
    table = data.load(name)
    assert len(table) > 0
    assert "source" in table.columns, f"{name} has no source column"
    assert table["source"].str.strip().str.len().gt(0).all()


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_every_resource_documents_sources_and_licences(resource: dict) -> None:
    assert resource["sources"] and all(s.get("title") for s in resource["sources"])
    assert resource["licenses"] and all(lic.get("name") for lic in resource["licenses"])
    assert resource["schema"]["fields"] and resource["schema"].get("primaryKey")
    assert (DATA / resource["path"]).is_file()


def test_the_package_is_valid_frictionless() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_csv_in_data_is_described() -> None:
    described = {r["path"] for r in RESOURCES}
    assert {p.name for p in DATA.glob("*.csv")} == described


def test_data_readme_lists_every_table() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    missing = [r["path"] for r in RESOURCES if f"| `{r['path']}` |" not in readme]
    assert not missing, f"data/README.md does not list {missing}"


# -- bad input ------------------------------------------------------------------------------

SCHEMA = next(r for r in RESOURCES if r["name"] == "root_servers")["schema"]
GOOD = (DATA / "root_servers.csv").read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "root_servers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_missing_column_is_named(tmp_path: Path) -> None:
    lines = [line.rsplit(",", 1)[0] if i == 0 else line for i, line in enumerate(GOOD)]
    lines[0] = "letter,operator,operator_iso3,operator_continent"
    with pytest.raises(DataError, match=r"root_servers.csv, column 'source': .*no column 'source'"):
        read_table(_write(tmp_path, [lines[0]]), SCHEMA)


def test_unknown_iso3_code_names_file_row_column_value(tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[3] = lines[3].replace(",USA,", ",XYZ,")
    with pytest.raises(DataError) as err:
        read_table(_write(tmp_path, lines), SCHEMA)
    message = str(err.value)
    assert "root_servers.csv" in message and "row 3" in message
    assert "column 'operator_iso3'" in message and "'XYZ'" in message and "ISO 3166-1" in message


def test_duplicate_key_names_both_rows(tmp_path: Path) -> None:
    lines = [*GOOD, GOOD[1]]
    with pytest.raises(DataError, match=r"row 14 .*column 'letter': value 'A' repeats the key of row 1"):
        read_table(_write(tmp_path, lines), SCHEMA)


def test_value_outside_enum(tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[2] = lines[2].replace("North America", "Atlantis")
    with pytest.raises(DataError, match=r"row 2 .*column 'operator_continent': value 'Atlantis' is not one of"):
        read_table(_write(tmp_path, lines), SCHEMA)


def test_ragged_row(tmp_path: Path) -> None:
    lines = [*GOOD[:5], "N,Somebody,USA", *GOOD[5:]]
    with pytest.raises(DataError, match=r"row 5 .*has 3 cells"):
        read_table(_write(tmp_path, lines), SCHEMA)


SHARE_SCHEMA = {
    "fields": [
        {"name": "actor", "type": "string", "constraints": {"required": True}},
        {"name": "share", "type": "number", "constraints": {"required": True, "minimum": 0, "maximum": 1}},
        {"name": "count", "type": "integer"},
        {"name": "source", "type": "string", "constraints": {"required": True}},
    ],
    "primaryKey": ["actor"],
}


@pytest.mark.parametrize(("cell", "column", "why"), [
    ("1.2", "share", "is above the maximum 1"),
    ("-0.1", "share", "is below the minimum 0"),
    ("abc", "share", "is not a number"),
    ("", "share", "is empty but required"),
    ("nan", "share", "is not a finite number"),
])
def test_bad_share_is_reported_not_clamped(tmp_path: Path, cell: str, column: str, why: str) -> None:
    path = tmp_path / "shares.csv"
    path.write_text(f"actor,share,count,source\nA,0.5,1,s\nB,{cell},2,s\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"shares.csv, row 2 \(line 3\), column '{column}': value .* {why}"):
        read_table(path, SHARE_SCHEMA)


def test_wrong_integer_type(tmp_path: Path) -> None:
    path = tmp_path / "shares.csv"
    path.write_text("actor,share,count,source\nA,0.5,1.5,s\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 1 .*column 'count': value '1.5' is not an integer"):
        read_table(path, SHARE_SCHEMA)


def test_extra_column_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "shares.csv"
    path.write_text("actor,share,count,source,extra\nA,0.5,1,s,x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"column 'extra'.*the schema does not describe"):
        read_table(path, SHARE_SCHEMA)
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="is empty"):
        read_table(path, SHARE_SCHEMA)
    path.write_text("actor,share,count,source\n", encoding="utf-8")
    with pytest.raises(DataError, match="no rows"):
        read_table(path, SHARE_SCHEMA)


def test_loader_reads_a_broken_copy_of_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real loader (descriptor + file) reports a corrupted table, naming the file."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    users = copy / "internet_users_by_continent.csv"
    text = users.read_text(encoding="utf-8").replace("Asia,2010,", "Asia,20x0,", 1)
    users.write_text(text, encoding="utf-8")
    monkeypatch.setattr(data, "data_dir", lambda: copy)
    data.descriptor.cache_clear()
    data._load_cached.cache_clear()
    try:
        with pytest.raises(DataError, match=r"internet_users_by_continent.csv, row \d+ .*column 'year': "
                                            r"value '20x0' is not an integer"):
            data.load("internet_users_by_continent")
    finally:
        data.descriptor.cache_clear()
        data._load_cached.cache_clear()
    assert json.loads((copy / "datapackage.json").read_text())["resources"]


def test_unknown_table_name() -> None:
    with pytest.raises(KeyError, match="no table named 'nope'"):
        data.load("nope")


# -- one name per country -------------------------------------------------------------------

NAME_EXCEPTIONS = {("RUS", "USSR")}
"""A code that stands for another entity in one row: SIPRI's 1990 series for Russia is the Soviet Union's, and the
table says so by name (charts label that point "USSR")."""


def test_every_table_uses_one_canonical_name_per_iso3_code() -> None:
    groups = data.load("un_regional_groups")
    canonical = dict(zip(groups.iso3, groups.country, strict=True))
    odd = []
    for resource in RESOURCES:
        table = data.load(resource["name"])
        for code_col in ("iso3", "hq_iso3", "actor", "operator_iso3"):
            for name_col in ("country", "actor_name", "member_state", "member"):
                if {code_col, name_col} <= set(table.columns):
                    for code, name in table[[code_col, name_col]].drop_duplicates().itertuples(index=False):
                        if code in canonical and name != canonical[code] and (code, name) not in NAME_EXCEPTIONS:
                            odd.append(f"{resource['path']}: {code} is {name!r}, elsewhere {canonical[code]!r}")
    assert odd == []


def test_read_table_and_load_name_a_wrong_kind_of_argument(tmp_path) -> None:
    """A schema that is not a Frictionless schema, or a table name that is not text, is named as such."""
    from cyberorder import data as d
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("a\n1\n", encoding="utf-8")
    for bad in ((), float("inf"), {"fields": "a"}, {"fields": [{"type": "integer"}]}):
        with pytest.raises(TypeError, match=r"schema \(for t.csv\)"):
            d.read_table(csv_file, bad)
    with pytest.raises(TypeError, match="path must be"):
        d.read_table(3, {"fields": [{"name": "a"}]})
    with pytest.raises(TypeError, match="name must be the name of a table"):
        d.load({"a": 1})
