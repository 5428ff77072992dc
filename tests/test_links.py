"""Rule URLs point at anchors the rules page really has, on the site mkdocs.yml publishes."""

from __future__ import annotations

import inspect
import re

import markdown

from conftest import REPO
from loopctl import links
from loopctl.render.reference import SCHEMA_URL, rules_reference
from loopctl.rules.registry import all_rules


def test_the_site_url_is_the_one_mkdocs_yml_publishes():
    found = re.search(r"^site_url:\s*(\S+)\s*$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert found and found.group(1) == links.SITE_URL
    assert SCHEMA_URL.format(version="1.1") == links.schema_url("1.1")


def test_the_rules_page_is_generated_where_the_urls_point():
    from loopctl.site import build
    assert f'"{links.RULES_PAGE.rstrip("/")}.md"' in inspect.getsource(build)


def test_every_rule_heading_renders_with_the_anchor_its_url_names():
    html = markdown.markdown(rules_reference(all_rules()), extensions=["attr_list", "toc"])
    ids = set(re.findall(r'<h3 id="([^"]+)"', html))
    for rule in all_rules():
        anchor = links.rule_url(rule.id).split("#", 1)[1]
        assert anchor in ids, rule.id


def test_anchors_are_distinct_and_made_of_safe_characters():
    anchors = [links.rule_anchor(r.id) for r in all_rules()]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"rule-[a-z0-9_-]+", a) for a in anchors)
    assert links.rule_anchor("fail.open_loop") == "rule-fail-open_loop"
