"""The data-file contract as pydantic models: the one spec per document.

Field titles are the Vietnamese labels that prompts, error messages, the review and
`templates vars` show; ``json_schema_extra`` carries prompt hints (``multiline`` for long
paragraphs, ``item`` for the label of one list item). Keys and types follow
``shared/contract/data-format.md`` version 1: keys may be added here, never renamed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .wording import NumberFormatError, read_number


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


# Text exactly as typed (only NFC-normalised by the loader), but never empty: a missing
# value must be an error, never a blank in a signed document.
Text = Annotated[str, AfterValidator(_not_blank)]


# Numbers and dates as a clerk means them. The loaders read 0125 as 125 and keep 4:45 as
# text; what they still hand over is refused here rather than coerced: true/false (pydantic
# would take them as 1 and 0), 540.000 (read as 540.0, a clerk's 540 thousand), a bare number
# for a date (pydantic reads 0 as 1970-01-01), and figures too large or too small to word.
def _whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("bool_number")
    if isinstance(value, (float, Decimal)):
        raise ValueError("not_whole")
    if isinstance(value, str):
        # Quoted: read the Vietnamese way ("540.000" is 540000, "0125" is 125). pydantic
        # alone would read "540.000" as 540, a sum a thousand times too small.
        text = value.strip()
        if re.fullmatch(r"[0-9]+", text):
            return int(text)
        try:
            number = read_number(text)
        except NumberFormatError as bad:
            raise _number_error(bad.message, "Viết số nguyên bằng chữ số, ví dụ 540000 hoặc 540.000.") from None
        if number != number.to_integral_value():
            raise ValueError("not_whole")
        return int(number)
    return value


def _int_in_range(value: int) -> int:
    if abs(value) >= WHOLE_LIMIT:
        raise ValueError("too_large")
    return value


def _measure(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("bool_number")
    return value


_BARE_NUMBER = re.compile(r"\s*[-+]?[0-9]+(?:\.[0-9]*)?\s*")


def _calendar_date(value: Any) -> Any:
    if isinstance(value, (bool, int, float, Decimal)) or (
        isinstance(value, str) and _BARE_NUMBER.fullmatch(value)
    ):
        raise ValueError("date_number")
    return value


# A bound that no real figure reaches and that keeps every wording exact (wording.py works
# to 60 digits): a document number or a sum of money below 10^18. Indicators have their
# own bounds (Figure, below).
WHOLE_LIMIT = 10**18
WholeNumber = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_int_in_range)]
Measure = Annotated[float, BeforeValidator(_measure)]
CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]


def _extra(**hints: Any) -> dict[str, Any]:
    return dict(hints)


class Model(BaseModel):
    # No coercion of numbers to text: the loader has read 0125 as the number 125, so the
    # typed zero is gone; the message asks for quotes instead.
    # defer_build: a model's validator is built when first used, so a report run does not
    # pay for the awards models (~5 ms of start-up).
    # List fields default to ``[]`` (pydantic copies it per instance) rather than
    # ``default_factory=list``: pydantic inspects a factory's signature, and for a builtin
    # that means tokenizing its text signature, ~6 ms at start-up.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False, defer_build=True)


class Issuer(Model):
    parent: Text | None = Field(
        None,
        title="Cơ quan chủ quản (cấp trên trực tiếp)",
        description="Dòng trên cùng bên trái, chữ in hoa; bỏ trống nếu không có.",
        examples=["UBND TỈNH THANH HÓA"],
    )
    name: Text = Field(
        title="Tên cơ quan ban hành",
        description="Chữ in hoa, như trên con dấu.",
        examples=["ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"],
    )
    code: Annotated[Text, Field(pattern=r"^[A-ZĐ0-9]+([-/][A-ZĐ0-9]+)*$")] = Field(
        title="Chữ viết tắt tên cơ quan (trong ký hiệu văn bản)",
        description="Phần sau dấu gạch trong “285/BC-UBND” hoặc sau “/” trong “125-BC/HU”.",
        examples=["UBND"],
    )
    place: Text = Field(
        title="Địa danh ghi ở dòng ngày tháng",
        examples=["Ngọc Lặc"],
    )


class Signer(Model):
    authority: Text | None = Field(
        None,
        title="Quyền hạn ký (TM., KT., Q. ...)",
        description="Văn bản Đảng dùng T/M, K/T; bỏ trống khi người đứng đầu ký trực tiếp.",
        examples=["TM. ỦY BAN NHÂN DÂN"],
    )
    title: Text = Field(title="Chức vụ người ký", examples=["CHỦ TỊCH"])
    name: Text = Field(title="Họ và tên người ký", examples=["Nguyễn Văn Hòa"])


class DocumentData(Model):
    """Keys every document shares."""

    version: Literal[1] = Field(1, title="Phiên bản định dạng tệp dữ liệu")
    document: str = Field(title="Loại văn bản")
    style: Literal["state", "party"] = Field(
        "state",
        title="Thể thức",
        description="state: văn bản hành chính (NĐ 30/2020/NĐ-CP); party: văn bản của Đảng "
        "(theo quy định, hướng dẫn của Đảng có hiệu lực tại ngày ký).",
    )
    issuer: Issuer = Field(title="Cơ quan ban hành")
    number: WholeNumber | None = Field(
        None,
        ge=1,
        title="Số văn bản",
        description="Bỏ trống để văn thư điền số khi phát hành.",
        examples=[285],
    )
    date: CalendarDate = Field(
        title="Ngày ký",
        description="Trong tệp dữ liệu viết năm-tháng-ngày, ví dụ 2023-12-12.",
        examples=["2023-12-12"],
    )
    signer: Signer = Field(title="Người ký")
    recipients: list[Text] = Field(
        min_length=1,
        title="Nơi nhận",
        description="Mỗi dòng một nơi; dấu “-”, “;” và “.” được thêm tự động.",
        examples=[["Thường trực Huyện ủy", "Lưu: VT, VP"]],
        json_schema_extra=_extra(item="Nơi nhận"),
    )


# --- document: report ----------------------------------------------------------------


def _number_error(message: str, hint: str | None = None) -> PydanticCustomError:
    """An error that validation.py words as "“<label>”: <message>" with ``hint``."""
    return PydanticCustomError("vn_number", "{message}", {"message": message, "hint": hint})


def _figure(value: Any) -> Any:
    """A figure from a data file: a YAML/JSON/TOML number as it is, or a quoted number
    written the Vietnamese way ("1.520,4"); never a boolean, never a guess."""
    if isinstance(value, bool):
        raise _number_error(f"phải là một số, không phải “{str(value).lower()}”.")
    if isinstance(value, str):
        if value.strip().endswith("%"):
            # Left with its "%" by Indicator._percent_unit: the unit says otherwise.
            raise _number_error(
                f"“{value.strip()}” có dấu %, nhưng đơn vị tính của chỉ tiêu không phải “%”.",
                "Bỏ dấu % ở con số, hoặc sửa đơn vị tính (unit) thành “%”.",
            )
        try:
            return read_number(value)
        except NumberFormatError as bad:
            raise _number_error(bad.message, bad.hint) from None
    return value


FIGURE_LIMIT = Decimal(10) ** 18  # a billion billion: beyond any figure of a report
FIGURE_DECIMALS = 10


def _sane_figure(value: Decimal) -> Decimal:
    """Refuse what no report means: 1e70 (and Decimal's own limits) or 1e-70."""
    if abs(value) >= FIGURE_LIMIT:
        raise _number_error("số quá lớn (từ một tỷ tỷ trở lên), không phải số liệu của một báo cáo.")
    exponent = value.normalize().as_tuple().exponent
    if value != 0 and isinstance(exponent, int) and exponent < -FIGURE_DECIMALS:
        raise _number_error(
            f"số có hơn {FIGURE_DECIMALS} chữ số sau dấu phẩy.",
            "Làm tròn số liệu như khi in trong báo cáo (ví dụ 0,3 thay cho 0,30000000000000004).",
        )
    return value


# A figure of a report: a data file's number, or a Vietnamese number in quotes.
Figure = Annotated[Decimal, BeforeValidator(_figure), AfterValidator(_sane_figure)]
FIGURE_KEYS = ("value", "previous", "target")


class Indicator(Model):
    label: Text = Field(title="Tên chỉ tiêu", examples=["Thu nhập bình quân đầu người"])
    value: Figure = Field(title="Kết quả năm nay", examples=[50.24])
    unit: Text | None = Field(None, title="Đơn vị tính", examples=["triệu đồng"])
    previous: Figure | None = Field(
        None, title="Kết quả cùng kỳ năm trước (để tính tăng/giảm)", examples=[47.72]
    )
    target: Figure | None = Field(None, title="Kế hoạch năm (chỉ tiêu được giao)", examples=[50])
    better: Literal["higher", "lower"] = Field(
        "higher",
        title="Chỉ tiêu tốt khi",
        description="higher: càng cao càng tốt; lower: càng thấp càng tốt (tỷ lệ hộ nghèo, số vụ "
        "vi phạm...).",
    )

    @model_validator(mode="before")
    @classmethod
    def _percent_unit(cls, data: Any) -> Any:
        # "95,2%" is 95,2 with the unit "%": the unit is filled in when absent; a figure
        # keeps its "%" (and is refused by _figure) when the unit says something else.
        if not isinstance(data, dict):
            return data
        unit = data.get("unit")
        unit_text = unit.strip() if isinstance(unit, str) else None
        found = False
        out = dict(data)
        for key in FIGURE_KEYS:
            value = out.get(key)
            percent = isinstance(value, str) and value.strip().endswith("%")
            if percent and unit_text in (None, "", "%"):
                out[key] = str(value).strip()[:-1]
                found = True
        if found and unit_text in (None, ""):
            out["unit"] = "%"
        return out

    @model_validator(mode="after")
    def _bases_not_zero(self) -> Indicator:
        # A percentage of zero is undefined; say so here rather than print "inf%". A rate
        # is compared in points and a lower-is-better target is compared, not divided.
        rate = (self.unit or "").strip() == "%"
        if self.previous is not None and self.previous == 0 and not rate:
            raise ValueError("previous_zero")
        if self.target is not None and self.target == 0 and not rate and self.better == "higher":
            raise ValueError("target_zero")
        return self


class ResultSection(Model):
    heading: Text = Field(title="Tên lĩnh vực", examples=["Công tác lãnh đạo, chỉ đạo"])
    paragraphs: list[Text] = Field(
        default=[],
        title="Các đoạn văn",
        json_schema_extra=_extra(item="Đoạn văn", multiline=True),
    )
    indicators: list[Indicator] = Field(
        default=[], title="Các chỉ tiêu", json_schema_extra=_extra(item="Chỉ tiêu")
    )
    sections: list[ResultSection] = Field(
        default=[],
        title="Các mục nhỏ",
        json_schema_extra=_extra(item="Mục nhỏ"),
    )

    @model_validator(mode="after")
    def _has_content(self) -> ResultSection:
        # A heading with nothing under it would print as an empty section.
        if not (self.paragraphs or self.indicators or self.sections):
            raise ValueError("empty_section")
        return self


class Assessment(Model):
    strengths: list[Text] = Field(
        default=[],
        title="Ưu điểm",
        json_schema_extra=_extra(item="Ưu điểm", multiline=True),
    )
    limitations: list[Text] = Field(
        default=[],
        title="Hạn chế",
        json_schema_extra=_extra(item="Hạn chế", multiline=True),
    )
    causes: list[Text] = Field(
        default=[],
        title="Nguyên nhân",
        json_schema_extra=_extra(item="Nguyên nhân", multiline=True),
    )
    lessons: list[Text] = Field(
        default=[],
        title="Bài học kinh nghiệm",
        json_schema_extra=_extra(item="Bài học", multiline=True),
    )


class PlanTask(Model):
    heading: Text = Field(title="Tên nhiệm vụ")
    paragraphs: list[Text] = Field(
        default=[],
        title="Nội dung",
        json_schema_extra=_extra(item="Đoạn văn", multiline=True),
    )


def _task_kind(value: Any) -> str:
    return "task" if isinstance(value, (dict, PlanTask)) else "text"


Task = Annotated[
    Annotated[Text, Tag("text")] | Annotated[PlanTask, Tag("task")],
    Discriminator(_task_kind),
]


class Plan(Model):
    goals: list[Text] = Field(
        default=[],
        title="Mục tiêu, chỉ tiêu",
        json_schema_extra=_extra(item="Mục tiêu", multiline=True),
    )
    tasks: list[Task] = Field(
        default=[],
        title="Nhiệm vụ, giải pháp",
        json_schema_extra=_extra(item="Nhiệm vụ", multiline=True),
    )


class ReportData(DocumentData):
    document: Literal["report"] = Field(title="Loại văn bản")
    title: Text = Field(
        title="Trích yếu (tên báo cáo)",
        examples=[
            "Tổng kết công tác xây dựng cơ sở và thực hiện Quy chế dân chủ năm 2023, "
            "phương hướng, nhiệm vụ năm 2024"
        ],
    )
    year: WholeNumber | None = Field(
        None, ge=1945, le=2200, title="Năm được tổng kết", description="Mặc định: năm của ngày ký."
    )
    opening: Text | None = Field(
        None,
        title="Đoạn mở đầu",
        description="Bỏ trống để dùng câu “<Cơ quan ban hành> báo cáo <trích yếu> như sau:”.",
        examples=["Ủy ban nhân dân huyện báo cáo kết quả ... như sau:"],
        json_schema_extra=_extra(multiline=True),
    )
    situation: list[Text] = Field(
        default=[],
        title="Đặc điểm tình hình",
        json_schema_extra=_extra(item="Đoạn văn", multiline=True),
    )
    results: list[ResultSection] = Field(
        min_length=1,
        title="Kết quả thực hiện (mỗi lĩnh vực một mục)",
        json_schema_extra=_extra(item="Lĩnh vực"),
    )
    appendix: Literal["indicators"] | None = Field(
        None,
        title="Phụ lục kèm theo báo cáo",
        description="indicators: bảng các chỉ tiêu (kế hoạch, thực hiện, so với cùng kỳ, so với "
        "kế hoạch) ở cuối báo cáo; bỏ trống nếu không cần.",
    )
    assessment: Assessment = Field(default_factory=Assessment, title="Đánh giá chung")
    plan: Plan = Field(default_factory=Plan, title="Phương hướng, nhiệm vụ năm sau")
    proposals: list[Text] = Field(
        default=[],
        title="Đề xuất, kiến nghị",
        json_schema_extra=_extra(item="Đề xuất", multiline=True),
    )
    addressees: list[Text] = Field(
        default=[],
        title="Kính gửi (khi báo cáo gửi cơ quan cấp trên)",
        description="NĐ 30: chỉ ghi khi báo cáo gửi lên cấp trên; bỏ trống khi báo cáo tại hội nghị.",
        examples=[["Ủy ban nhân dân tỉnh Thanh Hóa"]],
        json_schema_extra=_extra(item="Kính gửi"),
    )

    @model_validator(mode="after")
    def _appendix_has_rows(self) -> ReportData:
        if self.appendix == "indicators" and not self.indicators():
            raise ValueError("appendix_without_indicators")
        return self

    def indicators(self) -> list[Indicator]:
        """Every indicator of the results, in reading order (nested sections included)."""
        found: list[Indicator] = []

        def walk(sections: list[ResultSection]) -> None:
            for section in sections:
                found.extend(section.indicators)
                walk(section.sections)

        walk(self.results)
        return found

    @property
    def review_year(self) -> int:
        return self.year if self.year is not None else self.date.year


DOCUMENT_MODELS: dict[str, type[DocumentData]] = {"report": ReportData}


# --- document: awards ----------------------------------------------------------------


class Awardee(Model):
    name: Text = Field(title="Họ và tên / tên tập thể", examples=["Lê Văn Bình"])
    kind: Literal["collective", "individual"] = Field(
        "individual",
        title="Loại (tập thể / cá nhân)",
        description="collective = tập thể, individual = cá nhân.",
    )
    gender: Literal["male", "female"] | None = Field(
        None, title="Giới tính (để ghi Ông/Bà)", description="male = Ông, female = Bà."
    )
    position: Text | None = Field(None, title="Chức vụ", examples=["Chỉ huy trưởng Ban Chỉ huy Quân sự xã"])
    unit: Text | None = Field(None, title="Đơn vị công tác", examples=["xã Ngọc Trung"])
    reason: Text | None = Field(
        None, title="Thành tích riêng (nếu khác thành tích chung)", json_schema_extra=_extra(multiline=True)
    )
    gold_book: Text | None = Field(None, title="Số sổ vàng", examples=["125"])
    note: Text | None = Field(None, title="Ghi chú")


class Money(Model):
    # unit: what the review writes the figure in ("540.000 đồng"), read by interview.fields.
    individual: WholeNumber = Field(
        ge=0, title="Tiền thưởng mỗi cá nhân (đồng)", examples=[540000], json_schema_extra=_extra(unit="đồng")
    )
    collective: WholeNumber = Field(
        ge=0, title="Tiền thưởng mỗi tập thể (đồng)", examples=[1080000], json_schema_extra=_extra(unit="đồng")
    )


class CertificateLayout(Model):
    """How certificates are printed: on plain paper, or onto pre-printed forms."""

    mode: Literal["full", "fields"] = Field(
        "full",
        title="Cách in giấy khen",
        description="full: in cả khung chữ (Quốc hiệu, GIẤY KHEN...); fields: chỉ in phần điền "
        "(tên, thành tích, ngày, chữ ký) lên phôi giấy khen in sẵn.",
    )
    offset_top_mm: Measure = Field(0, ge=-30, le=30, title="Dịch xuống (mm, âm là dịch lên)")
    offset_left_mm: Measure = Field(0, ge=-30, le=30, title="Dịch sang phải (mm, âm là sang trái)")


def _awardee_source(value: Any) -> str:
    return "file" if isinstance(value, str) else "list"


# Awardees are listed in the file, or named by the spreadsheet that holds them; the tag
# keeps an error in a listed awardee from also being reported as "not a file name".
AwardeeSource = Annotated[
    # An empty list would be a decision for nobody: refused, as an empty spreadsheet is.
    Annotated[list[Awardee], Tag("list"), Field(min_length=1)] | Annotated[Text, Tag("file")],
    Discriminator(_awardee_source),
]


class AwardsData(DocumentData):
    document: Literal["awards"] = Field(title="Loại văn bản")
    authority: Text = Field(
        title="Thẩm quyền quyết định (dòng trên “Căn cứ”)",
        examples=["CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC"],
    )
    award: Text = Field("Giấy khen", title="Hình thức khen thưởng", examples=["Giấy khen"])
    reason: Text = Field(
        title="Thành tích (viết tiếp sau tên người được khen)",
        examples=["đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023"],
        json_schema_extra=_extra(multiline=True),
    )
    subject: Text | None = Field(
        None,
        title="Trích yếu của quyết định",
        description="Mặc định: “Về việc khen thưởng tập thể, cá nhân có thành tích ...”.",
    )
    bases: list[Text] | None = Field(
        None,
        min_length=1,
        title="Các dòng “Căn cứ ...”",
        description="Mặc định theo ngày ký: luật và nghị định về thi đua, khen thưởng đang có hiệu lực.",
        json_schema_extra=_extra(item="Căn cứ", multiline=True),
    )
    proposal: Text | None = Field(
        None, title="Dòng đề nghị (Xét đề nghị của ...)", examples=["Xét đề nghị của Trưởng phòng Nội vụ huyện"]
    )
    level: Literal["province", "district", "commune", "enterprise"] | None = Field(
        None,
        title="Cấp khen thưởng",
        description="Mặc định: suy ra từ dòng thẩm quyền (quyết định mức tiền thưởng và người thi hành); "
        "province: cơ quan trung ương, cấp tỉnh; district: cấp huyện (đến 30/6/2025); commune: cấp xã; "
        "enterprise: doanh nghiệp, hợp tác xã",
    )
    money: Money | None = Field(None, title="Tiền thưởng", description="Mặc định theo mức lương cơ sở tại ngày ký.")
    fund: Text | None = Field(
        None,
        title="Nguồn chi tiền thưởng",
        description="Mặc định (quyết định của Chủ tịch Ủy ban nhân dân): Quỹ thi đua, khen thưởng của xã "
        "(hoặc tỉnh, huyện).",
    )
    executors: list[Text] | None = Field(
        None,
        min_length=1,
        title="Người thi hành (Điều 3)",
        description="Mặc định theo cấp và ngày ký (quyết định của Chủ tịch Ủy ban nhân dân), ví dụ: Chánh Văn "
        "phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Thủ trưởng các cơ quan, đơn vị có liên quan.",
        json_schema_extra=_extra(item="Người thi hành"),
    )
    awardees: AwardeeSource = Field(
        title="Danh sách được khen thưởng",
        description="Liệt kê trong tệp, hoặc tên tệp .xlsx / .xls / .csv nằm cùng thư mục.",
        json_schema_extra=_extra(item="Người/tập thể được khen"),
    )
    order: Literal["given", "name"] = Field(
        "given",
        title="Thứ tự trong danh sách",
        description="given: giữ thứ tự đã nhập; name: cá nhân xếp theo tên (A, Ă, Â, B...).",
    )
    certificate: CertificateLayout = Field(default_factory=CertificateLayout, title="In giấy khen")

    def awardee_list(self) -> list[Awardee]:
        """The awardees, once a spreadsheet path has been read in (see awards.resolve)."""
        if isinstance(self.awardees, str):
            raise ValueError("awardees not resolved")  # pragma: no cover - resolved before use
        return self.awardees


DOCUMENT_MODELS["awards"] = AwardsData
