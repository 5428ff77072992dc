"""The LES chart: well-formed SVG, accessible, labelled as an estimate, with escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from loopctl.render.scorecard import scorecard_svg
from loopctl.score import WEIGHTS, estimate
from spec_tree import HOSTILE, library_spec

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_well_formed_with_title_desc_and_one_bar_per_category():
    card = estimate(library_spec("alpha", ["reflection-loop"]))
    root = ET.fromstring(scorecard_svg(card, "alpha", chart_id="c1"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title = root.find(f"{SVG}title")
    assert title.get("id") == "c1-title" and "design-time estimate" in title.text and "alpha" in title.text
    assert root.find(f"{SVG}desc").get("id") == "c1-desc"
    bars = [r for r in root.iter(f"{SVG}rect") if "les-bar" in (r.get("class") or "")]
    assert len(bars) == len(WEIGHTS)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "not a measurement" in texts
    for name in WEIGHTS:
        assert name in texts


def test_bar_width_follows_the_score():
    card = estimate(library_spec("alpha", ["reflection-loop"]))
    root = ET.fromstring(scorecard_svg(card, chart_id="c2"))
    bars = [r for r in root.iter(f"{SVG}rect") if "les-bar" in (r.get("class") or "")]
    tracks = [r for r in root.iter(f"{SVG}rect") if "les-track" in (r.get("class") or "")]
    for bar, track, category in zip(bars, tracks, card.categories.values(), strict=False):
        assert abs(float(bar.get("width")) - float(track.get("width")) * category.score) < 0.2


def test_hostile_name_is_escaped_text():
    card = estimate(library_spec("alpha", ["reflection-loop"]))
    svg = scorecard_svg(card, HOSTILE, chart_id='x" onload="alert(1)')
    root = ET.fromstring(svg)
    assert "<script" not in svg and root.find(f"{SVG}script") is None
    assert HOSTILE in root.find(f"{SVG}title").text
    assert all(not key.startswith("on") for element in root.iter() for key in element.attrib)


def test_chart_ids_are_the_same_for_the_same_chart_and_differ_between_charts():
    card = estimate(library_spec("alpha", ["reflection-loop"]))
    other = estimate(library_spec("beta", ["critique-loop"]))

    def ident(svg: str) -> str:
        return ET.fromstring(svg).find(f"{SVG}title").get("id")

    assert ident(scorecard_svg(card, "alpha")) == ident(scorecard_svg(card, "alpha"))   # a page renders the same
    assert ident(scorecard_svg(card, "alpha")) != ident(scorecard_svg(other, "beta"))
