"""Load every table of ``data/`` and validate it against ``data/datapackage.json``.

One loader serves the whole book. A table that breaks its schema raises :class:`DataError`
naming the file, the row, the column and the offending value: nothing is clamped or dropped.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

__all__ = ["DataError", "data_dir", "descriptor", "load", "read_table", "resource_names"]


class DataError(ValueError):
    """A table does not match its schema. The message names file, row, column and value."""

    def __init__(self, file: str, problem: str, *, row: int | None = None,
                 column: str | None = None, value: Any = None) -> None:
        where = [file]
        if row is not None:
            # data rows count from 1; the file line adds the header line
            where.append(f"row {row} (line {row + 1})")
        if column is not None:
            where.append(f"column '{column}'")
        text = ", ".join(where) + ": "
        if value is not None:
            text += f"value {value!r} "
        super().__init__(text + problem)
        self.file, self.row, self.column, self.value = file, row, column, value


def data_dir() -> Path:
    """The folder holding ``datapackage.json``: the repository's ``data/`` or the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"no datapackage.json in {here / '_data'} or {here.parent / 'data'}: reinstall the package")


@cache
def descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The parsed Frictionless data package descriptor."""
    path = (folder or data_dir()) / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8"))


def resource_names() -> list[str]:
    """Names of every table in the data package, in the descriptor's order."""
    return [r["name"] for r in descriptor()["resources"]]


def load(name: str) -> pd.DataFrame:
    """Return the validated table ``name`` of the data package (a fresh copy each call)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of a table of datapackage.json (text); got {type(name).__name__} "
                        f"{name!r:.60}")
    return _load_cached(name).copy()


@cache
def _load_cached(name: str) -> pd.DataFrame:
    resources = {r["name"]: r for r in descriptor()["resources"]}
    if name not in resources:
        raise KeyError(f"no table named {name!r} in datapackage.json; known: {sorted(resources)}")
    resource = resources[name]
    return read_table(data_dir() / resource["path"], resource["schema"])


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    constraints: Mapping[str, Any]
    format: str | None

    def parse(self, text: str, file: str, row: int) -> Any:
        """Convert one cell's text to its typed value, or raise a DataError about it."""
        if text == "":
            if self.constraints.get("required"):
                raise DataError(file, "is empty but required", row=row, column=self.name, value=text)
            return None
        value: Any = text
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", text.strip()):
                raise DataError(file, "is not an integer", row=row, column=self.name, value=text)
            value = int(text)
        elif self.type == "number":
            try:
                value = float(text)
            except ValueError:
                raise DataError(file, "is not a number", row=row, column=self.name, value=text) from None
            if not math.isfinite(value):
                raise DataError(file, "is not a finite number", row=row, column=self.name, value=text)
        elif self.type == "boolean":
            if text not in ("true", "false"):
                raise DataError(file, "is not 'true' or 'false'", row=row, column=self.name, value=text)
            value = text == "true"
        self._check(value, file, row)
        return value

    def _check(self, value: Any, file: str, row: int) -> None:
        c = self.constraints
        fail = lambda why: DataError(file, why, row=row, column=self.name, value=value)  # noqa: E731
        if "minimum" in c and value < c["minimum"]:
            raise fail(f"is below the minimum {c['minimum']}")
        if "maximum" in c and value > c["maximum"]:
            raise fail(f"is above the maximum {c['maximum']}")
        if "enum" in c and value not in c["enum"]:
            raise fail(f"is not one of {c['enum']}")
        if "pattern" in c and not re.fullmatch(c["pattern"], str(value)):
            raise fail(f"does not match the pattern {c['pattern']}")
        if self.format == "iso3" and pycountry.countries.get(alpha_3=str(value)) is None:
            raise fail("is not an ISO 3166-1 alpha-3 country code")


def read_table(path: Path | str, schema: Mapping[str, Any]) -> pd.DataFrame:
    """Read the CSV at ``path`` (a Path or a string) and check every cell against the Frictionless ``schema``.

    The file must be UTF-8, with or without the byte-order mark that Excel writes; any other encoding, a
    missing file or a bad cell is a :class:`DataError` that names the file.
    """
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a file's path (a str or a Path); got {type(path).__name__} {path!r:.60}")
    path = Path(path)
    file = path.name
    if not isinstance(schema, Mapping) or not isinstance(schema.get("fields"), list) or not all(
            isinstance(f, Mapping) and isinstance(f.get("name"), str) for f in schema["fields"]):
        raise TypeError(f"schema (for {file}) must be a Frictionless table schema: a mapping whose 'fields' is a "
                        f"list of mappings with a 'name'; got {type(schema).__name__} {schema!r:.60}")
    if not path.is_file():
        raise DataError(file, f"is not a file (looked for {path})")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: a BOM is read as no character
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as err:
        raise DataError(file, f"is not UTF-8 text (byte {err.start}): save it as 'CSV UTF-8' and try again") from None
    fields = [_Field(f["name"], f.get("type", "string"), f.get("constraints", {}), f.get("x-format"))
              for f in schema["fields"]]
    names = [f.name for f in fields]
    if not rows:
        raise DataError(file, "is empty: expected a header row with columns " + ", ".join(names))
    header = rows[0]
    for name in names:
        if name not in header:
            raise DataError(file, f"the header has no column '{name}' (found: {', '.join(header)})",
                            column=name)
    for name in header:
        if name not in names:
            raise DataError(file, "is a column the schema does not describe", column=name, value=name)
    order = [header.index(n) for n in names]
    records: list[list[Any]] = []
    for i, cells in enumerate(rows[1:], start=1):
        if len(cells) != len(header):
            raise DataError(file, f"the row has {len(cells)} cells, the header {len(header)}", row=i)
        records.append([f.parse(cells[j], file, i) for f, j in zip(fields, order, strict=True)])
    if not records:
        raise DataError(file, "has a header but no rows")
    _check_unique(file, names, records, schema)
    frame = pd.DataFrame(records, columns=names)
    for f in fields:
        if f.type == "integer":  # a missing integer stays missing (pandas' nullable Int64), never a float
            frame[f.name] = frame[f.name].astype("int64" if frame[f.name].notna().all() else "Int64")
        elif f.type == "number":
            frame[f.name] = frame[f.name].astype("float64")
    return frame


def _check_unique(file: str, names: list[str], records: list[list[Any]],
                  schema: Mapping[str, Any]) -> None:
    """Primary keys and ``unique`` columns must not repeat; name both rows when they do."""
    keys: list[list[str]] = []
    pk = schema.get("primaryKey")
    if pk:
        keys.append([pk] if isinstance(pk, str) else list(pk))
    keys += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    for key in keys:
        idx = [names.index(k) for k in key]
        seen: dict[tuple[Any, ...], int] = {}
        for i, rec in enumerate(records, start=1):
            value = tuple(rec[j] for j in idx)
            if value in seen:
                raise DataError(file, f"repeats the key of row {seen[value]}", row=i,
                                column="+".join(key), value=value if len(value) > 1 else value[0])
            seen[value] = i
