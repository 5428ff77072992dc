"""Where things live on the published site: the site's address, each rule's entry, each schema.

``SITE_URL`` must equal ``site_url`` in ``mkdocs.yml`` (``tests/test_links.py``
checks it). A rule's anchor is stable: it is derived from the rule id alone,
and the rules reference page gives every heading exactly this anchor.
"""

from __future__ import annotations

import re

SITE_URL = "https://loop-engineering.github.io/loop-engineering/"
RULES_PAGE = "reference/rules/"


def rule_anchor(rule_id: str) -> str:
    """Return the HTML id of a rule's heading: ``rule-`` and the id with anything but ``[a-z0-9_-]`` as ``-``."""
    return "rule-" + re.sub(r"[^a-z0-9_-]", "-", rule_id.lower())


def rule_url(rule_id: str) -> str:
    """Return the address of a rule's entry on the published rules reference page."""
    return f"{SITE_URL}{RULES_PAGE}#{rule_anchor(rule_id)}"


def schema_url(version: str) -> str:
    """Return the address of the published JSON Schema of an LSS version (for the modeline)."""
    return f"{SITE_URL}schema/lss-{version}.json"
