"""Where the kit's files are.

The package is installed in editable mode from the repository (``pip install -e .``, which
``requirements.txt`` does), so the repository root is the folder above this package. A copy
installed elsewhere finds the root through ``MEDIALIT_ROOT`` or by looking upwards from the
current folder for ``seeds/SHA256SUMS``.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import KitError

_MARKER = Path("seeds") / "SHA256SUMS"


def repo_root() -> Path:
    """Return the kit's root folder (the one holding ``seeds/`` and ``_config.yml``)."""
    env = os.environ.get("MEDIALIT_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if (root / _MARKER).is_file():
            return root
        raise KitError(f"MEDIALIT_ROOT is set to {env!r}, but {_MARKER} is not there.")
    here = Path(__file__).resolve().parent.parent
    if (here / _MARKER).is_file():
        return here
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / _MARKER).is_file():
            return folder
    raise KitError(
        "Could not find the course kit's files (seeds/SHA256SUMS). Run from inside the kit's "
        "folder, or set MEDIALIT_ROOT to it."
    )


def seeds_dir() -> Path:
    return repo_root() / "seeds"


# The repository address _config.yml ships with: no repository lives there. Until a host sets
# its own copy's address, nothing links to it (no Binder or repository button, no launch link).
PLACEHOLDER_REPO = "github.com/medialit-kit/mek-albania-course"
