"""Command line: ``python -m medialit COMMAND``.

Commands:
  build [--out DIR] [--fresh]   build the book (what ``./kit book`` runs)
  paragraphs                    print the paragraph id / offset table of both articles
  validate                      check the annotated corpus in seeds/ (file:line: problem)
  semeval [--out FILE]          export the technique spans in SemEval-2020 Task 11 format
  lab-settings                  JupyterLab: save the exercises' state with the notebook
  notebooks                     write exercises/ and solutions/ lesson notebooks from book/*.md
  js                            join medialit/static/src/ into exercises.js and exercises.classic.js
  article add PATH --id ID --title T --outlet O [--date D] [--url U] [--genre G] [--byline B]
  article import-spans ID FILE | article exercises ID [--force] | article remove ID [--yes]
                                bring your own article: add a plain-text article to seeds/,
                                import SemEval spans, write an exercise set from its
                                annotations, or remove it (see medialit/article.py)
  exercises [SET...]            check solutions/exercises/*.yaml (FILE:LINE: problem, exit 2)
                                and compile them into the package's bank
  release OUT --repo-url URL    write a student copy of the kit (no solutions/, keys sealed)
  grade HANDINS --keys DIR -o OUT [--sets S1,S2] [--score best|first|latest]
        [--rubric FILE] [--post-from DATE]
                                rescore a folder of answers files into a gradebook; with
                                assessment forms, a pre/post report and a rubric CSV too
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import KitError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medialit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the book with warnings as errors")
    b.add_argument("--out", type=Path, default=None, help="folder to build into (default: the repository)")
    b.add_argument("--fresh", action="store_true", help="rebuild every page (notebook cache still used)")
    sub.add_parser("paragraphs", help="print the paragraph table of both articles")
    sub.add_parser("validate", help="check the annotated corpus in seeds/")
    se = sub.add_parser("semeval", help="export spans in SemEval-2020 Task 11 format")
    se.add_argument("--out", type=Path, default=None, help="file to write (default: print)")
    sub.add_parser("js", help="join medialit/static/src/ into the two exercise scripts")
    sub.add_parser("notebooks", help="write the lessons' student and solution notebooks from book/*.md")
    sub.add_parser("lab-settings", help="save widget state in notebooks (JupyterLab overrides.json)")
    exs = sub.add_parser("exercises", help="compile the exercise definitions (keys sealed)")
    exs.add_argument("sets", nargs="*", help="set names (default: every file in solutions/exercises/)")
    from .article import add_parser as add_article_parser

    add_article_parser(sub)
    rel = sub.add_parser("release", help="write a student copy of the kit")
    rel.add_argument("out", type=Path)
    rel.add_argument("--force", action="store_true", help="replace a non-empty OUT")
    rel.add_argument("--repo-url", default=None,
                     help="the student repository's address, for the book's Binder and repository buttons")
    rel.add_argument("--no-repo", action="store_true",
                     help="no Binder or repository buttons (instead of --repo-url)")
    gr = sub.add_parser("grade", help="grade a folder of answers files")
    gr.add_argument("handins", type=Path)
    gr.add_argument("--keys", type=Path, required=True, help="the solutions folder (plaintext keys)")
    gr.add_argument("-o", "--out", type=Path, default=Path("grading"), help="output folder (default: grading/)")
    gr.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    gr.add_argument("--sets", default=None,
                    help="the exercise sets that count, comma-separated (default: every set but the gallery)")
    gr.add_argument("--score", default="best", choices=["best", "first", "latest"],
                    help="which checked answer counts: the best (default), the first attempt, or the latest")
    gr.add_argument("--rubric", type=Path, default=None,
                    help="a filled rubric CSV (the grader's rubric.csv with scores) for the open responses")
    gr.add_argument("--post-from", default=None,
                    help="assessment: forms answered on or after this date (YYYY-MM-DD) are post-tests")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .build import build_book

            html = build_book(args.out, fresh=args.fresh)
            print(f"The book is in {html}. Open {html / 'index.html'} in a browser.")
        elif args.command == "paragraphs":
            from .corpus import paragraphs_frame

            df = paragraphs_frame()[["paragraph_id", "start", "end", "n_words"]]
            print(df.to_string(index=False))
        elif args.command == "validate":
            from .corpus.validate import validate

            problems = validate()
            for line in problems:
                print(line)
            if problems:
                print(f"{len(problems)} problem(s) in seeds/.", file=sys.stderr)
                return 1
            print("seeds/: the corpus is valid.")
        elif args.command == "lab-settings":
            from .labsettings import write_overrides

            print(f"wrote {write_overrides()}")
        elif args.command == "notebooks":
            from .notebooks import write_notebooks

            for path in write_notebooks():
                print(f"wrote {path}")
        elif args.command == "js":
            from .jsbuild import write_outputs

            for path in write_outputs():
                print(f"wrote {path}")
        elif args.command == "exercises":
            from .exercises.model import DefinitionError, write_bank

            try:
                written = write_bank(args.sets or None)
            except DefinitionError as exc:
                for line in exc.problems:
                    print(line, file=sys.stderr)
                print(f"{len(exc.problems)} problem(s) in the exercise definitions; nothing was compiled.",
                      file=sys.stderr)
                return 2
            for path in written:
                print(f"wrote {path}")
        elif args.command == "release":
            from .instructor.release import release

            files = release(args.out, force=args.force, repo_url=args.repo_url, no_repo=args.no_repo)
            where = (f"its buttons point to {args.repo_url.strip().rstrip('/')}" if args.repo_url
                     else "it has no Binder or repository buttons")
            print(f"Wrote a student copy ({len(files)} files) to {args.out}: no solutions/, no instructors' "
                  f"pages; {where}.")
        elif args.command == "grade":
            from .instructor.grade import grade_folder, write_outputs

            results, keys = grade_folder(args.handins, args.keys, workers=args.workers, score_mode=args.score)
            sets = [x.strip() for x in args.sets.split(",") if x.strip()] if args.sets else None
            paths = write_outputs(results, keys, args.out, sets=sets, score_mode=args.score)
            from .instructor.assess import assessment_outputs

            paths.update(assessment_outputs(results, keys, args.out, rubric=args.rubric, post_from=args.post_from))
            bad = sum(1 for g in results if g.problems)
            from .instructor.grade import counted_sets

            print(f"Graded {len(results)} file(s); sets counted: {', '.join(counted_sets(keys, sets))}; "
                  f"the {args.score} answer counts; {bad} file(s) with problems.")
            for label, path in paths.items():
                print(f"  {label}: {path}")
        elif args.command == "article":
            from .article import run

            return run(args)
        elif args.command == "semeval":
            from .corpus.semeval import to_semeval

            text = to_semeval()
            if args.out:
                args.out.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
