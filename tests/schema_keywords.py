"""The validation keywords of a JSON Schema, with the annotations (descriptions, defaults, examples) removed."""

from __future__ import annotations

ANNOTATIONS = {"description", "default", "examples", "title", "$comment"}


def normalised(node):
    """``validation_only`` with every schema that is ``{}`` written as ``true``."""
    def walk(n, in_properties=False):
        if isinstance(n, dict):
            out = {}
            for k, v in n.items():
                if in_properties:
                    out[k] = walk(v)
                elif k in ANNOTATIONS:
                    continue
                elif k in ("properties", "$defs", "patternProperties", "dependentSchemas"):
                    out[k] = walk(v, in_properties=True)
                else:
                    out[k] = walk(v)
            return True if out == {} else out
        if isinstance(n, list):
            return [walk(v) for v in n]
        return n
    return walk(node)
