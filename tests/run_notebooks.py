"""Execute notebooks in a fresh kernel each; print one line per notebook; exit 1 on failure.

Used by the tests, some inside a network namespace with only loopback up:
    python tests/run_notebooks.py [--save EXECUTED.ipynb] NOTEBOOK...
``--save`` (with one notebook) writes the executed notebook, outputs included.
"""

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# Answers saved by check() go to a scratch file, never into the repository.
os.environ.setdefault("MEDIALIT_ANSWERS", os.path.join(tempfile.mkdtemp(), "answers.json"))
args = sys.argv[1:]
save = None
if args[:1] == ["--save"]:
    save, args = Path(args[1]), args[2:]
failed = 0
for path in args:
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
        print(f"ok   {path}")
    except CellExecutionError as exc:
        failed += 1
        print(f"FAIL {path}\n{str(exc)[-2000:]}")
    if save is not None:
        nbformat.write(nb, save)
sys.exit(1 if failed else 0)
