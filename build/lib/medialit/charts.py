"""Charts as static images that read without a kernel and without sight.

``side_by_side(table, ...)`` draws a horizontal bar chart comparing the two articles and
returns an HTML ``<figure>``: a PNG embedded as a data URI (no file, no request), with alt
text that states every value, and a caption. In the built book it is a plain image; in
JupyterLab it shows the same.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from IPython.display import HTML  # noqa: E402

# Okabe-Ito colours (safe for colour-blind readers), plus hatching so print in grey works.
STYLE = {"A": ("#0072B2", ""), "B": ("#E69F00", "//")}


def _alt_text(table: pd.DataFrame, what: str, unit: str) -> str:
    parts = []
    for col in table.columns:
        values = "; ".join(f"{idx}: {_fmt(v)}" for idx, v in table[col].items())
        parts.append(f"Article {col}: {values}.")
    return f"Bar chart of {what}, in {unit}, for articles A and B. " + " ".join(parts)


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def side_by_side(table: pd.DataFrame, *, what: str, unit: str, caption: str) -> HTML:
    """``table``: index = categories, columns = "A" and "B". Returns an HTML figure."""
    table = table.fillna(0)
    n = len(table)
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * n + 1.2), dpi=110)
    height = 0.38
    positions = range(n)
    for i, col in enumerate(table.columns):
        colour, hatch = STYLE.get(col, ("#555555", ""))
        ax.barh([p + (i - 0.5) * height for p in positions], table[col], height=height,
                color=colour, hatch=hatch, edgecolor="black", linewidth=0.4,
                label=f"Article {col}")
    ax.set_yticks(list(positions))
    ax.set_yticklabels([str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt = _alt_text(table, what, unit).replace('"', "&quot;")
    return HTML(
        f'<figure class="ml-figure"><img src="data:image/png;base64,{data}" alt="{alt}" '
        f'style="max-width:100%;height:auto"><figcaption>{caption}</figcaption></figure>'
    )


def table(df: pd.DataFrame, caption: str = "") -> HTML:
    """A table whose every header cell has text (pandas leaves the index's header empty)."""
    named = df.copy()
    if named.index.name is None:
        named.index.name = ""
    named.columns.name = None
    out = named.reset_index()
    first = out.columns[0]
    if not str(first).strip() or first == "index":
        out = out.rename(columns={first: "item"})
    out.columns = [f"article {c}" if c in ("A", "B") else str(c) for c in out.columns]
    cap = f"<caption>{caption}</caption>" if caption else ""
    html = out.to_html(index=False, border=0, classes="ml-table")
    start = html.index(">") + 1  # end of the opening <table ...> tag
    return HTML(f'<table class="ml-table">{cap}' + html[start:])
