"""Print textstat's figures for the kit's own prose, page by page (quotations and code excluded).

    python benchmarks/prose_readability.py

The target for lesson prose is a Flesch-Kincaid grade of 11 or lower.
"""

from medialit.prose import page_scores

rows = page_scores()
print(f"{'page':38} {'words':>6} {'FK grade':>9} {'reading ease':>13}")
for r in rows:
    print(f"{r['page']:38} {r['words']:6d} {r['flesch_kincaid_grade']:9.1f} {r['flesch_reading_ease']:13.1f}")
