"""The YAML-free fast path for front matter agrees with YAML wherever it answers."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, strategies as st

from pipeline.source import _simple_front_matter

values = st.one_of(st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
                   st.dates(min_value=dt.date(1000, 1, 1)).map(str))


@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True), values, max_size=4))
def test_fast_front_matter_means_what_yaml_means(data: dict[str, str]) -> None:
    block = "\n".join(f"{k}: {v}" for k, v in data.items())
    fast = _simple_front_matter(block)
    if fast is not None:
        assert fast == (yaml.safe_load(block) or {})


def test_the_usual_front_matter_takes_the_fast_path() -> None:
    assert _simple_front_matter("title: Privacy Policy\nupdated: 2026-02-01") == {
        "title": "Privacy Policy", "updated": dt.date(2026, 2, 1)}
