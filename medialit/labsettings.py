"""JupyterLab defaults the kit needs: save the widgets' state in the notebook.

Without saved state, a notebook saved after Run All shows "Error displaying widget: model not
found" under every exercise when it is opened again (the widgets lived in a kernel that is
gone). With ``saveState`` on, each exercise is stored with the notebook and shows as it was
left (the answer and its feedback) until the notebook is run again.

``python -m medialit lab-settings`` writes the setting into this environment's JupyterLab
``overrides.json`` (``./kit lab`` does it before starting; Binder runs it from ``postBuild``);
a teacher's JupyterHub can ship the same file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULTS = {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}


def app_settings_dir(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def write_overrides(folder: Path | None = None) -> Path:
    """Merge the kit's defaults into ``overrides.json`` in ``folder`` (the environment's)."""
    folder = Path(folder) if folder else app_settings_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "overrides.json"
    current = {}
    if path.exists():
        try:
            current = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            current = {}
    for plugin, values in DEFAULTS.items():
        current.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path
