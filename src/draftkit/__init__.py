"""draftkit: Vietnamese year-end documents (reports, commendations) in the official format.

The library API is plain functions: :func:`draftkit.pipeline.render_file` renders a data
file; the command line (:mod:`draftkit.cli`) is a thin layer over it.
"""

__version__ = "0.1.0"
