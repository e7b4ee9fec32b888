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
    return value


def _int_in_range(value: int) -> int:
    if abs(value) >= WHOLE_LIMIT:
        raise ValueError("too_large")
    return value


def _measure(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("bool_number")
    return value


def _figure_in_range(value: Decimal) -> Decimal:
    if value != 0 and not FIGURE_SMALLEST <= abs(value) < FIGURE_LIMIT:
        raise ValueError("figure_range")
    return value


_BARE_NUMBER = re.compile(r"\s*[-+]?[0-9]+(?:\.[0-9]*)?\s*")


def _calendar_date(value: Any) -> Any:
    if isinstance(value, (bool, int, float, Decimal)) or (
        isinstance(value, str) and _BARE_NUMBER.fullmatch(value)
    ):
        raise ValueError("date_number")
    return value


# Bounds that no real figure reaches and that keep every wording exact (wording.py works
# to 60 digits): a document number or a sum of money below 10^18, an indicator between
# 10^-9 and 10^18 (or 0).
WHOLE_LIMIT = 10**18
FIGURE_LIMIT = Decimal(10) ** 18
FIGURE_SMALLEST = Decimal(10) ** -9
WholeNumber = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_int_in_range)]
Figure = Annotated[Decimal, BeforeValidator(_measure), AfterValidator(_figure_in_range)]
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
        "(HD 36-HD/VPTW).",
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


class Indicator(Model):
    label: Text = Field(title="Tên chỉ tiêu", examples=["Thu nhập bình quân đầu người"])
    value: Figure = Field(title="Kết quả năm nay", examples=[50.24])
    unit: Text | None = Field(None, title="Đơn vị tính", examples=["triệu đồng"])
    previous: Figure | None = Field(
        None, title="Kết quả cùng kỳ năm trước (để tính tăng/giảm)", examples=[47.72]
    )
    target: Figure | None = Field(None, title="Kế hoạch năm (để tính % kế hoạch)", examples=[50])

    @model_validator(mode="after")
    def _bases_not_zero(self) -> Indicator:
        # A percentage of zero is undefined; say so here rather than print "inf%".
        if self.previous is not None and self.previous == 0:
            raise ValueError("previous_zero")
        if self.target is not None and self.target == 0:
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
    opening: Text = Field(
        title="Đoạn mở đầu",
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
    individual: WholeNumber = Field(ge=0, title="Tiền thưởng mỗi cá nhân (đồng)", examples=[540000])
    collective: WholeNumber = Field(ge=0, title="Tiền thưởng mỗi tập thể (đồng)", examples=[1080000])


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
    Annotated[list[Awardee], Tag("list")] | Annotated[Text, Tag("file")],
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
    level: Literal["district", "commune"] | None = Field(
        None,
        title="Cấp khen thưởng (district = huyện, commune = xã)",
        description="Mặc định: suy ra từ dòng thẩm quyền; quyết định mức tiền thưởng.",
    )
    money: Money | None = Field(None, title="Tiền thưởng", description="Mặc định theo mức lương cơ sở tại ngày ký.")
    fund: Text | None = Field(
        None,
        title="Nguồn chi tiền thưởng",
        description="Mặc định: Quỹ thi đua, khen thưởng của huyện (hoặc xã).",
    )
    executors: list[Text] | None = Field(
        None,
        min_length=1,
        title="Người thi hành (Điều 3)",
        description="Mặc định: Chánh Văn phòng, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch...",
        json_schema_extra=_extra(item="Người thi hành"),
    )
    awardees: AwardeeSource = Field(
        title="Danh sách được khen thưởng",
        description="Liệt kê trong tệp, hoặc tên tệp .xlsx / .csv nằm cùng thư mục.",
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
