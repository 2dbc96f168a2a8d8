"""`build --shard K/N` on separate runners + `manifest merge` equals one full build, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Project, make_project

SOURCE = """\
---
title: Privacy Policy
updated: 2026-02-01
---

## Introduction {#introduction}

AImonitor is committed to protecting your privacy.

## Data Retention {#data-retention regions="eu"}

We retain data for 90 days.
"""

REGIONS = """
[tool.policy-l10n.fallbacks]
de_CH = ["de"]

[tool.policy-l10n.regions.eu]
locales = ["en", "de", "fr"]

[tool.policy-l10n.regions.ch]
locales = ["de_CH", "fr", "en"]

[tool.policy-l10n.regions.us]
locales = ["en"]
paper = "letter"
"""


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _project(root: Path) -> Project:
    p = make_project(root, locales=("de", "de_CH", "fr"), source=SOURCE, extra_config=REGIONS)
    assert p.run("init", "de", "de_CH", "fr").code == 0
    p.translate("de", {"document.title": "Datenschutzerklärung", "introduction.title": "Einleitung",
                       "introduction": "AImonitor verpflichtet sich zum Schutz Ihrer Privatsphäre."})
    return p


def test_three_shards_on_three_runners_equal_a_full_build(tmp_path: Path) -> None:
    full = _project(tmp_path / "full")
    assert full.run("build").code == 0
    expected = _files(full.path("output"))

    # CI: each shard runs on its own runner (a fresh checkout), then the outputs are collected
    collected = tmp_path / "collected"
    shard_manifests = []
    for k in (1, 2, 3):
        runner = tmp_path / f"runner{k}"
        shutil.copytree(full.root, runner, ignore=shutil.ignore_patterns("output", ".cache"))
        r = Project(runner).run("build", "--shard", f"{k}/3")
        assert r.code == 0, r.err
        shutil.copytree(runner / "output", collected, dirs_exist_ok=True)
        shard_manifests.append(collected / f"manifest.{k}-of-3.json")
    merger = tmp_path / "merger"
    shutil.copytree(full.root, merger, ignore=shutil.ignore_patterns("output", ".cache"))
    shutil.copytree(collected, merger / "output")
    r = Project(merger).run("manifest", "merge", *[str(merger / "output" / m.name) for m in shard_manifests])
    assert r.code == 0, r.err
    got = {k: v for k, v in _files(merger / "output").items() if not k.startswith("manifest.") or k == "manifest.json"}
    assert sorted(got) == sorted(expected)
    for path, data in expected.items():
        assert got[path] == data, path


def _two_shards(tmp_path: Path) -> tuple[Project, list[Path]]:
    """Shards 1/2 and 2/2 built on their own runners; their outputs copied into a merger's output/."""
    p = _project(tmp_path / "p")
    merger = tmp_path / "merger"
    shutil.copytree(p.root, merger)
    manifests = []
    for k in (1, 2):
        runner = tmp_path / f"r{k}"
        shutil.copytree(p.root, runner)
        assert Project(runner).run("build", "--no-pdf", "--shard", f"{k}/2").code == 0
        shutil.copytree(runner / "output", merger / "output", dirs_exist_ok=True)
        manifests.append(merger / "output" / f"manifest.{k}-of-2.json")
    return Project(merger), manifests


def test_merge_refuses_what_is_not_one_whole_site(tmp_path: Path) -> None:
    """A missing, repeated or foreign shard, or a shard's outputs not copied: one line naming the
    file, exit 2, and no manifest.json written."""
    merger, (one, two) = _two_shards(tmp_path)
    out = merger.path("output")

    def refused(*files: Path) -> str:
        r = merger.run("manifest", "merge", *map(str, files))
        assert r.code == 2 and len(r.err.splitlines()) == 1, (r.out, r.err)
        assert not (out / "manifest.json").exists() and not (out / "index.html").exists()
        return r.err

    assert f"{one}:1: shard 2 of 2 missing" in refused(one)
    assert f"{one}:1: shard 1 of 2 is given twice" in refused(one, two, one)
    json_two = two.read_text(encoding="utf-8")
    two.write_text(json_two.replace('"of": 2', '"of": 3'), encoding="utf-8")
    assert f"{two}:1: shard 2 of 3, but manifest.1-of-2.json is a shard of 2" in refused(one, two)
    two.write_text(json_two, encoding="utf-8")
    page = next(out.rglob("*.html"))
    moved = page.with_suffix(".moved")
    page.rename(moved)
    assert f"which is not there: copy every shard's output/ into this one" in refused(one, two)
    moved.rename(page)
    (tmp_path / "notes.json").write_text('{"outputs": []}', encoding="utf-8")
    assert "not a shard manifest" in refused(one, tmp_path / "notes.json")
    merger.write("source/privacy-policy.md", merger.read("source/privacy-policy.md") + "\nMore.\n")
    assert f"{one}:1: shard 1 of 2 was built from other content than this checkout's" in refused(one, two)


def test_merge_of_every_shard_from_one_checkout_is_the_site(tmp_path: Path) -> None:
    merger, manifests = _two_shards(tmp_path)
    r = merger.run("manifest", "merge", *map(str, reversed(manifests)))
    assert r.code == 0, r.err
    listed = {item["path"] for item in json.loads(merger.read("output/manifest.json"))["outputs"]}
    assert "index.html" in listed and all(merger.path(f"output/{path}").is_file() for path in listed)


def test_shards_split_the_pages_without_overlap(tmp_path: Path) -> None:
    p = _project(tmp_path / "p")
    seen: dict[str, int] = {}
    for k in (1, 2, 3):
        runner = tmp_path / f"r{k}"
        shutil.copytree(p.root, runner)
        assert Project(runner).run("build", "--no-pdf", "--shard", f"{k}/3").code == 0
        items = json.loads((runner / "output" / f"manifest.{k}-of-3.json").read_text())["outputs"]
        for item in items:
            assert item["path"] not in seen, item["path"]
            seen[item["path"]] = k
    assert len(set(seen.values())) > 1  # the work is really spread


def test_a_bad_shard_value_is_a_usage_error(project) -> None:
    for value in ("0/3", "4/3", "x", "1/0"):
        r = project.run("build", "--shard", value)
        assert r.code == 2 and r.err.startswith("policy-l10n: ") and len(r.err.strip().splitlines()) == 1


def test_the_cost_model_weights_pdfs_by_size_and_script() -> None:
    """The planner's estimates (pipeline/output/shards.py, measured by benchmarks/pdf_costs.py):
    a PDF outweighs its HTML page many times, grows with its document, and costs more in
    CJK and Arabic, whose fonts and shaping take longer."""
    from pipeline.output.plan import PageJob
    from pipeline.output.shards import html_cost, page_costs, pdf_cost

    assert pdf_cost("en", 3) > 20 * html_cost(3)
    assert pdf_cost("en", 20) > 2 * pdf_cost("en", 3)
    assert pdf_cost("ja", 3) > 1.4 * pdf_cost("en", 3) and pdf_cost("zh_Hans", 3) == pdf_cost("ja", 3)
    assert pdf_cost("en", 3) < pdf_cost("ar", 3) < pdf_cost("ja", 3)
    paths, cost = page_costs(PageJob("terms", "de_CH", "ch", "a4"), 3, pdf=True)
    assert paths == ["ch/de-CH/terms.html", "ch/de-CH/terms.pdf"]
    assert cost == html_cost(3) + pdf_cost("de_CH", 3)
    assert page_costs(PageJob("terms", "de_CH", "ch", "a4"), 3, pdf=False) == (["ch/de-CH/terms.html"], html_cost(3))


def test_one_document_in_seven_locales_gives_every_shard_pdfs() -> None:
    """The case that opened the issue: 1 document × 7 locales on 3 runners left one shard
    with no PDF. Dealt by cost, each of the 3 gets 2 or 3 PDFs, and the estimated loads
    are within 20 % of their mean."""
    from pipeline.output.plan import PageJob
    from pipeline.output.shards import page_costs, plan_shard

    jobs = [PageJob("privacy", loc, None, "a4") for loc in ("en", "de", "de_CH", "fr", "ja", "zh_Hans", "ar")]
    units = [page_costs(job, 3.2, pdf=True) for job in jobs]
    shards = [plan_shard(k, 3, units) for k in (1, 2, 3)]
    pdfs = [sum(p.endswith(".pdf") for p in s.owned) for s in shards]
    assert sorted(pdfs) == [2, 2, 3]
    loads = [sum(cost for paths, cost in units if paths[0] in s.owned) for s in shards]
    mean = sum(loads) / 3
    assert max(abs(load - mean) for load in loads) <= 0.2 * mean
