"""The one door to docxtpl, Jinja2 and python-docx for making documents.

``_render`` fills a Word template (strict, escaped, sandboxed, fast); ``_analysis`` reads
what a template uses, for ``draftkit templates check``. Nothing else in draftkit imports
docxtpl or jinja2 (ruff enforces it).
"""

from ._analysis import (
    ITEM,
    TemplateAnalysis,
    TemplateFlaw,
    TemplateSpot,
    TemplateStatement,
    VariableUse,
    analyze_template,
)
from ._render import (
    CompiledTemplate,
    adapt_for_form,
    compile_template,
    make_environment,
    render_docx,
    render_docx_each,
)

__all__ = [
    "ITEM",
    "CompiledTemplate",
    "TemplateAnalysis",
    "TemplateFlaw",
    "TemplateSpot",
    "TemplateStatement",
    "VariableUse",
    "adapt_for_form",
    "analyze_template",
    "compile_template",
    "make_environment",
    "render_docx",
    "render_docx_each",
]
