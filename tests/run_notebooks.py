"""Execute notebooks in a fresh kernel each; print one line per notebook; exit 1 on failure.

Used by the tests inside a network namespace with only loopback up:
    python tests/run_notebooks.py NOTEBOOK...
"""

import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# Answers saved by check() go to a scratch file, never into the repository.
os.environ.setdefault("MEDIALIT_ANSWERS", os.path.join(tempfile.mkdtemp(), "answers.json"))
failed = 0
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
        print(f"ok   {path}")
    except CellExecutionError as exc:
        failed += 1
        print(f"FAIL {path}\n{str(exc)[-2000:]}")
sys.exit(1 if failed else 0)
