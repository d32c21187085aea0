"""Loaders: each corpus file as a pandas DataFrame.

Technique spans, attributions, claims, source cards and profiles, read from ``seeds/`` (see
``seeds/FORMATS.md``). YAML files are parsed once per version of the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ..errors import KitError
from ..paths import seeds_dir
from .files import _files, read_tsv
from .vocabulary import ATTR_COLUMNS, SPAN_COLUMNS


def _spans(name: str) -> pd.DataFrame:
    path = seeds_dir() / name
    if not path.exists():
        return pd.DataFrame(columns=SPAN_COLUMNS)
    df = read_tsv(path, SPAN_COLUMNS).drop(columns="lineno")
    df[["begin", "end"]] = df[["begin", "end"]].astype(int)
    df["tags"] = df["tags"].map(lambda s: [t for t in s.split(";") if t])
    return df


def spans() -> pd.DataFrame:
    """Technique spans, first (complete) annotation."""
    return _spans("spans.tsv")


def reliability_first() -> pd.DataFrame:
    """The first annotation of the reliability paragraphs, frozen before adjudication."""
    return _spans("reliability/first.tsv")


def reliability_second() -> pd.DataFrame:
    """The independent second annotation of the same paragraphs."""
    return _spans("reliability/second.tsv")


def attributions() -> pd.DataFrame:
    path = seeds_dir() / "attributions.tsv"
    df = read_tsv(path, ATTR_COLUMNS).drop(columns="lineno")
    df[["begin", "end"]] = df[["begin", "end"]].astype(int)
    return df


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=32)
def _yaml_records(path: str, mtime_ns: int) -> tuple:
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_FAST_LOADER) or []
    if not isinstance(data, list):
        raise KitError(f"{Path(path).name}:1: expected a YAML list (run python -m medialit validate)")
    return tuple(data)


def _yaml_frame(pattern: str) -> pd.DataFrame:
    """All items of the matching YAML files (parsed once per file version)."""
    rows = []
    for path in _files(pattern):
        for item in _yaml_records(str(path), path.stat().st_mtime_ns):
            rows.append({**item, "_file": path.name})
    return pd.DataFrame(rows)


def evidence_entries(evidence) -> list[dict]:
    """A claim's (or profile fact's) evidence as mappings: ``{"card", "role", "independent",
    "relays"}``. An entry may be a bare card id (no role recorded) or a mapping with the card
    and its role for this claim (see FORMATS.md, "Evidence roles")."""
    out = []
    for e in evidence or []:
        if isinstance(e, dict):
            out.append({"card": str(e.get("card")), "role": e.get("role"),
                        "independent": e.get("independent"), "relays": e.get("relays"),
                        "note": e.get("note")})
        else:
            out.append({"card": str(e), "role": None, "independent": None, "relays": None, "note": None})
    return out


def claims() -> pd.DataFrame:
    """The claims inventory; ``evidence`` holds card ids, ``evidence_roles`` the full entries."""
    df = _yaml_frame("claims_*.yaml")
    if "evidence" in df:
        entries = df["evidence"].map(lambda ev: evidence_entries(ev if isinstance(ev, list) else []))
        df["evidence_roles"] = entries
        df["evidence"] = entries.map(lambda es: [e["card"] for e in es])
    return df


def cards() -> pd.DataFrame:
    return _yaml_frame("cards_*.yaml")


@lru_cache(maxsize=8)
def _card_titles(stamp: tuple) -> tuple:
    df = cards()
    return tuple(zip(df["id"], df["title"]))


def card_titles() -> dict[str, str]:
    """Card id to title, for links (built once per version of the card files: the grader asks
    for it for every answer it describes)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in _files("cards_*.yaml"))
    return dict(_card_titles(stamp))


def profiles() -> pd.DataFrame:
    return _yaml_frame("profiles.yaml")
