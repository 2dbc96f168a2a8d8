"""Release management: recorded versions and their pages, reviewers' sign-off, minor English edits.

- :mod:`.history`: `release VERSION` snapshots, `releases/<doc>/index.json`, the minor-edit log;
- :mod:`.pages`: release and comparison pages, and what a live page says about its versions;
- :mod:`.approval`: `approve` (the `X-Policy-Approved` header) and whether an approval still holds;
- :mod:`.minor`: `update --minor`;
- :mod:`.dashboard`: the release dashboard `output/index.html` and the status pages;
- :mod:`.site`: a whole site build (live pages + release pages + dashboard), `manifest merge`.
"""

from .approval import (APPROVAL_HEADER, approval_state, approval_state_raw, format_approval,
                       parse_approval, plan_approve, utc_now_iso)
from .history import (VERSION_RE, ReleaseSnapshot, last_release, load_snapshot, minor_changes_since_release,
                      plan_release, read_minor_log, release_config, release_index)
from .minor import plan_minor
from .site import ReleaseParts, build_site, merge_shards
from .pages import build_release_outputs, comparison_changes, diff_html, page_release_extras, release_outputs

__all__ = [
    "APPROVAL_HEADER", "approval_state", "approval_state_raw", "format_approval",
    "parse_approval", "plan_approve", "utc_now_iso",
    "VERSION_RE", "ReleaseSnapshot", "last_release", "load_snapshot", "minor_changes_since_release",
    "plan_release", "read_minor_log", "release_config", "release_index",
    "plan_minor",
    "ReleaseParts", "build_site", "merge_shards",
    "build_release_outputs", "comparison_changes", "diff_html", "page_release_extras", "release_outputs",
]
