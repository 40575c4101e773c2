"""The official forms of the annual report as data (国办公开办函〔2021〕30号 and 〔2019〕60号).

Each row and column has a stable key (the JSON contract), its official label and the
label variants seen in real reports. Keys never change; labels are for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Form = Literal["2021", "2019"]
FORMS: tuple[Form, ...] = ("2021", "2019")

ValueKind = Literal["count", "signed", "amount", "unit"]


@dataclass(frozen=True, slots=True)
class Column:
    """A value column of a table: key, official label, what its cells hold."""

    key: str
    label: str
    kind: ValueKind = "count"
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a table: key, official label, the group it sits in and label variants."""

    key: str
    label: str
    group: str | None = None
    variants: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The official label followed by every known variant."""
        return (self.label, *self.variants)


SECTION_TITLES: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}

# Other wordings of the section titles seen in real reports.
SECTION_TITLE_VARIANTS: dict[int, tuple[str, ...]] = {
    2: ("行政机关主动公开政府信息情况",),
    3: ("行政机关收到和处理政府信息公开申请情况",),
    4: ("因政府信息公开工作被申请行政复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况"),
    5: ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况"),
    6: ("其他需要报告的事项",),
}

# Words that identify each section heading whatever its wording.
SECTION_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "总体", "概述", "基本情况"),
    2: ("主动公开",),
    3: ("申请",),
    4: ("复议", "诉讼"),
    5: ("问题", "改进", "不足"),
    6: ("其他需要报告", "其他事项", "需要报告"),
}

SECTION_NUMERALS = "一二三四五六"

# ---------------------------------------------------------------- table 二
_DECISIONS = (Column("decisions", "本年处理决定数量", variants=("本年处理决定数",)),)

ACTIVE_2021: tuple[Row, ...] = (
    Row("regulations", "规章", "第二十条第（一）项", columns=(
        Column("issued", "本年制发件数", variants=("本年新制发件数",)),
        Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
    )),
    Row("normative_documents", "行政规范性文件", "第二十条第（一）项", ("规范性文件",), columns=(
        Column("issued", "本年制发件数", variants=("本年新制发件数",)),
        Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
    )),
    Row("licensing", "行政许可", "第二十条第（五）项", columns=_DECISIONS),
    Row("punishment", "行政处罚", "第二十条第（六）项", columns=_DECISIONS),
    Row("enforcement", "行政强制", "第二十条第（六）项", columns=_DECISIONS),
    Row("fees", "行政事业性收费", "第二十条第（八）项", columns=(
        Column("amount", "本年收费金额（单位：万元）", "amount", ("本年收费金额",)),
    )),
)

_MADE = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_PROJECTS = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", "signed", ("本年增减",)),
    Column("decisions", "处理决定数量"),
)

ACTIVE_2019: tuple[Row, ...] = (
    Row("regulations", "规章", "第二十条第（一）项", columns=_MADE),
    Row("normative_documents", "规范性文件", "第二十条第（一）项", ("行政规范性文件",), columns=_MADE),
    Row("licensing", "行政许可", "第二十条第（五）项", columns=_PROJECTS),
    Row("other_services", "其他对外管理服务事项", "第二十条第（五）项", columns=_PROJECTS),
    Row("punishment", "行政处罚", "第二十条第（六）项", columns=_PROJECTS),
    Row("enforcement", "行政强制", "第二十条第（六）项", columns=_PROJECTS),
    Row("fees", "行政事业性收费", "第二十条第（八）项", columns=(
        Column("previous", "上一年项目数量"),
        Column("change", "本年增/减", "signed", ("本年增减",)),
    )),
    Row("procurement", "政府集中采购", "第二十条第（九）项", columns=(
        Column("items", "采购项目数量"),
        Column("amount", "采购总金额", "amount"),
        Column("unit", "单位", "unit"),
    )),
)

ACTIVE_HEADER_WORDS: tuple[str, ...] = (
    "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
    "第二十条第（九）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
    "本年处理决定数量", "本年收费金额（单位：万元）", "本年新制作数量", "本年新公开数量",
    "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额",
    "单位", "万元", "元", "项目", "数量",
)

# ---------------------------------------------------------------- table 三
REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
REQUEST_COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in REQUEST_COLUMNS)

G3 = "三、本年度办理结果"
G_DENY = "（三）不予公开"
G_UNABLE = "（四）无法提供"
G_REJECT = "（五）不予处理"
G_OTHER = "（六）其他处理"

_REQ_HEAD: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", None, ("本年新收政府信息公开申请数量", "本年新收")),
    Row("carried_over", "二、上年结转政府信息公开申请数量", None, ("上年结转政府信息公开申请数量", "上年结转")),
    Row("granted", "（一）予以公开", G3),
    Row("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", G3, ("（二）部分公开",)),
    Row("denied_state_secret", "1.属于国家秘密", G_DENY),
    Row("denied_prohibited", "2.其他法律行政法规禁止公开", G_DENY),
    Row("denied_security_stability", "3.危及“三安全一稳定”", G_DENY, ("3.危及三安全一稳定",)),
    Row("denied_third_party", "4.保护第三方合法权益", G_DENY),
    Row("denied_internal_affairs", "5.属于三类内部事务信息", G_DENY),
    Row("denied_process_info", "6.属于四类过程性信息", G_DENY),
    Row("denied_enforcement_file", "7.属于行政执法案卷", G_DENY),
    Row("denied_query", "8.属于行政查询事项", G_DENY),
    Row("unable_not_held", "1.本机关不掌握相关政府信息", G_UNABLE),
    Row("unable_needs_creation", "2.没有现成信息需要另行制作", G_UNABLE),
    Row("unable_unclear", "3.补正后申请内容仍不明确", G_UNABLE),
    Row("rejected_complaint", "1.信访举报投诉类申请", G_REJECT),
    Row("rejected_duplicate", "2.重复申请", G_REJECT),
    Row("rejected_publication", "3.要求提供公开出版物", G_REJECT),
    Row("rejected_excessive", "4.无正当理由大量反复申请", G_REJECT),
    Row("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", G_REJECT),
)
_REQ_TAIL: tuple[Row, ...] = (
    Row("total", "（七）总计", G3, ("七、总计",)),
    Row("carried_forward", "四、结转下年度继续办理", None, ("结转下年度继续办理",)),
)

REQUEST_ROWS_2021: tuple[Row, ...] = (
    *_REQ_HEAD,
    Row("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", G_OTHER),
    Row("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", G_OTHER),
    Row("other_misc", "3.其他", G_OTHER),
    *_REQ_TAIL,
)
REQUEST_ROWS_2019: tuple[Row, ...] = (
    *_REQ_HEAD,
    Row("other", "（六）其他处理", G3, ("（六）其他",)),
    *_REQ_TAIL,
)

REQUEST_HEADER_WORDS: tuple[str, ...] = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
    "法律服务机构", "其他", "总计", G3, G_DENY, G_UNABLE, G_REJECT, G_OTHER, "小计",
    "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "数据7",
)

# ---------------------------------------------------------------- table 四
REVIEW_GROUPS: tuple[Row, ...] = (
    Row("review", "行政复议"),
    Row("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    Row("litigation_after_review", "复议后起诉", "行政诉讼"),
)
REVIEW_OUTCOMES: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_HEADER_WORDS: tuple[str, ...] = (
    "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
    "其他结果", "尚未审结", "总计", "结果", "维持", "纠正", "其他", "尚未", "审结",
)


def active_rows(form: Form) -> tuple[Row, ...]:
    """The rows of table 二 for a form."""
    return ACTIVE_2021 if form == "2021" else ACTIVE_2019


def request_rows(form: Form) -> tuple[Row, ...]:
    """The rows of table 三 for a form."""
    return REQUEST_ROWS_2021 if form == "2021" else REQUEST_ROWS_2019


@lru_cache(maxsize=4)  # pure in fixed form data
def request_row_keys(form: Form) -> tuple[str, ...]:
    """The row keys of table 三 for a form, in form order."""
    return tuple(r.key for r in request_rows(form))
