"""The built site says what the content plan and the engine say: pages, links, generated tables, schemas.

The real site is built once (``mkdocs build --strict``) and read as HTML with
the standard library. Expectations come from the engine (``classify``,
``WEIGHTS``, ``loopctl schema``), from the spec files, and from the content
plan's fixed lists (pattern slugs, the patterns each case study uses).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache

import pytest
import yaml

from conftest_site import (
    PATTERN_SLUGS,
    REPO,
    built_site,
    page_url,
    parse_html,
    prose,
    section,
    site_path,
    source_pages,
    spec_sources,
    spec_url,
    tables,
)
from loopctl import level
from loopctl.score import WEIGHTS
from loopctl.validate import SpecStore

pytestmark = pytest.mark.site

# The content plan: the patterns each case study uses (case-studies/<slug>.yaml, metadata.patterns).
CASE_STUDY_PATTERNS = {
    "alphago-self-play": {"exploration-loop", "optimization-loop", "simulation-loop"},
    "toyota-production-system": {"human-in-the-loop", "verification-loop", "safety-constrained-loop"},
    "pull-request-review": {"critique-loop", "verification-loop", "human-in-the-loop"},
    "autonomous-coding-agents": {"verification-loop", "reflection-loop", "planning-loop"},
    "terminal-coding-agent": {"planning-loop", "verification-loop", "safety-constrained-loop", "human-in-the-loop"},
    "ide-coding-agent": {"reflection-loop", "verification-loop", "human-in-the-loop"},
    "deep-research-agents": {"research-loop", "planning-loop", "critique-loop"},
    "scientific-peer-review": {"critique-loop", "debate-loop", "human-in-the-loop"},
    "iterative-rocket-development": {"simulation-loop", "exploration-loop", "optimization-loop"},
    "startup-product-market-fit": {"exploration-loop", "research-loop", "optimization-loop"},
    "langgraph-bridge": {"multi-agent-coordination", "planning-loop", "memory-augmented-loop"},
    "crewai-bridge": {"multi-agent-coordination", "critique-loop"},
}
HOSTS_THAT_LOAD = {"script": "src", "img": "src", "link": "href", "iframe": "src", "source": "src",
                   "embed": "src", "video": "src", "audio": "src", "object": "data"}
# <link rel> values that name a URL without fetching it.
NON_FETCHING_RELS = {"canonical"}


@pytest.fixture(scope="module")
def site():
    return built_site()


@cache
def verdicts() -> dict[str, level.LevelVerdict]:
    """The classifier's verdict for every valid spec of the content folders, by repository path."""
    store = SpecStore(root=REPO, display_base=REPO)
    found = {}
    for source in spec_sources():
        result = store.validate(REPO / source)
        if result.valid and result.document is not None:
            found[source] = level.classify(result.document.data, level.child_loader(store, result.document))
    return found


def spec_data(source: str) -> dict:
    return yaml.safe_load((REPO / source).read_text(encoding="utf-8"))


def case_studies() -> list[str]:
    return sorted(p.stem for p in (REPO / "case-studies").glob("*.yaml"))


# --------------------------------------------------------------------------- patterns


@pytest.mark.parametrize("slug", PATTERN_SLUGS)
def test_pattern_has_spec_file_generated_diagram_and_scorecard(site, slug):
    assert (REPO / "patterns" / f"{slug}.yaml").is_file(), f"patterns/{slug}.yaml is missing"
    assert (site.root / "patterns" / f"{slug}.yaml").is_file(), f"the site does not serve patterns/{slug}.yaml"
    url = f"patterns/{slug}/"
    assert url in site.pages, f"no page at {url}"
    article = site.article(url)
    # A diagram left to the browser is a "mermaid" block; one drawn at build time is a "loop-drawn" one.
    diagrams = [n for n in article.iter() if {"mermaid", "loop-drawn"} & set(n.classes())]
    # Generated diagrams carry the renderer's node classes (in the source, or on the nodes of a drawing made
    # at build time); a hand-drawn one does not count.
    generated = [d for d in diagrams
                 if "classDef worker" in d.text() or any("worker" in n.classes() for n in d.iter() if n.tag == "g")]
    assert generated, f"{url}: no generated diagram (a mermaid or loop-drawn block from the spec)"
    charts = [svg for svg in article.find_all("svg") if "les-chart" in svg.classes()]
    assert charts, f"{url}: no inline SVG scorecard (svg.les-chart)"


# --------------------------------------------------------------------------- levels and compositions


def test_every_spec_is_valid_and_declares_the_level_the_classifier_gives():
    sources = spec_sources()
    assert sources, "no spec found in the content folders"
    invalid = sorted(set(sources) - set(verdicts()))
    assert not invalid, f"specs with errors: {invalid}"
    wrong = {s: (v.declared, v.level) for s, v in verdicts().items() if v.agrees is not True}
    assert not wrong, f"declared vs classified level (spec: (declared, classified)): {wrong}"


@pytest.mark.parametrize("wanted", range(1, 7))
def test_every_level_has_a_loop_library_spec(wanted):
    library = {s: v.level for s, v in verdicts().items() if s.startswith("loop-library/")}
    assert wanted in library.values(), (f"no loop-library spec is classified at level {wanted}; "
                                        f"levels found: {sorted(library.items(), key=lambda item: item[1])}")


def test_compositions_cover_sequential_nested_and_parallel():
    types = {}
    for path in sorted((REPO / "loop-library" / "compositions").glob("*.yaml")):
        composition = spec_data(path.relative_to(REPO).as_posix()).get("composition") or {}
        types.setdefault(composition.get("type"), []).append(path.stem)
    missing = {"sequential", "nested", "parallel"} - set(types)
    assert not missing, f"composition types missing from loop-library/compositions: {missing}; found {types}"


# --------------------------------------------------------------------------- case studies and patterns


@pytest.mark.parametrize("slug", sorted(CASE_STUDY_PATTERNS))
def test_case_study_lists_the_planned_patterns(slug):
    listed = spec_data(f"case-studies/{slug}.yaml").get("metadata", {}).get("patterns", [])
    assert set(listed) == CASE_STUDY_PATTERNS[slug], f"case-studies/{slug}.yaml metadata.patterns: {listed}"


@pytest.mark.parametrize("slug", case_studies())
def test_case_study_prose_links_every_pattern_it_lists(site, slug):
    url = f"case-studies/{slug}/"
    listed = spec_data(f"case-studies/{slug}.yaml").get("metadata", {}).get("patterns", [])
    # The generated summary links the patterns anyway; the author's text must do it too.
    linked = site.linked_pages(url, prose(site.article(url)))
    missing = [p for p in listed if f"patterns/{p}/" not in linked]
    assert not missing, f"{url}: the case study's text does not link the patterns it lists: {missing}"


@pytest.mark.parametrize("pattern", PATTERN_SLUGS)
def test_pattern_known_uses_link_back_to_every_case_study_using_it(site, pattern):
    url = f"patterns/{pattern}/"
    listing = {s for s in case_studies()
               if pattern in spec_data(f"case-studies/{s}.yaml").get("metadata", {}).get("patterns", [])}
    linking = {s for s in case_studies()
               if url in site.linked_pages(f"case-studies/{s}/", site.article(f"case-studies/{s}/"))}
    expected = listing | linking
    known_uses = section(site.article(url), "known-uses")
    assert known_uses is not None, f"{url}: no 'Known uses' section (h2 id=known-uses)"
    scope_links = set()
    for node in known_uses:
        scope_links |= site.linked_pages(url, node)
    missing = sorted(s for s in expected if f"case-studies/{s}/" not in scope_links)
    assert not missing, (f"{url}: 'Known uses' does not link these case studies, which list or link the pattern: "
                         f"{missing}")


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("source", source_pages())
def test_page_links_to_at_least_two_other_pages(site, source):
    url = page_url(site_path(source))
    assert url in site.pages, f"{source} is not published at {url or '(home)'}"
    # On a spec's page only the author's part counts: the generated parts always link the spec's neighbours.
    others = site.linked_pages(url, prose(site.article(url)))
    assert len(others) >= 2, f"{source} ({url}) links to {len(others)} other page(s) in its text: {sorted(others)}"


def test_no_page_is_an_orphan(site):
    incoming: dict[str, set[str]] = {url: set() for url in site.pages}
    for url in site.pages:
        for target in site.linked_pages(url):       # the whole page: nav, content, footer
            incoming.setdefault(target, set()).add(url)
    orphans = sorted(url for url, sources in incoming.items() if not sources)
    assert not orphans, f"pages no other page (nor the nav) links to: {orphans}"


def test_content_links_reach_existing_pages_and_headings(site):
    broken = []
    for url in sorted(site.pages):
        for link in site.links(url, site.article(url)):
            if link.path is None:
                continue
            if not site.exists(link.path):
                broken.append(f"{url or '(home)'}: {link.href} -> /{link.path} does not exist")
                continue
            target = site.page_of(link.path)
            if link.fragment and target is not None and link.fragment not in site.ids(target):
                broken.append(f"{url or '(home)'}: {link.href} -> no id {link.fragment!r} on /{target}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_no_page_loads_anything_from_another_host(site):
    offending = []
    for url in [*sorted(site.pages), "404.html"]:
        tree = site.tree(url) if url in site.pages else parse_html((site.root / url).read_text(encoding="utf-8"))
        for node in tree.iter():
            attribute = HOSTS_THAT_LOAD.get(node.tag)
            if attribute is None or attribute not in node.attrs:
                continue
            if node.tag == "link" and set(node.attrs.get("rel", "").split()) & NON_FETCHING_RELS:
                continue
            value = node.attrs[attribute]
            if re.match(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)", value) and not value.startswith("data:"):
                offending.append(f"{url or '(home)'}: <{node.tag} {attribute}={value!r}>")
    assert not offending, "resources from another host:\n" + "\n".join(offending)


# --------------------------------------------------------------------------- generated tables


def test_measure_page_shows_the_engine_weights(site):
    url = "framework/measure/"
    found = {}
    for table in tables(site.article(url)):
        for row in table:
            if len(row) >= 2 and row[0] in WEIGHTS:
                try:
                    found[row[0]] = float(row[1])
                except ValueError:
                    continue
    assert set(found) == set(WEIGHTS), f"{url}: weight rows for {sorted(found)}, expected {list(WEIGHTS)}"
    wrong = {name: (found[name], weight) for name, weight in WEIGHTS.items() if abs(found[name] - weight) > 1e-9}
    assert not wrong, f"{url}: weights differ from loopctl.score.WEIGHTS (page, engine): {wrong}"


@pytest.mark.parametrize("wanted", range(1, 7))
def test_taxonomy_level_page_lists_exactly_the_classified_specs(site, wanted):
    url = f"taxonomy/level-{wanted}/"
    article = site.article(url)
    listed = set()
    # The generated list: one item per spec, a link and a nested list of the classifier's reasons ("L3 ...").
    for item in article.find_all("li"):
        nested = [c for c in item.element_children() if c.tag == "ul"]
        anchors = [c for c in item.element_children() if c.tag == "a"]
        if not nested or not anchors:
            continue
        reasons = [li.text().strip() for li in nested[0].element_children() if li.tag == "li"]
        if reasons and all(re.match(r"^L[1-6] ", r) for r in reasons):
            listed.add(site.page_of(site.resolve(url, anchors[0].attrs.get("href", ""))[0]))
    expected = {spec_url(s) for s, v in verdicts().items() if v.level == wanted}
    assert listed == expected, (f"{url}: listed but not classified at {wanted}: {sorted(listed - expected)}; "
                                f"classified at {wanted} but not listed: {sorted(expected - listed)}")


def test_diagnose_page_lists_failure_codes_f1_to_f12(site):
    url = "framework/diagnose/"
    wanted = [f"F{n}" for n in range(1, 13)]
    candidates = [[row[0] for row in table[1:] if row] for table in tables(site.article(url))]
    assert any(codes == wanted for codes in candidates), (
        f"{url}: no table lists exactly F1..F12 in order; first columns found: {candidates}")


# --------------------------------------------------------------------------- schemas


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_schema_is_served_and_equals_loopctl_schema(site, version):
    served = site.root / "schema" / f"lss-{version}.json"
    assert served.is_file(), f"the site does not serve schema/lss-{version}.json"
    printed = subprocess.run([sys.executable, "-m", "loopctl", "schema", "--lss", version],
                             capture_output=True, text=True, timeout=60, check=True).stdout
    text = served.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(printed), f"schema/lss-{version}.json differs from `loopctl schema`"
    assert text.strip() == printed.strip(), f"schema/lss-{version}.json is not byte-identical to `loopctl schema`"


# --------------------------------------------------------------------------- derived numbers and definitions


def _path_totals(scope) -> dict[str, str]:
    """Path name -> total time from the paths table of a page."""
    for table in tables(scope):
        if table and table[0][:3] == ["path", "for", "time"]:
            return {row[0]: row[2] for row in table[1:]}
    return {}


def test_home_and_onboarding_give_the_same_path_times(site):
    from loopctl.render.reading import format_minutes, load_paths
    home, onboarding = _path_totals(site.article("")), _path_totals(site.article("onboarding/"))
    expected = {path.title: format_minutes(path.minutes) for path in load_paths(REPO).values()}
    assert home == onboarding == expected


def test_fundamentals_index_gives_each_page_the_time_the_onboarding_paths_use(site):
    from loopctl.render.reading import format_minutes, page_minutes
    rows = [row for table in tables(site.article("fundamentals/")) for row in table
            if len(row) >= 4 and row[0].isdigit()]
    assert len(rows) == 13
    for row in rows:
        page = next(p for p in (REPO / "docs/fundamentals").glob("*.md")
                    if p.read_text(encoding="utf-8").startswith(f"# {row[1]}\n"))
        assert row[3] == format_minutes(page_minutes(REPO, f"fundamentals/{page.name}")), row


def test_home_page_counts_are_the_catalog_counts(site):
    text = " ".join(site.article("").text().split())
    library = len([s for s in spec_sources() if s.startswith("loop-library/") and "/compositions/" not in s])
    patterns = len([s for s in spec_sources() if s.startswith("patterns/")])
    assert f"{patterns} reusable loop shapes" in text and f"{library} complete LSS specs" in text


@pytest.mark.parametrize("url", ["", "fundamentals/what-is-a-loop/", "reference/"])
def test_the_tuple_table_is_the_same_wherever_it_appears(site, url):
    table = next(t for t in tables(site.article(url)) if t and t[0][:3] == ["symbol", "element", "definition"])
    reference = next(t for t in tables(site.article("")) if t and t[0][:3] == ["symbol", "element", "definition"])
    assert table == reference and [row[0] for row in table[1:]] == ["S", "A", "O", "T", "E", "M", "τ"]


def test_no_page_defines_observation_as_what_comes_back(site):
    wrong = [url for url in site.pages if "what comes back from the world" in site.article(url).text()]
    assert wrong == []
