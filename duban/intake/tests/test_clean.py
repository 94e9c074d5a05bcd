"""Finding the article in pages saved from the web: chrome never yields targets."""

from duban.intake import extract_text
from duban.intake.clean import article_lines


def _kept(text: str) -> list[str]:
    return [line.text for line in article_lines(text)]


ARTICLE = (
    "会议明确,明年全区将力争全年实施重点项目200个,完成年度投资320亿元以上,"
    "新开工亿元以上项目80个,竣工投产项目50个,新增企业100家以上。"
)


def test_navigation_login_counters_and_footer_are_dropped() -> None:
    lines = [
        "首页 | 新闻中心 | 政务公开 | 办事服务",
        "登录 | 注册",
        "当前位置:首页 > 新闻中心",
        "发布时间:2021-12-30 来源:融媒体中心 浏览次数:1286",
        ARTICLE,
        "责任编辑:刘洋",
        "相关新闻",
        "· 全区新开工项目73个 2021-12-20",
        "· 前三季度投资增长11.2% 2021-10-25",
        "已有3人发表了评论",
        "联系电话:027-12345678",
        "版权所有 © 2021 某区人民政府 鄂ICP备12345678号",
    ]
    page = "\n".join(lines)
    assert _kept(page) == [ARTICLE]
    assert [p.value for p in extract_text(page)] == [200, 320, 80, 50, 100]


def test_forum_replies_and_signatures_are_not_the_article() -> None:
    lines = [
        "查看: 5826 | 回复: 23",
        "楼主",
        "发表于 2023-2-15 09:32 | 只看该作者",
        ARTICLE,
        "----------------------------",
        "签名:每天进步1%",
        "沙发",
        "发表于 2023-2-15 10:05",
        "明年我们镇力争新开工项目10个,加油",
    ]
    page = "\n".join(lines)
    assert _kept(page) == [ARTICLE]


def test_a_symbol_line_inside_the_article_does_not_cut_it() -> None:
    first = "会议确定,明年全区将大力实施六项工程,推动高质量发展取得新成效,确保各项目标任务完成。"
    page = f"{first}\n↓↓↓\n{ARTICLE}"
    assert _kept(page) == [first, ARTICLE]


def test_related_news_list_items_ending_in_dates_are_chrome() -> None:
    page = ARTICLE + "\n- 鼓楼:红色小广播 对话新思想2020-12-28\n- 一周热点新闻"
    assert _kept(page) == [ARTICLE]
