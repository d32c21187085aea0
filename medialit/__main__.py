"""Command line: ``python -m medialit COMMAND``.

Commands:
  build [--out DIR] [--fresh]   build the book (what ``./kit book`` runs)
  paragraphs                    print the paragraph id / offset table of both articles
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
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
