"""Locale identifiers in `[tool.policy-l10n]` and `init`: Babel's, as Babel writes them
(pipeline/config.py `validate_locale`, asked through Babel's public `babel.localedata` API)."""

from __future__ import annotations

import re

import pytest
from babel.localedata import locale_identifiers

from pipeline.config import validate_locale
from pipeline.errors import ConfigError


def test_every_locale_babel_has_data_for_is_accepted():
    ours = [code for code in locale_identifiers() if re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*", code)]
    assert {"de", "de_CH", "pt_BR", "zh_Hans", "ar", "th"} <= set(ours)
    for code in ours:
        assert validate_locale(code) == code


@pytest.mark.parametrize("code,written", [("de_ch", "de_CH"), ("pt_br", "pt_BR"), ("zh_hans", "zh_Hans")])
def test_another_spelling_is_refused_with_babels(code, written):
    with pytest.raises(ConfigError, match=f"locale '{code}' should be written '{written}'"):
        validate_locale(code, path="pyproject.toml", line=3)


@pytest.mark.parametrize("code", ["xx", "de_XX", "tlh", "root"])
def test_unknown_locale_is_refused(code):
    with pytest.raises(ConfigError, match="unknown locale|invalid locale"):
        validate_locale(code)


def test_config_file_with_a_wrong_spelling_is_exit_2(new_project):
    p = new_project(locales=("de_ch",))
    r = p.run("status")
    assert r.code == 2 and "Traceback" not in r.err
    assert re.fullmatch(r"pyproject\.toml:\d+: locale 'de_ch' should be written 'de_CH'\n", r.err), r.err
