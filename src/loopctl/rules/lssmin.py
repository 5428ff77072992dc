"""Rules that only LSS-min input can break, registered so that ``--list-rules`` and the README document them.

The check itself lives in ``lssmin.expand`` (it runs while decoding, before
any spec exists); ``SpecStore`` turns its ``ExpandError`` into a diagnostic
under this id.
"""

from loopctl.rules import ERROR, FILE, Rule

MALFORMED = "lean.malformed"

RULES = (
    Rule(MALFORMED, ERROR,
         "An LSS-min file decodes: JSON with the format marker, known short keys, values of the right type, "
         "finite numbers, nesting within the limit.",
         "LSS-min is written by loopctl minify; a hand-edited file that does not decode cannot stand for "
         "any spec, so it is refused where it goes wrong instead of expanding to garbage.",
         '{"~v": 1, "zz": 1}', scope="load", example_form=FILE),
)
