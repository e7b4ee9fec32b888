"""Effective formatting, resolved the way Word resolves it.

Word layers formatting: document defaults (``w:docDefaults``), then the table style, then
the paragraph style (with its ``basedOn`` chain), then the character style, then the run's
own properties. A checker that read only the run's XML would call a run "not bold" when its
paragraph style makes it bold, so every value here walks that chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from docx.oxml.ns import qn as _qn
from docx.oxml.xmlchemy import serialize_for_reading

# Clark names are looked up millions of times on a long document; compute each once.
qn = cache(_qn)

Element = Any  # an lxml element from python-docx; lxml ships no type information

# Values of a ``w:val`` that switch an on/off property off (ECMA-376 ST_OnOff).
_OFF = {"0", "false", "off", "none"}
# A run's characters below this code point use the ascii font slot, the rest hAnsi (for
# Vietnamese: letters with diacritics); ECMA-376 17.3.2.26.
ASCII_LIMIT = 0x80
TWIPS_PER_POINT = 20
TWIPS_PER_CM = 567.0
LINES_PER_AUTO = 240  # w:spacing/@w:line in "auto" rule is in 240ths of a line


@dataclass(frozen=True)
class FontSlot:
    """One rFonts slot: a font name, or a theme reference (which a theme change moves)."""

    name: str | None = None
    theme: str | None = None

    def label(self) -> str:
        if self.theme is not None:
            return f"phông theo chủ đề ({self.theme})"
        return self.name or "không đặt phông"


@dataclass(frozen=True)
class RunFormat:
    ascii: FontSlot
    hansi: FontSlot
    east_asia: FontSlot
    cs: FontSlot
    size: float | None  # points; None when nothing in the chain sets it
    bold: bool
    italic: bool
    underline: bool
    hidden: bool


@dataclass(frozen=True)
class ParaFormat:
    align: str  # left | center | right | justify
    first_line_cm: float  # negative for a hanging indent
    before_pt: float
    after_pt: float
    line_rule: str  # auto | exact | atLeast
    line_value: float  # auto: multiple of a line; exact/atLeast: points
    numbered: bool
    style_id: str | None = None
    contextual: bool = False  # no space between this and a neighbour of the same style


def on_off(element: Element | None) -> bool | None:
    if element is None:
        return None
    value = element.get(qn("w:val"))
    return value is None or value.lower() not in _OFF


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


_ALIGN = {
    "both": "justify",
    "distribute": "justify",
    "thaiDistribute": "justify",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "center": "center",
    "right": "right",
    "end": "right",
    "left": "left",
    "start": "left",
}


class StyleResolver:
    """Resolves paragraph and run formatting against one document's styles part."""

    def __init__(self, styles: Element | None) -> None:
        self._styles: dict[str, Element] = {}
        self._default: dict[str, str] = {}
        # Formats by what decides them: a long document repeats a few formats many times.
        self._run_cache: dict[tuple[str | None, str, str | None], RunFormat] = {}
        self._para_cache: dict[tuple[str, str | None], ParaFormat] = {}
        self._rpr_default: Element | None = None
        self._ppr_default: Element | None = None
        if styles is None:
            return
        for style in styles.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            kind = style.get(qn("w:type")) or "paragraph"
            if style_id is None:
                continue
            self._styles[style_id] = style
            if on_off(style.find(qn("w:default"))) or style.get(qn("w:default")) in ("1", "true"):
                self._default.setdefault(kind, style_id)
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is not None:
            self._rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            self._ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")

    # --- style chains ---------------------------------------------------------------

    def _chain(self, style_id: str | None, kind: str) -> list[Element]:
        """The style and its basedOn ancestors, nearest first; loops are cut."""
        if style_id is None or style_id not in self._styles:
            style_id = self._default.get(kind)
        chain: list[Element] = []
        seen: set[str] = set()
        while style_id is not None and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def paragraph_style_id(self, p: Element) -> str | None:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else None

    def _layers(self, p: Element, table_style: str | None) -> tuple[list[Element], list[Element]]:
        """Paragraph-style chain and table-style chain for a paragraph.

        ``table_style`` is None outside tables and "" in a table without its own style (the
        document's default table style then applies).
        """
        para = self._chain(self.paragraph_style_id(p), "paragraph")
        table = self._chain(table_style or None, "table") if table_style is not None else []
        return para, table

    @staticmethod
    def _props(styles: list[Element], tag: str) -> list[Element]:
        found = []
        for style in styles:
            props = style.find(qn(tag))
            if props is not None:
                found.append(props)
        return found

    # --- runs -----------------------------------------------------------------------

    def run_format(self, p: Element, r: Element, table_style: str | None) -> RunFormat:
        rpr = r.find(qn("w:rPr"))
        key = (
            self.paragraph_style_id(p),
            str(serialize_for_reading(rpr)) if rpr is not None else "",
            table_style,
        )
        cached = self._run_cache.get(key)
        if cached is None:
            cached = self._run_cache[key] = self._run_format(p, rpr, table_style)
        return cached

    def _run_format(self, p: Element, rpr: Element | None, table_style: str | None) -> RunFormat:
        para_chain, table_chain = self._layers(p, table_style)
        char_id = None
        if rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            char_id = rstyle.get(qn("w:val")) if rstyle is not None else None
        char_chain = self._chain(char_id, "character") if char_id else []
        direct = [rpr] if rpr is not None else []
        char_props = self._props(char_chain, "w:rPr")
        para_props = self._props(para_chain, "w:rPr")
        table_props = self._props(table_chain, "w:rPr")
        defaults = [self._rpr_default] if self._rpr_default is not None else []
        # Non-toggle properties: the nearest layer that sets a value wins.
        ordered = direct + char_props + para_props + table_props + defaults

        def slot(name: str) -> FontSlot:
            theme_attr = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme"}.get(
                name, "eastAsiaTheme" if name == "eastAsia" else "cstheme"
            )
            for props in ordered:
                fonts = props.find(qn("w:rFonts"))
                if fonts is None:
                    continue
                theme = fonts.get(qn(f"w:{theme_attr}"))
                if theme is not None:  # a theme reference outranks a name in the same element
                    return FontSlot(theme=theme)
                value = fonts.get(qn(f"w:{name}"))
                if value is not None:
                    return FontSlot(name=value)
            return FontSlot()

        size = None
        for props in ordered:
            sz = props.find(qn("w:sz"))
            value = _num(sz.get(qn("w:val"))) if sz is not None else None
            if value is not None:
                size = value / 2
                break
        underline = False
        for props in ordered:
            u = props.find(qn("w:u"))
            if u is not None:
                underline = (u.get(qn("w:val")) or "single") != "none"
                break

        def toggle(tag: str) -> bool:
            # Direct formatting sets the value outright; in styles b/i are toggle properties
            # (ECMA-376 17.7.3): each style layer that turns one on flips what lies below.
            for props in direct:
                value = on_off(props.find(qn(tag)))
                if value is not None:
                    return value
            result = (
                bool(on_off(self._rpr_default.find(qn(tag))))
                if self._rpr_default is not None
                else False
            )
            for layer in (table_props, para_props, char_props):
                value = None
                for props in layer:  # nearest style in the basedOn chain wins within a layer
                    value = on_off(props.find(qn(tag)))
                    if value is not None:
                        break
                if value:
                    result = not result
            return result

        hidden = False
        for props in ordered:
            value = on_off(props.find(qn("w:vanish")))
            if value is not None:
                hidden = value
                break
        return RunFormat(
            ascii=slot("ascii"),
            hansi=slot("hAnsi"),
            east_asia=slot("eastAsia"),
            cs=slot("cs"),
            size=size,
            bold=toggle("w:b"),
            italic=toggle("w:i"),
            underline=underline,
            hidden=hidden,
        )

    # --- paragraphs -----------------------------------------------------------------

    def para_format(self, p: Element, table_style: str | None) -> ParaFormat:
        ppr = p.find(qn("w:pPr"))
        key = (str(serialize_for_reading(ppr)) if ppr is not None else "", table_style)
        cached = self._para_cache.get(key)
        if cached is None:
            cached = self._para_cache[key] = self._para_format(p, ppr, table_style)
        return cached

    def _para_format(self, p: Element, ppr: Element | None, table_style: str | None) -> ParaFormat:
        para_chain, table_chain = self._layers(p, table_style)
        ordered = ([ppr] if ppr is not None else []) + self._props(para_chain, "w:pPr")
        ordered += self._props(table_chain, "w:pPr")
        if self._ppr_default is not None:
            ordered.append(self._ppr_default)

        def attr(tag: str, *names: str) -> str | None:
            for props in ordered:
                element = props.find(qn(tag))
                if element is None:
                    continue
                for name in names:
                    value = element.get(qn(f"w:{name}"))
                    if value is not None:
                        return str(value)
            return None

        jc = attr("w:jc", "val")
        align = _ALIGN.get(jc or "left", "left")
        first_line = 0.0
        for props in ordered:
            ind = props.find(qn("w:ind"))
            if ind is None:
                continue
            hanging = _num(ind.get(qn("w:hanging")))
            first = _num(ind.get(qn("w:firstLine")))
            if hanging is not None:
                first_line = -hanging / TWIPS_PER_CM
                break
            if first is not None:
                first_line = first / TWIPS_PER_CM
                break

        def spacing(side: str) -> float:
            for props in ordered:
                element = props.find(qn("w:spacing"))
                if element is None:
                    continue
                if on_off_attr(element.get(qn(f"w:{side}Autospacing"))):
                    return AUTO_SPACING_PT
                value = _num(element.get(qn(f"w:{side}")))
                if value is not None:
                    return value / TWIPS_PER_POINT
            return 0.0

        line = _num(attr("w:spacing", "line"))
        rule = attr("w:spacing", "lineRule") or "auto"
        if line is None:
            rule, value = "auto", 1.0
        elif rule == "auto":
            value = line / LINES_PER_AUTO
        else:
            value = line / TWIPS_PER_POINT
        numbered = False
        for props in ordered:
            num = props.find(qn("w:numPr"))
            if num is not None:
                num_id = num.find(qn("w:numId"))
                # numId 0 is how a paragraph switches off its style's numbering.
                numbered = num_id is None or num_id.get(qn("w:val")) != "0"
                break
        return ParaFormat(
            align=align,
            first_line_cm=first_line,
            before_pt=spacing("before"),
            after_pt=spacing("after"),
            line_rule=rule if rule in ("exact", "atLeast") else "auto",
            line_value=value,
            numbered=numbered,
            style_id=self.paragraph_style_id(p),
            contextual=next(
                (
                    bool(on_off(props.find(qn("w:contextualSpacing"))))
                    for props in ordered
                    if props.find(qn("w:contextualSpacing")) is not None
                ),
                False,
            ),
        )


# Word's "auto" paragraph spacing (HTML-style), 14 pt before and after.
AUTO_SPACING_PT = 14.0


def on_off_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF
