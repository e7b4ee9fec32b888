"""Parts every document shares: the header block, the signature block, Nơi nhận.

Pure functions from a validated model and its rule set to the strings a template prints.
"""

from __future__ import annotations

from typing import Any

from .models import DocumentData
from .rules import RuleSet, signing_form
from .wording import agency_lines, document_number, place_date, recipient_lines, upper_vi


def header_context(data: DocumentData, doc_code: str, rules: RuleSet) -> dict[str, Any]:
    """Variables of the two-column header: agencies on the left, date on the right.

    The agency names are printed in capitals whatever the case typed (NĐ 30 Phụ lục I
    ô 2, HD 36): "Ủy ban nhân dân huyện Ngọc Lặc" prints "ỦY BAN NHÂN DÂN / HUYỆN NGỌC LẶC".
    """
    return {
        "style": data.style,
        "parent_body": agency_lines(upper_vi(data.issuer.parent)) if data.issuer.parent else "",
        "issuer_name": agency_lines(upper_vi(data.issuer.name)),
        "number_line": document_number(data.style, data.number, doc_code, data.issuer.code),
        "place_date": place_date(data.issuer.place, data.date),
        "rules": rules.id,
    }


def signature_context(data: DocumentData) -> dict[str, Any]:
    """The signature block: the authority line ("TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ")
    in its style's form and in capitals whatever was typed, the signer's title in capitals;
    the name as typed. "T/M" typed in a state document prints "TM." (render warns)."""
    authority = data.signer.authority
    if authority:
        authority = upper_vi(signing_form(authority, data.style, data.date) or authority)
    return {
        "signer_authority": authority or "",
        "signer_title": upper_vi(data.signer.title),
        "signer_name": data.signer.name,
        "recipients": recipient_lines(list(data.recipients)),
    }


def with_ending(text: str, ending: str) -> str:
    """Close the text of a document the official way ("./." or "."), once."""
    stripped = text.rstrip()
    if stripped.endswith(ending):
        return stripped
    # A sentence already closed with "." or ":" takes the marker after that character:
    # "... như sau." + "/." reads "như sau./." as the decree's samples do.
    if ending == "./." and stripped.endswith("."):
        return stripped + "/."
    if ending == "." and stripped.endswith((".", "!", "?")):
        return stripped
    return stripped.rstrip(";,:") + ending
