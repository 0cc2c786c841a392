"""The ``kaede`` console script: ``kaede validate PATH...``, ``kaede sync PATH...``,
``kaede migrate PATH...``, ``kaede appendix CASE --format md|csv|tex [--out PATH]`` and
``kaede coverage [PATH...]``."""
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
    p_cov = sub.add_parser("coverage", help="list the roles of the chain each case lacks, by date")
    p_cov.add_argument("paths", nargs="*", help="a data folder or case folders (default: the shipped cases)")
    p_cov.add_argument("--on", default="milestones",
                       help="milestones (default), events, a milestone name or a date")
    p_app = sub.add_parser("appendix", help="write a case's coded-case appendix (supplementary material)")
    p_app.add_argument("case", help="a case name in the data home, or a case folder")
    p_app.add_argument("--format", choices=("md", "csv", "tex"), default="md",
                       help="md (Markdown), tex (a LaTeX document) or csv (a zip of CSV files); default md")
    p_app.add_argument("--out", help="file to write; default: md and tex to standard output, "
                                     "csv to ./<case>-appendix.zip")
    p_app.add_argument("--fragment", action="store_true", help="tex: a fragment to \\input, not a whole document")
    args = parser.parse_args(argv)

    if args.command == "coverage":
        return _coverage(args.paths, args.on)

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
        children = sorted(c.parent for c in p.glob("*/datapackage.json")
                          if not c.parent.name.startswith(".")) if p.is_dir() else []  # not writes in progress
        paths += children if p.is_dir() and not (p / "datapackage.json").exists() and children else [p]
    for p in paths:
        report = validate_case_folder(p)
        print(report.format())
        failed += not report.valid
    return 1 if failed else 0


def _coverage(paths: Sequence[str], on: str) -> int:
    """Print the coverage report; 0 always (gaps are information, not errors)."""
    from pathlib import Path

    from .data.datasets import load_case, load_cases
    from .model.coverage import coverage
    if not paths:
        cases = load_cases()
    else:
        cases = {}
        for p in map(Path, paths):
            if (p / "datapackage.json").exists():
                c = load_case(p)
                cases[c.name] = c
            else:
                cases.update(load_cases(data_home=p))
    report = coverage(cases, on=on)
    for name in cases:
        rows = report[report["case"] == name]
        print(f"{name}: " + ("every role the rules need is on record" if rows.empty else f"{len(rows)} gaps"))
        for (date, milestone), g in rows.groupby(["date", "milestone"], dropna=False, sort=False):
            when = f"{date}" + (f" ({milestone})" if isinstance(milestone, str) else "")
            gaps = "; ".join(f"{r.role_group} [{r.rules}]" for r in g.itertuples())
            print(f"  {when}: {gaps}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
