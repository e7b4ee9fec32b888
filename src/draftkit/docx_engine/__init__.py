"""The one door to docxtpl, Jinja2 and python-docx for making documents.

``_render`` fills a Word template (strict, escaped, sandboxed, fast); ``_analysis`` reads
what a template uses, for ``draftkit templates check``. Nothing else in draftkit imports
docxtpl or jinja2 (ruff enforces it).
"""

from typing import TYPE_CHECKING, Any

from ._render import (
    CompiledTemplate,
    adapt_for_form,
    compile_template,
    docx_maker,
    make_environment,
    render_docx,
    render_docx_each,
    template_notices,
)

if TYPE_CHECKING:
    from ._analysis import (
        ITEM,
        TemplateAnalysis,
        TemplateFlaw,
        TemplateSpot,
        TemplateStatement,
        VariableUse,
        analyze_template,
    )

_ANALYSIS = {
    "ITEM",
    "TemplateAnalysis",
    "TemplateFlaw",
    "TemplateSpot",
    "TemplateStatement",
    "VariableUse",
    "analyze_template",
}


def __getattr__(name: str) -> Any:
    # Template analysis is for `templates check`; rendering should not pay for its import.
    if name in _ANALYSIS:
        from . import _analysis

        return getattr(_analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "docx_maker",
    "make_environment",
    "render_docx",
    "render_docx_each",
    "template_notices",
]
