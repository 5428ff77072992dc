"""Is this YAML or JSON file an LSS spec at all? For hooks that see every YAML and JSON file of a repository.

An LSS spec is a mapping with ``loop_name`` and ``version``; an LSS-min file
is a JSON object with the format marker. A file that does not parse counts as
a spec when a ``loop_name`` key starts one of its lines at the left margin, so a
broken spec is still reported rather than skipped.
"""

from __future__ import annotations

import re

from loopctl.loader import LoadLimits, load_bytes
from loopctl.lssmin.keys import FORMAT_KEY

_TOP_LOOP_NAME = re.compile(r"""^["']?loop_name["']?\s*:""", re.MULTILINE)


def is_lss_text(text: str, is_json: bool, limits: LoadLimits | None = None) -> bool:
    """True when ``text`` is an LSS spec or an LSS-min file (see the module docstring)."""
    document, _ = load_bytes(text.encode("utf-8", errors="surrogatepass"), "<probe>", limits or LoadLimits(),
                             is_json=is_json)
    if document is None:
        return bool(_TOP_LOOP_NAME.search(text)) or FORMAT_KEY in text
    data = document.data
    return isinstance(data, dict) and (("loop_name" in data and "version" in data) or FORMAT_KEY in data)
