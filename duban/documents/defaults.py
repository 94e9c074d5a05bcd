"""The wording a district starts from, before 发改局 edits it on the templates page.

Built from the district's own name and campaign (鼓楼区 → 鼓楼督〔2021〕1号), never from one
district's words: the demo district sets its seed plan's 主送 list through the service.
"""

from __future__ import annotations

from duban.documents.choices import DocumentKind
from duban.documents.wording import Wording


def short_name(district: str) -> str:
    """鼓楼区 → 鼓楼, 闽侯县 → 闽侯 (a one-character name keeps its suffix: 城区)."""
    if len(district) > 2 and district[-1] in "区县市旗":
        return district[:-1]
    return district


def default_wording(kind: str, district: str, campaign: str) -> Wording:
    name = district or "本区"
    office = f"{name}发展和改革局"
    cc = "区委办公室，区人大常委会办公室，区政府办公室，区政协办公室"
    if kind == DocumentKind.LETTER:
        return Wording(
            kind=kind,
            issuer_mark=office,
            number_prefix=f"{short_name(district)}督",
            title="关于加快推进{subject}的督办函",
            addressee="{unit}",
            opening=(
                "根据{month}重点项目和目标任务序时进度监测，你单位负责的{subject_kind}"
                "“{subject}”进度滞后，已亮红灯。{gap}\n"
                "请你单位高度重视，认真分析滞后原因，明确整改措施、责任人和完成时限，"
                "全力加快推进，并于{deadline}前将整改情况书面回函（附佐证材料）。"
                "逾期未回函的，将按程序升级督办，并纳入专项行动考评。"
            ),
            closing="特此函告。",
            signature=office,
        )
    if kind == DocumentKind.BULLETIN:
        return Wording(
            kind=kind,
            issuer_mark=f"{office}文件",
            number_prefix=f"{short_name(district)}项目办",
            title="关于{period}重点项目考评情况的通报",
            addressee="各街道（乡镇），各园区，区直各有关单位",
            opening=(
                "根据{campaign}考评办法，{signature}对各责任单位{period}重点项目推进情况"
                "进行了考评，现将有关情况通报如下："
            ),
            closing="请各单位对照考评结果，查找差距，压实责任，加快推进项目建设。\n特此通报。",
            signature=office,
            cc=cc,
            printer=f"{office}办公室",
        )
    if kind == DocumentKind.MINUTES:
        return Wording(
            kind=kind,
            issuer_mark=f"{name}人民政府办公室",
            number_prefix=f"{short_name(district)}政纪",
            title="{meeting}纪要",
            opening="{date}，召开{meeting}。现将会议议定事项纪要如下：",
            signature=f"{name}人民政府办公室",
            cc=cc,
            printer=f"{name}人民政府办公室",
        )
    return Wording(
        kind=kind,
        issuer_mark=f"{name}人民政府",
        number_prefix=f"{short_name(district)}责",
        title="{year}年{unit}目标责任书",
        opening="为确保{year}年重点项目和目标任务全面完成，明确责任，特签订本责任书。",
        signature=f"{name}人民政府",
        printer=f"{name}人民政府办公室",
    )
