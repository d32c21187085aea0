"""What a rebuild can reuse: products of the book's build that cost time to make and depend
on few inputs.

After Sphinx writes the pages, the kit makes two products (sphinxext.py): the light icon
script, fonts and stylesheet (icons.py) and the source cards' search index (search.py).
Neither changes when a page's prose is edited, so each is stored with a key, a digest of
everything it was made from: its input files' contents, the kit's Python code, and the
versions of the packages that make it. A build whose key matches writes the stored product;
any other makes it afresh and stores it. Only the latest product of each kind is kept, in
``_build/.medialit-cache/KIND/``; a fresh build (``build_book(fresh=True)``, or any change to
the package or the corpus) empties the folder.

Also here: the stamp that lets a rebuild skip checking the exercise scripts
(``scripts_current``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).parent
CACHE_DIR = ".medialit-cache"


def digest(*parts) -> str:
    """SHA-256 of the parts in order (bytes, or anything turned into text), each delimited."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(str(len(data)).encode() + b":" + data + b";")
    return h.hexdigest()


def files_digest(paths, base: Path | None = None) -> str:
    """A digest of files' names and contents (a missing file counts as missing)."""
    parts = []
    for p in sorted(Path(p) for p in paths):
        name = p.relative_to(base).as_posix() if base and p.is_relative_to(base) else p.as_posix()
        parts += [name, p.read_bytes() if p.is_file() else b"\0missing"]
    return digest(*parts)


def versions(*dists: str) -> str:
    """``name=version`` of each installed distribution (``name=none`` when absent)."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in dists:
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=none")
    return ";".join(out)


def code_digest() -> str:
    """The kit's Python code: a product of it is remade whenever any of it changes."""
    return files_digest((p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts), PACKAGE)


class Store:
    """Products by kind, each with the key it was made from (the latest one only)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def load(self, kind: str, key: str) -> dict[str, bytes] | None:
        """The files stored for ``kind`` when they were made from ``key``, else None."""
        where = self.folder / kind
        try:
            manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("key") != key:
                return None
            return {name: (where / f"{i}.bin").read_bytes() for i, name in enumerate(manifest["files"])}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, kind: str, key: str, files: dict[str, bytes]) -> None:
        """Store ``files`` (name to content) as the product of ``key``, replacing the last one.
        Written beside and then moved into place, so a build stopped half-way leaves no
        half-written entry behind."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=self.folder))
        names = list(files)
        for i, name in enumerate(names):
            (tmp / f"{i}.bin").write_bytes(files[name])
        (tmp / "manifest.json").write_text(json.dumps({"key": key, "files": names}), encoding="utf-8")
        where = self.folder / kind
        old = None
        if where.exists():
            old = self.folder / f".{kind}-old-{os.getpid()}"
            os.replace(where, old)
        os.replace(tmp, where)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def store_for(build_dir: Path) -> Store:
    """The store of the build folder ``build_dir`` (the ``_build`` that holds ``html/``)."""
    return Store(Path(build_dir) / CACHE_DIR)


# --- the exercise scripts ------------------------------------------------------------------------

def _scripts_inputs() -> list[Path]:
    """What the joined exercise scripts are made from and what they are (jsbuild.py): the
    sources, the type registry (which names the types and their order), the joiner, and the
    two outputs themselves."""
    from . import jsbuild

    files = [p for p in jsbuild.SRC.rglob("*") if p.is_file()]
    files += [PACKAGE / "jsbuild.py", PACKAGE / "exercises" / "registry.py"]
    files += [p for p in (PACKAGE / "exercises" / "types").glob("*.py")]
    files += list(jsbuild.OUTPUTS.values())
    return files


def scripts_current(build_dir: Path) -> None:
    """Make the exercise scripts current with their source (``jsbuild.write_outputs``), unless
    neither the sources nor the outputs changed since the last build into ``build_dir`` did so."""
    stamp = Path(build_dir) / ".medialit-scripts"
    before = files_digest(_scripts_inputs(), PACKAGE)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == before:
        return
    from .jsbuild import write_outputs

    write_outputs()
    Path(build_dir).mkdir(parents=True, exist_ok=True)
    stamp.write_text(files_digest(_scripts_inputs(), PACKAGE) + "\n", encoding="utf-8")
