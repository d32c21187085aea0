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
        [--rubric FILE] [--post-from DATE] [--roster FILE [--lms canvas|moodle]]
                                rescore a folder of answers files into a gradebook; with
                                assessment forms, a pre/post report and a rubric CSV too;
                                with the LMS's roster export, the hand-ins matched to its
                                students and a grade import file for Canvas or Moodle
  quiz SET --format qti|moodle [-o FILE] [--keys DIR]
                                the set's choice exercises (single, multiple, categorise) as
                                a quiz for Canvas (QTI 1.2 package) or Moodle (Moodle XML)
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
    gr.add_argument("--roster", type=Path, default=None,
                    help="the LMS's export of the class (Canvas gradebook CSV; Moodle grades or participants "
                         "CSV): hand-ins are matched to its students (roster.csv)")
    gr.add_argument("--lms", default=None, choices=["canvas", "moodle"],
                    help="with --roster: write lms-canvas.csv or lms-moodle.csv for the LMS's grade import")
    qz = sub.add_parser("quiz", help="export a set's choice exercises as a Canvas (QTI) or Moodle (XML) quiz")
    qz.add_argument("set", help="the exercise set, e.g. lesson1")
    qz.add_argument("--format", required=True, choices=["qti", "moodle"],
                    help="qti: an IMS QTI 1.2 package for Canvas (.zip, or .xml for the bare file); "
                         "moodle: Moodle XML")
    qz.add_argument("-o", "--out", type=Path, default=None,
                    help="file to write (default: SET-qti.zip or SET-moodle.xml)")
    qz.add_argument("--keys", type=Path, default=None, help="the solutions folder (default: solutions/)")
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
            from .instructor.grade import grade_class

            if args.lms and not args.roster:
                raise KitError("--lms needs --roster: the LMS's own export of the class (Canvas: the gradebook "
                               "export; Moodle: the grade or participants export), so that each grade goes to "
                               "the right student.")
            roster = None
            if args.roster:
                from .instructor.roster import read_roster

                roster = read_roster(args.roster)
                if args.lms and roster.kind != args.lms:
                    raise KitError(f"--lms {args.lms} needs the {args.lms.capitalize()} export as the roster, but "
                                   f"{args.roster} is a {roster.kind.capitalize()} export: each LMS finds its "
                                   "students by its own ids.")
            # Set names are lower case (an added article's set is its id in lower case: NYT -> nyt).
            sets = [x.strip().lower() for x in args.sets.split(",") if x.strip()] if args.sets else None
            # Rows and feedback are written as the files are graded; the small record of each hand-in
            # is spooled to a temporary file and read back, one at a time, by each pass below.
            results, keys, paths = grade_class(args.handins, args.keys, args.out, sets=sets, workers=args.workers,
                                               score_mode=args.score)
            try:
                _graded_outputs(args, results, keys, sets, paths, roster)
            finally:
                results.close()
        elif args.command == "quiz":
            return _quiz(args)
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


def _graded_outputs(args, results, keys, sets, paths, roster) -> None:
    """After ``grade_class``: the assessment outputs, what the command says, the roster's files."""
    from .instructor.assess import assessment_outputs

    rubric_notes: list[str] = []
    paths.update(assessment_outputs(results, keys, args.out, rubric=args.rubric, post_from=args.post_from,
                                    notes=rubric_notes))
    bad = results.with_problems
    from .instructor.grade import counted_sets

    counted = counted_sets(keys, sets)
    print(f"Graded {len(results)} file(s); sets counted: {', '.join(counted)}; "
          f"the {args.score} answer counts; {bad} file(s) with problems.")
    outside = _answered_outside(results, keys, counted)
    if outside:
        n, where = outside
        print(_printable(f"Note: {n} file(s) answered only exercises outside the sets counted (they answered "
                         f"{', '.join(where)}): they score 0 here. To grade those, use --sets "
                         f"{','.join(where)}."))
    for note in rubric_notes:
        print(_printable(f"Note: {note}"))
    if roster is not None:
        _roster_outputs(args, roster, results, keys, sets, paths)
    for label, path in paths.items():
        print(f"  {label}: {path}")


def _answered_outside(results, keys, counted: list[str]):
    """(how many readable files answered nothing in the counted sets but something elsewhere,
    the sets they answered), or None."""
    n, where = 0, set()
    for g in results:
        sets = {keys[i].public.get("set", "") for i in g.scores if i in keys}
        if g.readable and sets and not sets & set(counted):
            n += 1
            where |= sets
    return (n, sorted(where)) if n else None


def _printable(text) -> str:
    """A name or a reason as typed by someone else, safe to print: no terminal control characters."""
    return "".join(c if c.isprintable() else "?" for c in str(text))


def _roster_outputs(args, roster, results, keys, sets, paths) -> None:
    """Match the hand-ins to the roster; with --lms, write the LMS's import file. Says what is unmatched."""
    from .instructor.roster import match, write_report

    report = match(results, roster)
    if args.lms:
        from .instructor.lms import moodle_map_column, write_lms

        path, table = write_lms(args.lms, report, keys, args.out, sets)
        paths[f"lms ({args.lms})"] = path
    paths["roster"] = write_report(report, args.out / "roster.csv")
    print(f"Roster ({roster.kind}, {len(roster.students)} students): {len(report.by_student())} matched to a hand-in, "
          f"{len(report.unmatched())} hand-in(s) unmatched, {len(report.missing())} student(s) without a hand-in.")
    for m in report.unmatched():
        print(_printable(f"  unmatched hand-in {m.graded.file} ({m.graded.name or 'no name'}): {m.reason}"))
    for m in report.missing():
        print(_printable(f"  no hand-in: {m.student.shown} (roster line {m.student.line})"))
    for note in roster.notes:
        print(_printable(f"  {note}"))
    if args.lms:
        for s, why in table.left_out:
            print(_printable(f"  {s.shown}: {why}"))
        cols = _printable(", ".join(f"{c.header} (max {c.max_points:g})" for c in table.columns))
        print(f"{args.lms.capitalize()} import: {len(table.rows)} student(s); columns: {cols}.")
        if args.lms == "moodle":
            mapping = moodle_map_column(table, roster)
            if mapping:
                print(f"  In Moodle's import, map from {_printable(mapping[0])!r} to {mapping[1]}; each set column to its grade "
                      "item (with that maximum grade).")


def _quiz(args) -> int:
    from .instructor.qti import export_quiz

    out = args.out or Path(f"{args.set}-{'qti.zip' if args.format == 'qti' else 'moodle.xml'}")
    result = export_quiz(args.set, args.format, out, keys_dir=args.keys)
    if result.assessment:
        print(f"warning: {args.set} is an assessment form: {out} holds its answer keys. Keep it away from "
              "students, and import it only into a quiz they can't open before the test.", file=sys.stderr)
    print(f"Wrote {out}: {len(result.exported)} question(s) from {args.set} ({result.format_name}); "
          f"checked against {result.validated_by}.")
    if result.skipped:
        print(f"Not exported ({len(result.skipped)}): this format cannot express them:")
        for ex_id, title, reason in result.skipped:
            print(f"  {ex_id} ({title}): {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
