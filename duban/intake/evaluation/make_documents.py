"""Write the evaluation set's Word, WPS and PDF documents from the text kept here.

Districts circulate plans as Word files (.docx, and still Word 97-2003 .doc), WPS Office files
(.wps: a compound file holding a WordDocument stream, like .doc) and PDFs printed from them; the
intake must read them all. The text below was written for the evaluation set (it is no real
district's plan). Run ``python -m duban.intake.evaluation.make_documents`` to regenerate the
files in ``documents/``: a .docx is written here (headings styled, some runs bold so the reader
has to join runs, as real Word files require); a .doc or .pdf is that .docx converted by
LibreOffice (``soffice --convert-to``), and a .wps is the .doc bytes under WPS's name.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from duban.intake.office import converter

DOCUMENTS: dict[str, list[str]] = {
    "h4_plan.docx": [
        "关于印发《临川区2024年优化营商环境和民生实事工作要点》的通知",
        "各乡镇人民政府、街道办事处，区直各单位：",
        "现将《临川区2024年优化营商环境和民生实事工作要点》印发给你们，请认真贯彻落实。",
        "临川区人民政府办公室",
        "2024年2月20日",
        "# 临川区2024年优化营商环境和民生实事工作要点",
        "## 一、总体要求",
        (
            "2023年，我区营商环境评价位列全市第二，政务服务事项网上可办率达到98.5%，"
            "新增市场主体1.1万户。2024年，要以“营商环境提升年”为抓手，着力打造“五心”服务品牌。"
        ),
        "## 二、主要指标",
        (
            "（一）政务服务。政务服务事项“一网通办”率达到**99%以上**；企业开办时间控制在"
            "0.5个工作日以内；工程建设项目全流程审批时间不超过60个工作日；"
            "群众办事平均跑动次数降至0.3次以下。"
        ),
        (
            "（二）市场主体。全年新增市场主体**1.2万户**，同比增长8%；新增“专精特新”中小企业15家；"
            "民营经济增加值占比提高1.5个百分点。"
        ),
        (
            "（三）民生实事。新建改建城市道路二十三千米；新增公办幼儿园学位一千八百个；"
            "开展职业技能培训2.5万人次；城镇调查失业率控制在5.5%以内；"
            "PM2.5年均浓度不超过30微克/立方米；空气质量优良天数比例不低于95%。"
        ),
        "（四）乡镇5G网络覆盖率达到100%，行政村光纤通达率保持100%。",
        "## 三、工作要求",
        (
            "各单位要对照上述十二项指标，于3月15日前将任务分解表报区发改委"
            "（联系人：陈某，电话：0794-8261234）。"
        ),
    ],
    "t9_plan.doc": [
        "关于印发《东湖区2024年经济社会发展主要目标任务分解方案》的通知",
        "各街道办事处，区直各单位：",
        "现将《东湖区2024年经济社会发展主要目标任务分解方案》印发给你们，请抓好落实。",
        "东湖区人民政府办公室",
        "2024年1月26日",
        "# 东湖区2024年经济社会发展主要目标任务分解方案",
        "## 一、2023年完成情况",
        (
            "2023年，全区地区生产总值增长6.2%，固定资产投资增长8.1%，一般公共预算收入完成"
            "32.5亿元，占年度预算的102.3%。全区新开工亿元以上项目56个，完成年度计划的112%。"
            "规上工业增加值、社会消费品零售总额分别增长7.1%、6.4%，增速均高于全市平均水平。"
        ),
        "## 二、2024年主要目标",
        (
            "地区生产总值增长6.5%左右，力争7%；固定资产投资、规上工业增加值分别增长8%、7%；"
            "社会消费品零售总额增长**7%以上**。"
        ),
        (
            "一般公共预算收入增长5%，城镇调查失业率控制在5.5%以内，居民人均可支配收入增速"
            "高于经济增速0.5个百分点。"
        ),
        "全年实施重点项目共260项，年度计划投资210亿元；确保新开工亿元以上项目60个，力争65个。",
        (
            "单位地区生产总值能耗下降3%；PM2.5年均浓度不超过30μg/m3，地表水国省控断面水质"
            "优良比例100%。"
        ),
        "全年新增城镇就业1.1万人，新增各类市场主体1.5万户，出让经营性用地20宗。",
        "## 三、工作要求",
        (
            "各单位要推进目标分解落实，落实“季通报、年考核”制度，对完成情况排名后两位的单位"
            "进行约谈。"
        ),
    ],
    "h7_plan.wps": [
        "关于印发《清江县2024年重点项目建设年度计划》的通知",
        "各乡镇人民政府，县直各单位：",
        "《清江县2024年重点项目建设年度计划》已经县政府研究同意，现印发给你们，请认真组织实施。",
        "清江县人民政府",
        "2024年2月6日",
        "# 清江县2024年重点项目建设年度计划",
        "## 一、总体目标",
        (
            "2024年全县共安排重点项目212项，总投资1360亿元，年度计划投资286亿元。其中，"
            "新开工项目85项，续建项目97项，竣工投产项目48项。确保全年完成重点项目投资286亿元，"
            "力争完成300亿元；确保新开工亿元以上项目60个，力争70个。"
        ),
        "## 二、分类目标",
        (
            "（一）工业项目。全年工业新开工亿元以上项目25个、总投资80亿元，其中战略性新兴产业"
            "项目10个；技改投资增长12%。"
        ),
        "（二）服务业项目。新开工亿元以上服务业项目28个，建成投产20个；新增限上商贸企业40家以上。",
        (
            "（三）民生项目。新建改建农村公路120公里，新增城镇燃气用户0.9万户，改造农村危房"
            "300户；县城空气PM2.5年均浓度不高于32ug/m3，优良天数比例保持在93%以上。"
        ),
        (
            "（四）要素保障。全年供应建设用地3500亩，其中工业用地不少于1200亩；完成土地征收"
            "18宗；争取地方政府专项债券额度15亿元以上。"
        ),
        "## 三、推进措施",
        (
            "实行县领导挂钩联系重点项目制度，推进“五个一批”滚动实施，全年推进签约项目50个、"
            "落实开工30个；固定资产投资、工业投资分别增长10%和12%；研发经费投入强度提高"
            "0.2个百分点。"
        ),
        "附件：清江县2024年重点项目建设计划表（共212项）",
    ],
    "h8_plan.pdf": [
        "# 泉港区2024年“项目攻坚年”行动方案",
        "为深入实施项目带动战略，推动全区经济高质量发展，制定本方案。",
        "## 一、主要目标",
        (
            "全年策划生成项目共180个，总投资900亿元；实施省市区重点项目共530项，年度计划投资"
            "420亿元。全年亿元以上项目新开工90个、竣工投产60个。"
        ),
        (
            "（一）工业项目。全年工业新开工亿元以上（下同）项目30个、总投资120亿元，其中石化"
            "产业项目18个、总投资90亿元；竣工投产项目20个。"
        ),
        "（二）服务业项目。全年服务业新开工项目35个，其中5亿元以上项目不少于8个；新增规上服务业企业25家。",
        (
            "（三）招商引资。全年新落地产业项目60个以上，其中二产单个项目总投资不低于2亿元，"
            "三产单个项目总投资不低于3000万元；实际利用外资增长8%。"
        ),
        (
            "（四）生态环境。PM2.5平均浓度控制在22微克/立方米以内，近岸海域水质优良比例达到"
            "90%；全年完成造林绿化1.5万亩。"
        ),
        "## 二、重点任务",
        (
            "围绕石化、新材料、文旅康养等三大产业，实施强链、补链、延链共三项工程。开展"
            "“一月一签约、一季一开工”活动，确保全年集中开工活动4次以上。"
        ),
        "## 三、保障措施",
        "建立区领导挂钩重点项目机制，每月召开一次项目推进会。",
    ],
}


def write_docx(paragraphs: list[str], path: Path) -> None:
    """Write one document: ``# `` and ``## `` lines become headings, ``**x**`` bold runs."""
    # deferred: python-docx (lxml) is loaded only when a document is written.
    from docx import Document

    document = Document()
    # A fixed creation date keeps the file's metadata stable between regenerations.
    document.core_properties.created = dt.datetime(2024, 2, 20, tzinfo=dt.UTC)
    document.core_properties.author = "duban evaluation set"
    for line in paragraphs:
        if line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            document.add_heading(line[2:], level=1)
        else:
            paragraph = document.add_paragraph()
            for index, piece in enumerate(line.split("**")):
                if piece:
                    paragraph.add_run(piece).bold = index % 2 == 1
    document.save(str(path))


def convert(docx: Path, target: Path) -> None:
    """``target`` (.doc, .wps or .pdf) from ``docx`` through headless LibreOffice."""
    fmt = "pdf" if target.suffix == ".pdf" else "doc"
    program = converter()
    if program is None:
        raise SystemExit("LibreOffice (soffice) is needed: bash scripts/system-deps.sh")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(  # noqa: S603 (fixed program and arguments)
            [
                program,
                f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                folder,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copyfile(Path(folder, f"{docx.stem}.{fmt}"), target)


def main() -> None:
    """Regenerate every Word/WPS/PDF document of the evaluation set next to this file."""
    folder = Path(__file__).with_name("documents")
    for name, paragraphs in DOCUMENTS.items():
        target = folder / name
        if target.suffix == ".docx":
            write_docx(paragraphs, target)
        else:
            with tempfile.TemporaryDirectory() as work:
                docx = Path(work, f"{target.stem}.docx")
                write_docx(paragraphs, docx)
                convert(docx, target)
        print(target)


if __name__ == "__main__":
    main()
