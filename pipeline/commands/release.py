"""Release management: release, approve."""

from __future__ import annotations

import argparse
import datetime as dt

from ..errors import UsageError
from .common import project_config, register, select_locales


# --------------------------------------------------------------------------- release / approve

def cmd_release(args: argparse.Namespace) -> int:
    from ..catalog import project_lock
    from ..pofile import write_all_atomic
    from ..release import plan_release
    from ..source import load_documents

    config = project_config(args)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    try:
        effective = dt.date.fromisoformat(args.effective) if args.effective else dt.datetime.now(dt.timezone.utc).date()
    except ValueError:
        raise UsageError(f"--effective must be a date YYYY-MM-DD (got {args.effective!r})") from None
    now = dt.datetime.now(dt.timezone.utc)
    with project_lock(config):
        writes = plan_release(config, docs, args.version, effective, args.note, now)
        # every file staged before any is moved into place: a failure leaves no half release
        write_all_atomic((path, data, path.relative_to(config.root).as_posix()) for path, data in writes)
    for doc in docs:
        print(f"released {doc.id} {args.version} (effective {effective.isoformat()})")
    return 0


@register
def _release(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="record a published version of each document")
    p.add_argument("version", metavar="VERSION")
    p.add_argument("--effective", metavar="YYYY-MM-DD")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--document", action="append", metavar="D")
    p.set_defaults(func=cmd_release)


def cmd_approve(args: argparse.Namespace) -> int:
    from ..catalog import apply_writes, project_lock
    from ..release import plan_approve
    from ..source import load_documents

    config = project_config(args)
    locales = select_locales(config, args.locales)
    docs = load_documents(config.root, args.document or None, regions=config.regions)
    with project_lock(config):
        writes = plan_approve(config, docs, locales, args.by, dt.datetime.now(dt.timezone.utc))
        apply_writes(writes)
    for w in writes:
        print(f"approved {w.rel}")
    return 0


@register
def _approve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("approve", help="record a reviewer's sign-off of current translations")
    p.add_argument("locales", nargs="+", metavar="LOCALE")
    p.add_argument("--document", action="append", metavar="D")
    p.add_argument("--by", required=True, metavar='"Name <email>"')
    p.set_defaults(func=cmd_approve)
