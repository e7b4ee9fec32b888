"""``draftkit new-awards``: a commendation round (decision, attached list, certificates).

Most sections are asked by the generic engine from :class:`draftkit.models.AwardsData`.
What is asked here: the order of the sections (a Party decision adds its "Căn cứ" lines,
an award without a money rule adds the money), the suggested authority and recipients,
and the awardees (:mod:`.awardees_step`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from draftkit.awards import (
    Amounts,
    advisories,
    amounts,
    bases_lines,
    executor_lines,
    resolve_awardees,
)
from draftkit.errors import InputError
from draftkit.models import Awardee, AwardsData, DocumentData, Money
from draftkit.pipeline import RenderResult
from draftkit.wording import money_figure, unit_of

from .awardees_step import AwardeesStep
from .engine import Interview
from .fields import revive
from .review import add_field
from .session import DocumentKind, Questions, run_interview
from .terminal import Reader

__all__ = [
    "AWARDS",
    "AWARDS_ASKED",
    "SUGGESTED_RECIPIENTS",
    "run_new_awards",
    "suggested_authority",
]

# The order a clerk fills in a decision: who issues it, its number and date, who decides,
# what and why, on whose proposal, for whom, then who signs and who receives it.
AWARDS_ASKED: tuple[str, ...] = (
    "style",
    "issuer",
    "number",
    "date",
    "authority",
    "award",
    "reason",
    "proposal",
    "awardees",
    "order",
    "signer",
    "recipients",
)
# Sections with a sensible default (from the rules in force on the date): not asked,
# but shown in the review, where any of them can be set.
AWARDS_OPTIONAL: tuple[str, ...] = ("subject", "bases", "level", "money", "fund", "executors", "certificate")

AWARDS = DocumentKind(
    document="awards",
    model=AwardsData,
    order=AWARDS_ASKED + AWARDS_OPTIONAL,
    command="new-awards",
    default_stem="khen-thuong",
    intro="Soạn đợt khen thưởng: quyết định, danh sách kèm theo và giấy khen.",
    review_title="Xem lại đợt khen thưởng",
    suffixes=("-quyet-dinh", "-danh-sach", "-giay-khen"),
)

SUGGESTED_RECIPIENTS: tuple[str, ...] = ("Như Điều 3", "Lưu: VT, NV")

def suggested_authority(issuer: Any, style: Any) -> str | None:
    """"CHỦ TỊCH ỦY BAN NHÂN DÂN " + the issuer's unit, for a state decision.

    The unit is read from the issuer's name, else from its parent body (a Phòng of the
    district proposes, but the district's chairman decides). A Party decision is decided
    by a standing committee whose wording varies: nothing is suggested.
    """
    if style == "party" or not isinstance(issuer, dict):
        return None
    for key in ("name", "parent"):
        text = issuer.get(key)
        found = unit_of(text) if isinstance(text, str) else None
        if found:
            return f"CHỦ TỊCH ỦY BAN NHÂN DÂN {found[1]}"
    return None


class AwardsQuestions(Questions):
    """The sections of a commendation round that the generic engine cannot ask well."""

    def __init__(
        self,
        kind: DocumentKind,
        interview: Interview,
        out_dir: Path,
        profile: Mapping[str, Any],
        cwd: Path | None = None,
    ) -> None:
        super().__init__(kind, interview, out_dir, profile)
        self.awardees = AwardeesStep(interview, out_dir, self._amounts, cwd)

    # --- which sections, in which order

    def asked(self) -> tuple[str, ...]:
        order = list(AWARDS_ASKED)
        if self.answers.get("style") == "party" or self._default_missing(bases_lines):
            # A Party decision (or a doanh nghiệp's) has no default "Căn cứ" lines: they
            # must be written out.
            order.insert(order.index("proposal"), "bases")
        if self._amounts_problem() is not None:
            # No rule gives the money (Party style, an award other than Giấy khen, a
            # doanh nghiệp's Giấy khen): ask for it before the list, whose table shows it.
            order.insert(order.index("awardees"), "money")
        if self._default_missing(executor_lines):
            order.insert(order.index("signer"), "executors")
        return tuple(order)

    def _default_missing(self, default: Callable[[AwardsData], object]) -> bool:
        """Whether the rules have no default for what ``default`` builds, from the answers so far."""
        model = self._money_model()
        if model is None:
            return False
        try:
            default(model)
        except InputError:
            return True
        return False

    def ask(self, name: str) -> None:
        if name == "awardees":
            self.awardees.ask()
            return
        super().ask(name)
        if name in ("bases", "executors"):
            # Kept exactly as the default: left to the rules, so the file follows them.
            from draftkit.preview import awards_defaults

            model = self._money_model()
            if model is not None and self.answers.get(name) == awards_defaults(
                model.model_copy(update={name: None})
            ).get(name):
                self.answers[name] = None
                self.interview.save()
        elif name == "money" and self.answers.get("money") == self._rule_money():
            # Likewise: the amounts the rules give stay the rules' (and follow a new date).
            self.answers["money"] = None
            self.interview.save()

    def prefill(self, name: str) -> None:
        answers = self.answers
        if name in answers:
            return
        if name == "authority":
            suggestion = suggested_authority(answers.get("issuer"), answers.get("style"))
            if suggestion is not None:
                answers[name] = suggestion
        elif name in ("bases", "executors"):
            # Opened from the review: the default lines, to change rather than retype.
            from draftkit.preview import awards_defaults

            model = self._money_model()
            default = awards_defaults(model).get(name) if model is not None else None
            if default:
                answers[name] = default
        elif name == "money":
            # Opened from the review: the amounts the rules give, to keep (Enter) or change.
            rule_money = self._rule_money()
            if rule_money is not None:
                answers[name] = rule_money
        elif name == "recipients":
            usual = list(self.profile.get("recipients") or [])
            if usual:
                # The office's usual recipients, but a decision always goes to its executors.
                answers[name] = usual if "Như Điều 3" in usual else ["Như Điều 3", *usual]
            else:
                answers[name] = list(SUGGESTED_RECIPIENTS)
        else:
            super().prefill(name)

    def profile_values(self) -> dict[str, Any]:
        values = super().profile_values()
        # "Như Điều 3" only means something in a decision; the report would inherit it.
        usual = [r for r in values.get("recipients", []) if r != "Như Điều 3"]
        if usual:
            values["recipients"] = usual
        else:
            values.pop("recipients", None)
        return values

    # --- loading, checking, rendering

    def move_to(self, out_dir: Path) -> str | None:
        listed = self.answers.get("awardees")
        if isinstance(listed, str):
            # The data file names the spreadsheet relative to its folder.
            return (
                f"Danh sách đọc từ tệp {listed} trong thư mục {self.out_dir}: ghi vào thư mục khác thì "
                "tệp dữ liệu không tìm thấy danh sách. Chọn tên khác (1) hoặc ghi đè (3)."
            )
        self.out_dir = out_dir
        self.awardees.out_dir = out_dir
        return None

    def adopt(self, data: dict[str, Any], source_dir: Path) -> dict[str, Any]:
        listed = data.get("awardees")
        answers = revive(AwardsData, {k: v for k, v in data.items() if k != "awardees"})
        if isinstance(listed, str) and listed.strip():
            # Named relative to the file it came from; the new file is in out_dir. One
            # outside out_dir is copied in (render reads lists inside its folder only).
            path = (source_dir / listed.strip()).resolve()
            stored = self.awardees.stored_path(path)
            answers["awardees"] = stored if stored is not None else self.awardees.copied(path)
        elif isinstance(listed, list):
            answers["awardees"] = [revive(Awardee, a) if isinstance(a, dict) else a for a in listed]
        elif listed is not None:
            answers["awardees"] = listed
        return answers

    def invalid(self) -> set[str]:
        bad: set[str] = set()
        if self.awardees.unreadable():
            bad.add("awardees")
        try:
            model = AwardsData.model_validate(self.kind.final_data(self.answers))
        except ValidationError:
            return bad  # the model's own errors are found by the caller
        # What only rendering would find: no rule for the money, no default "Căn cứ".
        for check in (amounts, bases_lines, executor_lines):
            try:
                check(model)
            except InputError as missing:
                bad |= {p.field for p in missing.problems if p.field}
        return bad

    def prepare(self, model: DocumentData) -> DocumentData:
        assert isinstance(model, AwardsData)
        # Warnings about the list's text were shown when the list was read.
        resolved, _ = resolve_awardees(model, self.out_dir)
        return resolved

    def absent_texts(self) -> Mapping[str, str]:
        return dict.fromkeys(AWARDS_OPTIONAL, "(theo mặc định)")

    def review_nodes(self) -> Mapping[str, Callable[[Tree, str], None]]:
        return {"awardees": self.awardees.review_node, "money": self._review_money}

    def _review_money(self, tree: Tree, label: str) -> None:
        if self.answers.get("money") is not None:
            add_field(tree, AwardsData, "money", self.answers, label)
            return
        try:
            money = self._amounts()
        except InputError as missing:
            tree.add(Text(label, style="bold") + Text(f": {missing.problems[0].message}", style="red"))
            return
        shown = (
            f"{money_figure(money.individual)} mỗi cá nhân, {money_figure(money.collective)} mỗi tập thể"
            if money is not None
            else "chưa tính được"
        )
        node = tree.add(Text(label, style="bold") + Text(f": (theo mặc định: {shown})", style="dim"))
        # The default may rest on a decree draftkit has not seen: say so before the clerk signs.
        model = self._money_model()
        for warning in advisories(model) if model is not None and money is not None else []:
            if warning.field == "money":
                node.add(Text(f"Lưu ý: {warning.message}", style="yellow"))

    # --- the money that goes with the list

    def _amounts(self) -> Amounts | None:
        """Money per person from the answers so far; None while the date is unknown."""
        model = self._money_model()
        return amounts(model) if model is not None else None

    def _money_model(self) -> AwardsData | None:
        """What the money depends on, from the answers so far; None while the date is unknown."""
        answers = self.answers
        signed, authority = answers.get("date"), answers.get("authority")
        if not isinstance(signed, date) or not isinstance(authority, str):
            return None
        money = None
        if isinstance(answers.get("money"), dict):
            try:
                money = Money.model_validate(answers["money"])
            except ValidationError:
                money = None
        level = answers.get("level") if answers.get("level") in ("province", "district", "commune", "enterprise") else None
        # Only what the money depends on: the list and the rest may still be missing.
        known: dict[str, Any] = {
            "style": answers.get("style") or "state",
            "award": answers.get("award") or "Giấy khen",
            "date": signed,
            "authority": authority,
            "level": level,
            "money": money,
            # Written-out lines stand in for the defaults the rules may lack.
            "bases": self._lines("bases"),
            "executors": self._lines("executors"),
        }
        return AwardsData.model_construct(**known)

    def _rule_money(self) -> dict[str, int] | None:
        """The money per person the rules give for the answers so far (none typed in)."""
        model = self._money_model()
        try:
            money = amounts(model.model_copy(update={"money": None})) if model is not None else None
        except InputError:
            return None
        return {"individual": money.individual, "collective": money.collective} if money is not None else None

    def _lines(self, name: str) -> list[str] | None:
        value = self.answers.get(name)
        return [str(v) for v in value] if isinstance(value, list) and value else None

    def _amounts_problem(self) -> str | None:
        try:
            self._amounts()
        except InputError as missing:
            return missing.problems[0].message
        return None


def run_new_awards(
    console: Console,
    out_dir: Path,
    name: str | None = None,
    force: bool = False,
    *,
    stream: TextIO | None = None,
    today: date | None = None,
    editor: Callable[[str], str] | None = None,
    data_file: Path | None = None,
    templates: Path | None = None,
    config_dir: Path | None = None,
    resume_file: Path | None = None,
    reader: Reader | None = None,
    cwd: Path | None = None,
) -> RenderResult | None:
    """Interview for a commendation round, then write ``<name>.yaml`` and its three
    documents (``-quyet-dinh``, ``-danh-sach``, ``-giay-khen``) in ``out_dir``.

    ``cwd`` is where a typed spreadsheet path starts from (the current folder when None).
    See :func:`~draftkit.interview.session.run_interview` for the rest.
    """

    def make(kind: DocumentKind, interview: Interview, out: Path, profile: Mapping[str, Any]) -> Questions:
        return AwardsQuestions(kind, interview, out, profile, cwd)

    return run_interview(
        AWARDS,
        make,
        console,
        out_dir,
        name,
        force,
        stream=stream,
        today=today,
        editor=editor,
        data_file=data_file,
        templates=templates,
        config_dir=config_dir,
        resume_file=resume_file,
        reader=reader,
    )
