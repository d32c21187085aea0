"""Print textstat's figures for the kit's own prose, page by page (quotations and code excluded),
and each lesson's core path: the words a student reads before "Going further" (prose and
exercise prompts, quotations excluded), its exercises, and the teacher notes' plan.

    python benchmarks/prose_readability.py

Targets: Flesch-Kincaid grade 9 or lower for every page; a lesson's core path about 1,100 words
or fewer with 6-8 exercises; a plan of 50 minutes.
"""

from medialit.paths import repo_root
from medialit.prose import lesson_core, page_scores, plan_minutes

rows = page_scores()
print(f"{'page':38} {'words':>6} {'FK grade':>9} {'reading ease':>13}")
for r in rows:
    print(f"{r['page']:38} {r['words']:6d} {r['flesch_kincaid_grade']:9.1f} {r['flesch_reading_ease']:13.1f}")

root = repo_root()
print()
print(f"{'lesson':10} {'core words':>10} {'prose':>6} {'prompts':>8} {'core ex.':>9} {'later ex.':>10} {'plan min':>9}")
for chapter in sorted((root / "book").glob("lesson[0-9]*.md")):
    if chapter.stem.endswith(("-teacher", "-remember")):
        continue
    core = lesson_core(chapter)
    notes = chapter.with_name(chapter.stem + "-teacher.md")
    minutes, problem = plan_minutes(notes) if notes.exists() else (0, "no teacher notes")
    marker = "" if core["has_marker"] else "  (no 'Going further' heading: all of it counted)"
    print(f"{chapter.stem:10} {core['words']:10d} {core['prose_words']:6d} {core['prompt_words']:8d} "
          f"{len(core['exercises']):9d} {len(core['later']):10d} {minutes:9d}{marker}{'  ' + problem if problem else ''}")
