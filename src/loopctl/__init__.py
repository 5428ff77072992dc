"""loopctl: load, validate, score, classify and draw LSS loop specifications.

Data flows one way: files become positioned documents, documents become
diagnostics, valid specs are analysed and transformed, results are rendered
to text, the site arranges rendered text into pages, and the command line and
the MkDocs hooks sit outside it all. Each unit (a top-level module or
subpackage) belongs to one layer; a unit may import units of its own layer or
of a lower one, never of a higher one, and no two units import each other.
``tests/test_architecture.py`` reads the list below and enforces it.

Layers, lowest first:

1. core: config, diagnostics, escape, finite, graph, inputs, junit, layout, links, loader, lssmin, model, report, sarif, yaml_syntax
2. validation: discovery, policy, recognise, schema, rules, suppress, validate
3. analysis: diff, level, observed, results, score
4. transforms: lean, scaffold
5. render: render
6. site: playground, site
7. cli: cli, __main__

``core`` holds the records and the boundaries: the ``Diagnostic`` type and
its formatters (``report``), escaping for every output (``escape``), the
safe loader, the spec view (``model``) and its worker graph (``graph``), and
the repository layout. Nothing in the package imports MkDocs; ``hooks/``
adapts ``site`` to MkDocs and is the only other importer of ``cli``.
"""

__version__ = "0.1.0"
