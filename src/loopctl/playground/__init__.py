"""The playground: the same engine as the CLI, run in the reader's browser by Pyodide.

``analysis`` is what the browser's Web Worker calls; ``bundle`` builds the
Python bundle and the page's data and lists the files the site publishes;
``rpds_standin`` replaces the compiled ``rpds`` that Pyodide cannot install.
"""
