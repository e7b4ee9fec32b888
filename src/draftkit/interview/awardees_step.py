"""The awardees of a commendation round: read, typed, shown as a table, corrected.

A spreadsheet is read at once, so a bad row is reported (with its row and column) while the
user is still at the keyboard; typed awardees are saved after every answer. The table
shows the counts and the money, and rows are fixed, deleted or added until the user goes on.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich import box
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from draftkit.awardees import read_list
from draftkit.awards import Amounts, display_name, position_line, validate_rows
from draftkit.errors import InputError, Problem
from draftkit.kinds import likely_collective, suggested_gender
from draftkit.models import Awardee, AwardsData
from draftkit.validation import problem_from_error
from draftkit.wording import count_phrase, money_figure

from .engine import CLEAR_ANSWER, Interview, looks_accidental
from .fields import field_spec, short

__all__ = ["AwardeesStep", "count_text"]

_ITEM = field_spec(AwardsData, "awardees").item_label
_LISTED_PREVIEW = 15  # awardees named in the review; the table shows them all

_COLLECTIVE_WORDS = frozenset({"1", "t", "tt", "tập thể", "tap the", "collective"})
_INDIVIDUAL_WORDS = frozenset({"2", "c", "cn", "cá nhân", "ca nhan", "individual"})
_GENDER_WORDS = {
    "nam": "male",
    "ông": "male",
    "ong": "male",
    "male": "male",
    "nữ": "female",
    "nu": "female",
    "bà": "female",
    "ba": "female",
    "female": "female",
}
_GENDER_SHOWN = {"male": "Nam", "female": "Nữ"}
_KIND_SHOWN = {"collective": "Tập thể", "individual": "Cá nhân"}
_ENTRY_KEYS = ("name", "kind", "gender", "position", "unit", "reason", "gold_book", "note")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _entry(values: Mapping[str, Any]) -> dict[str, Any]:
    """An awardee as the data file stores it: contract keys in order, the kind written out."""
    entry = {key: values[key] for key in _ENTRY_KEYS if values.get(key) not in (None, "")}
    entry.setdefault("kind", "individual")
    return {key: entry[key] for key in _ENTRY_KEYS if key in entry}


def _shown_name(entry: Mapping[str, Any], style: str = "state") -> str:
    try:
        return display_name(Awardee.model_validate(entry), style)
    except ValidationError:  # a hand-edited draft: show what is there
        return str(entry.get("name", "?"))


def count_text(people: list[dict[str, Any]]) -> str:
    """"03 tập thể, 04 cá nhân" (a kind with nobody in it is left out)."""
    collectives = sum(1 for p in people if p.get("kind") == "collective")
    individuals = len(people) - collectives
    parts = [count_phrase(n, noun) for n, noun in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
    return ", ".join(parts) or "chưa có ai"


class AwardeesStep:
    """The ``awardees`` section: ``answers["awardees"]`` is a list, or a spreadsheet's name.

    ``amounts`` gives the money per person from the answers so far (None while unknown;
    :class:`InputError` when no rule gives it), for the line under the table.
    """

    def __init__(
        self,
        interview: Interview,
        out_dir: Path,
        amounts: Callable[[], Amounts | None],
        cwd: Path | None = None,
    ) -> None:
        self.interview = interview
        self.out_dir = out_dir
        self.amounts = amounts
        self.cwd = cwd if cwd is not None else Path.cwd()
        # Spreadsheets already read: (path, modification time) → entries, or the problems.
        self._read_cache: dict[tuple[Path, int], list[dict[str, Any]] | list[Problem]] = {}

    @property
    def answers(self) -> dict[str, Any]:
        return self.interview.answers

    def _style(self) -> str:
        """The round's style, which decides "Ông/Bà" (state) or "Đồng chí" (Party)."""
        style = self.interview.answers.get("style")
        return style if isinstance(style, str) else "state"

    def unreadable(self) -> bool:
        """The data file names a spreadsheet that cannot be used as it is."""
        listed = self.answers.get("awardees")
        return isinstance(listed, str) and not self._is_people(self._read_listed(listed))

    def review_node(self, tree: Tree, label: str) -> None:
        listed = self.answers.get("awardees")
        source = f"tệp {listed}, " if isinstance(listed, str) else ""
        read = self._read_listed(listed) if isinstance(listed, str) else None
        if read is not None and not self._is_people(read):
            tree.add(Text(label, style="bold") + Text(f": tệp {listed} (chưa đọc được)", style="red"))
            return
        people = self._people()
        if not people:
            tree.add(Text(label, style="bold") + Text(": (không có)", style="dim"))
            return
        branch = tree.add(Text(label, style="bold") + Text(f": {source}{count_text(people)}"))
        for index, person in enumerate(people[:_LISTED_PREVIEW], 1):
            line = position_line(Awardee.model_construct(**person)) if person.get("name") else ""
            branch.add(Text(f"{index}. {_shown_name(person, self._style())}") + Text(f" — {short(line, 60)}" if line else ""))
        if len(people) > _LISTED_PREVIEW:
            branch.add(Text(f"… và {len(people) - _LISTED_PREVIEW} người/tập thể nữa", style="dim"))

    def money_line(self, people: list[dict[str, Any]]) -> Text | None:
        try:
            money = self.amounts()
        except InputError as missing:
            return Text(f"Tiền thưởng: chưa tính được ({missing.problems[0].message})", style="yellow")
        if money is None or not people:
            return None
        collectives = sum(1 for p in people if p.get("kind") == "collective")
        individuals = len(people) - collectives
        parts = []
        if individuals:
            parts.append(f"{money_figure(money.individual)} mỗi cá nhân")
        if collectives:
            parts.append(f"{money_figure(money.collective)} mỗi tập thể")
        total = money.individual * individuals + money.collective * collectives
        return Text(f"Tiền thưởng: {', '.join(parts)}; tổng cộng {money_figure(total)}.")

    # --- the list: where it comes from

    def stored_path(self, path: Path) -> str | None:
        """How the data file names the spreadsheet: relative to its folder, or None when
        the spreadsheet is outside that folder.

        ``render`` reads only lists inside the data file's folder (a data file from
        elsewhere must not print a file from anywhere on the computer), so one outside it
        is copied into the data file instead (see :meth:`_from_file`).
        """
        target = path.expanduser().resolve()
        base = self.out_dir.resolve()
        if not target.is_relative_to(base):
            return None
        return target.relative_to(base).as_posix()

    def copied(self, path: Path) -> list[dict[str, Any]] | str:
        """The entries of a list outside the data file's folder, to write into the data
        file; its full path when it cannot be read (asking the list then says why)."""
        read = self._read(path)
        if read and self._is_people(read):
            self.interview.note(
                f"Tệp danh sách {path} nằm ngoài thư mục {self.out_dir} của tệp dữ liệu mới, "
                "nên danh sách được chép thẳng vào tệp dữ liệu."
            )
            return [dict(p) for p in read if isinstance(p, dict)]
        return str(path)

    def _resolve(self, stored: str) -> Path:
        return (self.out_dir / stored).resolve()

    def _read_listed(self, stored: str) -> list[dict[str, Any]] | list[Problem]:
        return self._read(self._resolve(stored))

    def _read(self, path: Path) -> list[dict[str, Any]] | list[Problem]:
        """The entries of a spreadsheet, or every problem with its row and column."""
        try:
            key = (path, path.stat().st_mtime_ns)
        except OSError:
            key = (path, -1)
        if key in self._read_cache:
            return self._read_cache[key]
        try:
            listed = read_list(path)
        except InputError as unreadable:
            result: list[dict[str, Any]] | list[Problem] = unreadable.problems
        else:
            # Rows left out (totals, signatures, hidden rows) and columns not used are
            # said while the clerk can still fix the file.
            for warning in listed.warnings:
                where = f"dòng {warning.line}: " if warning.line is not None else ""
                self.interview.note(f"Lưu ý ({path.name}): {where}{warning.message}")
            people, problems, warnings = validate_rows(listed.rows)
            for warning in warnings:
                self.interview.note(f"Lưu ý ({path.name}): dòng {warning.line}: {warning.message}")
            result = problems or [_entry(person.model_dump(exclude_none=True)) for person in people]
        self._read_cache[key] = result
        return result

    @staticmethod
    def _is_people(read: list[dict[str, Any]] | list[Problem]) -> bool:
        return not read or isinstance(read[0], dict)

    def _people(self) -> list[dict[str, Any]]:
        """The awardees as they stand: typed in, or read from the named spreadsheet."""
        listed = self.answers.get("awardees")
        if isinstance(listed, list):
            return [p for p in listed if isinstance(p, dict)]
        if isinstance(listed, str):
            read = self._read_listed(listed)
            return [p for p in read if isinstance(p, dict)]
        return []

    def _show_read_problems(self, path: Path, problems: list[Problem]) -> None:
        ask = self.interview
        ask.error(f"Không đọc được danh sách từ tệp {path}:")
        for problem in problems:
            where = problem.location()
            ask.error(f"{where}: {problem.message}" if where else problem.message, problem.hint)

    def _from_file(self) -> bool:
        """Ask for a spreadsheet until one reads cleanly; False when the user goes back."""
        ask = self.interview
        while True:
            answer = ask.ask_line("Đường dẫn tệp danh sách (.xlsx, .xlsm, .xls hoặc .csv; Enter để quay lại)")
            # Windows' "Copy as path" wraps the path in quotes.
            typed = answer.strip().strip("\"'").strip()
            if not typed:
                return False
            path = Path(typed).expanduser()
            if not path.is_absolute():
                path = self.cwd / path
            read = self._read(path)
            if not self._is_people(read) or not read:
                self._show_read_problems(path, [p for p in read if isinstance(p, Problem)])
                ask.note("Sửa tệp rồi gõ lại đường dẫn, hoặc Enter để quay lại.")
                continue
            stored = self.stored_path(path)
            if stored is None:
                # Outside the data file's folder: render would not read it from there.
                self.answers["awardees"] = [dict(person) for person in read if isinstance(person, dict)]
                ask.save()
                ask.note(
                    f"Đã đọc {len(read)} dòng từ tệp {path}. Tệp này nằm ngoài thư mục {self.out_dir} "
                    "của tệp dữ liệu, nên danh sách được chép thẳng vào tệp dữ liệu: từ nay sửa tệp "
                    f"{path.name} không còn tác dụng. Muốn giữ liên kết, chép tệp vào thư mục "
                    f"{self.out_dir} rồi đọc lại (đ)."
                )
                return True
            self.answers["awardees"] = stored
            ask.save()
            ask.note(
                f"Đã đọc {len(read)} dòng từ tệp {path}. Tệp dữ liệu sẽ ghi “awardees: {stored}”: "
                "danh sách vẫn nằm trong tệp đó, sửa tệp rồi chạy draftkit render để tạo lại văn bản."
            )
            return True

    # --- the list: asking and correcting

    def ask(self) -> None:
        ask = self.interview
        ask.console.rule(Text(field_spec(AwardsData, "awardees").label, style="bold"), align="left")
        listed = self.answers.get("awardees")
        if isinstance(listed, str):
            read = self._read_listed(listed)
            if not self._is_people(read) or not read:
                self._show_read_problems(self._resolve(listed), [p for p in read if isinstance(p, Problem)])
                del self.answers["awardees"]
        elif not isinstance(listed, list):
            self.answers.pop("awardees", None)
        if not self._people():
            self._first_entries()
        self._correct()

    def _first_entries(self) -> None:
        ask = self.interview
        while True:
            if ask.confirm("Đọc danh sách từ tệp Excel/CSV có sẵn (k: gõ từng người)?", default=False):
                if self._from_file():
                    return
                continue
            people = self.answers.get("awardees")
            if not isinstance(people, list):
                people = self.answers["awardees"] = []
            ask.note(
                "Gõ từng người hoặc tập thể; Enter ở tên để kết thúc danh sách. "
                "Sau đó danh sách hiện thành bảng để sửa."
            )
            self._type_people(people)
            if people:
                return
            ask.error("Danh sách cần ít nhất một người hoặc tập thể.")

    def _type_people(self, people: list[Any]) -> None:
        while self._ask_person({}, people):
            pass

    def _inline(self) -> list[Any]:
        """The list to change in place; a spreadsheet's rows are copied in first, and said so."""
        listed = self.answers.get("awardees")
        if isinstance(listed, list):
            return listed
        people = copy.deepcopy(self._people())
        if isinstance(listed, str):
            self.interview.note(
                f"Danh sách sẽ được ghi thẳng vào tệp dữ liệu thay cho tệp {listed}: sửa ở đây "
                f"không thay đổi tệp {listed}, và từ nay sửa tệp đó cũng không còn tác dụng."
            )
        self.answers["awardees"] = people
        self.interview.save()
        return people

    def show_table(self, people: list[dict[str, Any]]) -> None:
        listed = self.answers.get("awardees")
        title = f"Danh sách từ tệp {listed}" if isinstance(listed, str) else "Danh sách được khen thưởng"
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
        table.add_column("STT", justify="right")
        table.add_column("Họ và tên")
        table.add_column("Loại")
        table.add_column("Chức vụ")
        table.add_column("Đơn vị")
        for index, person in enumerate(people, 1):
            table.add_row(
                str(index),
                _shown_name(person, self._style()),
                _KIND_SHOWN.get(str(person.get("kind", "individual")), str(person.get("kind"))),
                str(person.get("position") or ""),
                str(person.get("unit") or ""),
            )
        console = self.interview.console
        console.print(table, soft_wrap=False)
        console.print(Text(f"Tổng cộng: {count_text(people)}.", style="bold"))
        money = self.money_line(people)
        if money is not None:
            console.print(money)

    def _correct(self) -> None:
        """Show the table; fix, delete or add rows until the user goes on."""
        ask = self.interview
        while True:
            people = self._people()
            self.show_table(people)
            answer = _fold(
                ask.ask_line(
                    "Sửa danh sách: số dòng để sửa (ví dụ 2), x2 để xóa dòng 2, t để thêm, "
                    "đ để đọc từ tệp Excel/CSV; Enter để tiếp tục"
                )
            )
            if not answer:
                if not people:
                    ask.error("Danh sách cần ít nhất một người hoặc tập thể.")
                elif not self._show_row_problems(people):
                    return
                continue
            row = re.fullmatch(r"(x|xóa|xoa|s|sửa|sua)?\s*(\d+)", answer)
            if row is not None:
                number = int(row.group(2))
                if not 1 <= number <= len(people):
                    ask.error(f"Không có dòng {number}: danh sách có {len(people)} dòng.")
                    continue
                inline = self._inline()
                if (row.group(1) or "").startswith("x"):
                    removed = inline.pop(number - 1)
                    ask.save()
                    ask.note(f"Đã xóa dòng {number}: {_shown_name(removed, self._style())}.")
                else:
                    self._ask_person(inline[number - 1], None, number)
            elif answer in ("t", "thêm", "them"):
                self._type_people(self._inline())
            elif answer in ("đ", "d", "đọc", "doc"):
                self._from_file()
            else:
                ask.error("Gõ số dòng để sửa, x và số dòng để xóa, t để thêm, đ để đọc từ tệp, hoặc Enter.")

    def _show_row_problems(self, people: list[dict[str, Any]]) -> bool:
        """Say what is wrong with each row (a hand-edited file or draft); False if nothing."""
        found = False
        for number, person in enumerate(people, 1):
            try:
                Awardee.model_validate(person)
            except ValidationError as exc:
                for err in exc.errors():
                    problem = problem_from_error(err, Awardee, None)
                    self.interview.error(f"Dòng {number}: {problem.message}", problem.hint)
                found = True
        if found:
            self.interview.note("Gõ số dòng để sửa dòng đó, hoặc x và số dòng để xóa.")
        return found

    def _ask_person(self, entry: dict[str, Any], people: list[Any] | None, number: int | None = None) -> bool:
        """Ask one awardee into ``entry``; a new one (``people`` given) is appended once named.

        Returns False when a new entry gets an empty name: the end of the list.
        """
        ask = self.interview
        shown_number = number if number is not None else len(people or []) + 1
        ask.console.print(Text(f"▸ {_ITEM} {shown_number}", style="bold magenta"))
        while True:
            current = entry.get("name")
            prompt = "Họ và tên / tên tập thể" + (" (Enter để kết thúc)" if people is not None else "")
            typed = ask.ask_line(prompt, str(current) if current else None).strip()
            if typed and looks_accidental(typed) and not ask.confirm(f"Giữ “{typed}”?", default=False):
                continue  # "s" as a name is a slip, most likely
            if typed:
                entry["name"] = typed
                break
            if current:
                break
            if people is not None:
                return False
            ask.error("Tên không được để trống.")
        name = str(entry["name"])
        collective = likely_collective(name)
        if people is not None:
            entry.setdefault("kind", "collective" if collective else "individual")
            people.append(entry)
        ask.save()
        current_kind = str(entry.get("kind") or "individual")
        if collective and (people is not None or current_kind == "individual"):
            ask.note(f"“{name}” có vẻ là tên một tập thể: gợi ý chọn tập thể (Enter để nhận).")
            current_kind = "collective"
        entry["kind"] = self._ask_kind(current_kind)
        ask.save()
        if entry["kind"] == "individual":
            self._set(entry, "gender", self._ask_gender(entry.get("gender"), suggested_gender(name)))
            self._ask_text(entry, "position", "Chức vụ")
        else:
            # A collective has neither a gender nor a position: drop what a fix left behind.
            entry.pop("gender", None)
            entry.pop("position", None)
        self._ask_text(entry, "unit", "Đơn vị công tác")
        ordered = _entry(entry)
        entry.clear()
        entry.update(ordered)
        ask.save()
        return True

    def _set(self, entry: dict[str, Any], key: str, value: Any) -> None:
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
        self.interview.save()

    def _ask_kind(self, current: str) -> str:
        ask = self.interview
        while True:
            answer = _fold(ask.ask_line("Loại: 1 = tập thể, 2 = cá nhân", _KIND_SHOWN.get(current, current).lower()))
            if not answer:
                return current if current in _KIND_SHOWN else "individual"
            if answer in _COLLECTIVE_WORDS:
                return "collective"
            if answer in _INDIVIDUAL_WORDS:
                return "individual"
            ask.error(f"Gõ 1 (tập thể) hoặc 2 (cá nhân), không phải “{answer}”.")

    def _ask_gender(self, current: Any, suggested: str | None = None) -> str | None:
        """Ask the gender; with none yet, ``suggested`` ("Thị" as a middle name suggests
        "Nữ") is shown as the answer Enter takes, so it is seen before it is used."""
        ask = self.interview
        if current not in _GENDER_SHOWN and suggested in _GENDER_SHOWN:
            current = suggested
        shown = _GENDER_SHOWN.get(str(current)) if current else None
        while True:
            answer = _fold(ask.ask_line("Giới tính (Nam/Nữ, để ghi Ông/Bà; Enter để bỏ qua)", shown))
            if not answer:
                return str(current) if current in _GENDER_SHOWN else None
            if answer == CLEAR_ANSWER:
                return None
            if answer in _GENDER_WORDS:
                return _GENDER_WORDS[answer]
            ask.error(f"Gõ Nam hoặc Nữ (hoặc Enter để bỏ qua), không phải “{answer}”.")

    def _ask_text(self, entry: dict[str, Any], key: str, label: str) -> None:
        spec = dataclasses.replace(field_spec(Awardee, key), label=f"{label} (Enter để bỏ qua)")
        self._set(entry, key, self.interview.ask_scalar(Awardee, spec, entry.get(key)))

