"""The ``kaede`` console script: ``kaede validate PATH...``, ``kaede sync PATH...``,
``kaede migrate PATH...`` and ``kaede appendix CASE --format md|csv|tex [--out PATH]``."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 = all valid / done, 1 = problems found)."""
    parser = argparse.ArgumentParser(prog="kaede", description="kaede: the governance-chain workbench.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_val = sub.add_parser("validate", help="check case folders and report every problem")
    p_val.add_argument("paths", nargs="+",
                       help="case folders or their datapackage.json; a folder of cases (such as data/) means each case in it")
    p_sync = sub.add_parser("sync", help="write the canonical table schemas into case packages")
    p_sync.add_argument("paths", nargs="+", help="case folders")
    p_mig = sub.add_parser("migrate", help="bring case packages in an older format up to the current schemas")
    p_mig.add_argument("paths", nargs="+", help="case folders")
    p_app = sub.add_parser("appendix", help="write a case's coded-case appendix (supplementary material)")
    p_app.add_argument("case", help="a case name in the data home, or a case folder")
    p_app.add_argument("--format", choices=("md", "csv", "tex"), default="md",
                       help="md (Markdown), tex (a LaTeX document) or csv (a zip of CSV files); default md")
    p_app.add_argument("--out", help="file to write; default: md and tex to standard output, "
                                     "csv to ./<case>-appendix.zip")
    p_app.add_argument("--fragment", action="store_true", help="tex: a fragment to \\input, not a whole document")
    args = parser.parse_args(argv)

    if args.command == "appendix":
        from .data.datasets import CaseNotFoundError, load_case
        from .data.validate import CaseValidationError
        from .views.appendix import appendix
        try:
            case = load_case(args.case)
        except (CaseNotFoundError, CaseValidationError) as exc:
            print(f"kaede appendix: {exc}", file=sys.stderr)
            return 1
        out = args.out
        if out is None and args.format == "csv":
            out = f"{case.name}-appendix.zip"
        result = appendix(case, args.format, out=out, standalone=not args.fragment)
        if out is None:
            sys.stdout.write(str(result))
        else:
            print(f"{case.name}: appendix ({args.format}) written to {result}")
        return 0

    if args.command == "migrate":
        from .data.package import migrate_package
        for p in args.paths:
            changed = migrate_package(p)
            print(f"{p}: {'migrated ' + ', '.join(changed) if changed else 'already current'}")
        return 0

    if args.command == "sync":
        from .data.package import sync_package
        for p in args.paths:
            print(f"{p}: {'updated' if sync_package(p) else 'already in sync'}")
        return 0

    from pathlib import Path

    from .data.validate import validate_case_folder
    failed = 0
    paths: list[Path] = []
    for p in map(Path, args.paths):
        children = sorted(c.parent for c in p.glob("*/datapackage.json")) if p.is_dir() else []
        paths += children if p.is_dir() and not (p / "datapackage.json").exists() and children else [p]
    for p in paths:
        report = validate_case_folder(p)
        print(report.format())
        failed += not report.valid
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
