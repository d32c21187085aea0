"""Reading the corpus's TSV and YAML files, keeping the file line of every row and item.

``read_tsv`` and ``read_yaml_list`` either raise a ``KitError`` naming ``FILE:LINE`` or, when
given a ``Problems`` collector, record the problem there and go on (the validator's way).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import KitError
from ..paths import seeds_dir

# libyaml's parser when PyYAML has it (the same data and line marks, ten times faster): the
# validator reads every list twice, and the annotation notebook runs it after each save.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Problems:
    """Collects ``file:line: message`` strings."""

    items: list

    def add(self, file: str, line, message: str) -> None:
        self.items.append(f"seeds/{file}:{line}: {message}")


# --- reading files -----------------------------------------------------------------------

def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n")


def escape_cell(value: str) -> str:
    """A value as a TSV cell of the corpus: tab, CR and newline written as ``\\t``, ``\\r``, ``\\n``."""
    return str(value).replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def read_tsv(path: Path, columns: list[str], problems: Problems | None = None) -> pd.DataFrame:
    """A TSV file as a DataFrame of strings, with a ``lineno`` column (1-based file line)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != columns:
            msg = f"header should be {columns}, found {header}"
            if problems is None:
                raise KitError(f"{path.name}:1: {msg}")
            problems.add(path.name, 1, msg)
            return pd.DataFrame(columns=[*columns, "lineno"])
        for n, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                msg = f"expected {len(columns)} tab-separated fields, found {len(row)}"
                if problems is None:
                    raise KitError(f"{path.name}:{n}: {msg}")
                problems.add(path.name, n, msg)
                continue
            rows.append([*row, n])
    df = pd.DataFrame(rows, columns=[*columns, "lineno"])
    if "text" in df:
        df["text"] = df["text"].map(_unescape)
    return df


def read_yaml_list(path: Path, problems: Problems | None = None) -> list[tuple[int, dict]]:
    """A YAML list of mappings, each with the file line where it starts."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
        data = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        if problems is None:
            raise KitError(f"{path.name}:{line}: not valid YAML: {exc}") from exc
        problems.add(path.name, line, f"not valid YAML: {getattr(exc, 'problem', exc)}")
        return []
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        if problems is None:
            raise KitError(f"{path.name}:1: expected a YAML list")
        problems.add(path.name, 1, "expected a YAML list")
        return []
    return [(item_node.start_mark.line + 1, item) for item_node, item in zip(node.value, data)]


def _files(pattern: str) -> list[Path]:
    return sorted(seeds_dir().glob(pattern))
