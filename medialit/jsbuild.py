"""One JavaScript source, two outputs: the exercises' front end.

The source is ``medialit/static/src/``: ``core.js`` (sealing, helpers, rendering of feedback),
one file per exercise type in ``types/`` (its scorer and its input, registered in ``TYPES``),
``render.js`` (scoring and rendering one exercise) and ``static.js`` (the book's pages:
storage, the toolbar, start-up). They are plain script fragments that share one scope;
this module joins them in a fixed order, with no tool beyond Python, into

- ``static/exercises.js``: an ES module, which anywidget imports in Jupyter (its default
  export is ``{ render }``);
- ``static/exercises.classic.js``: a classic script in one function scope, which the built
  book loads. Browsers refuse ES modules on ``file://`` pages; a classic script runs there too.

``python -m medialit js`` writes both; a test fails when either differs from the source.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
SRC = STATIC / "src"
OUTPUTS = {"module": STATIC / "exercises.js", "classic": STATIC / "exercises.classic.js"}
EXPORTS = ["scoreStatic", "present", "unseal", "spanWords", "rewriteFlags", "gradeEvidence", "migrateStore",
           "renderExercise", "renderPicker"]
BANNER = ("/* Written by python -m medialit js from medialit/static/src/: edit the sources, "
          "not this file. */\n")


def source_files() -> list[Path]:
    """The source fragments in the order they are joined (types in the registry's order)."""
    from .exercises.registry import TYPES

    files = [SRC / "core.js", *(SRC / "types" / f"{name}.js" for name in TYPES),
             SRC / "render.js", SRC / "static.js"]
    extra = sorted(set((SRC / "types").glob("*.js")) - set(files))
    if extra:
        from .errors import KitError

        raise KitError(f"{', '.join(p.name for p in extra)}: a type file with no type in the registry "
                       "(medialit/exercises/registry.py).")
    return files


def _joined() -> str:
    parts = []
    for path in source_files():
        rel = path.relative_to(SRC).as_posix()
        parts.append(f"/* ===== src/{rel} ===== */\n{path.read_text(encoding='utf-8').rstrip()}\n")
    return "\n".join(parts)


def bundle(kind: str) -> str:
    """The text of one output: ``"module"`` or ``"classic"``."""
    body = _joined()
    if kind == "module":
        return (BANNER + body + f"\nexport {{ {', '.join(EXPORTS)} }};\nexport default {{ render }};\n")
    if kind == "classic":
        indented = body  # kept as is: line numbers in a browser's console match the module's
        return BANNER + "(function () {\n\"use strict\";\n" + indented + "\n})();\n"
    raise ValueError(kind)


def write_outputs() -> list[Path]:
    written = []
    for kind, path in OUTPUTS.items():
        text = bundle(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_outputs() -> list[Path]:
    """Outputs that differ from what the sources give (empty when everything is current)."""
    return [path for kind, path in OUTPUTS.items()
            if not path.exists() or path.read_text(encoding="utf-8") != bundle(kind)]
