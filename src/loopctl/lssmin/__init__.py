"""LSS-min, the lossless compact JSON form of an LSS spec: a serialization, like YAML or JSON.

- ``keys``: the published key table (long key <-> short code) and the key codec.
- ``refs``: the reference-prefix codec (``workers.x`` <-> ``w.x``).
- ``shape``: where in a spec each structural saving applies, and the defaults the standard implies.
- ``factor``: per-list defaults: values repeated across workers, evaluators and other lists.
- ``minify`` / ``expand``: spec <-> LSS-min; ``expand`` refuses malformed input with a located error.
- ``locate``: map a pointer into the expanded spec back to the LSS-min text, for diagnostics.

It sits in the core layer so that the loader's callers (``validate``) can read
LSS-min wherever they read YAML; the transforms built on it live in ``lean``.
"""
