"""The leaderboard renderers: published and recomputed figures, escaping, links only for https, SVG traces."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from conftest import REPO
from loopctl.render.leaderboard import spec_link
from loopctl.render.trace_svg import trace_svg
from loopctl.site.results import results_pages
from results_fixtures import HOSTILE_NAME, hostile, rejected, write_results


def test_trace_svg_has_title_desc_and_axis_labels():
    svg = trace_svg((0.5, 0.7, 0.9), 0.8, "cr-001 seed 0", "t1")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "cr-001 seed 0"
    assert "0.50, 0.70, 0.90" in root.find(f"{ns}desc").text
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert "goal" in labels and any(label.startswith("iteration") for label in labels)
    assert len(list(root.iter(f"{ns}circle"))) == 3


def test_trace_svg_escapes_its_title_and_clamps_bad_points():
    svg = trace_svg((float("nan"), 3.0), 0.8, "<script>x</script>", 'a"b')
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'a"b' not in svg
    ET.fromstring(svg)


def test_spec_link_is_a_link_only_for_https():
    assert spec_link("https://example.org/a b.yaml").endswith("(<https://example.org/a%20b.yaml>)")
    assert "](" not in spec_link("javascript:alert(1)") and "not a link" in spec_link("loops/a.yaml")


def test_leaderboard_page_shows_published_and_recomputed_composites():
    page = results_pages(REPO)["leaderboard/index.md"]
    for figure in ("0.8671", "0.8645", "0.8642", "0.8691", "0.8191", "0.8058", "0.8193", "0.8028"):
        assert figure in page
    assert "constant 0.95" in page and "Team Thorough, LB-CR-1, cost: published 0.0000, recomputed 0.0410" \
        in page


def test_submission_page_lists_every_run_with_a_trace():
    pages = results_pages(REPO)
    page = pages["leaderboard/loopbench-1.md"]
    assert page.count('<svg class="loop-trace"') == 15
    assert "goal&#95;met" in page and "| autonomy | 0.08 | 0.9500 | 0.9500 |" in page


def test_results_schema_is_published():
    schema = json.loads(results_pages(REPO)["schema/results-0.2.0.json"])
    assert schema["properties"]["version"]["const"] == "0.2.0"


def test_hostile_text_is_escaped_and_a_rejected_file_is_not_published(tmp_path):
    write_results(tmp_path, {"hostile.results.json": hostile(), "rejected.results.json": rejected()})
    pages = results_pages(tmp_path)
    assert set(pages) == {"leaderboard/index.md", "leaderboard/hostile-1.md", "schema/results-0.2.0.json"}
    text = "\n".join(v for k, v in pages.items() if k.endswith(".md"))
    for raw in ("<script", "<img", "](javascript", "{:", "<!-- loop:", HOSTILE_NAME):
        assert raw not in text, raw
    assert re.search(r"\]\(<https://example\.org/a%22%3E%3Cscript%3E", text)
    assert "results&#46;spec&#45;path" in pages["leaderboard/index.md"]


def test_a_spec_with_the_hash_of_our_library_file_links_our_spec_page(tmp_path):
    import hashlib

    from results_fixtures import published
    library = tmp_path / "loop-library"
    library.mkdir()
    (library / "mine.yaml").write_bytes((REPO / "loop-library" / "coding-agent.yaml").read_bytes())
    data = published()
    data["entries"] = data["entries"][:2]
    same, other = data["entries"]
    same["spec_path"] = "https://example.org/blob/main/loop-library/mine.yaml"
    same["spec_hash"] = "sha256:" + hashlib.sha256((library / "mine.yaml").read_bytes()).hexdigest()
    other["spec_path"] = "https://example.org/blob/main/loop-library/mine.yaml"
    write_results(tmp_path, {"t.results.json": data})
    pages = results_pages(tmp_path)
    assert pages["leaderboard/index.md"].count("(our [mine](../loop-library/mine.md))") == 1
    assert "very file of our library spec [mine](../loop-library/mine.md)" in pages["leaderboard/t-1.md"]
    assert "different file" in pages["leaderboard/t-2.md"]
