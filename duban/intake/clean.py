"""Find the article in a page saved from the web.

Saved pages carry chrome around the article: navigation and breadcrumbs, login prompts,
view/reply counters, "related news" lists whose items end with a date, comment counts
(已有0人发表了评论), 责任编辑 lines, copyright/ICP lines, addresses and phone numbers, and on
forums the post headers, signatures and replies. Numbers in the chrome are never targets, so
the extractor only reads the article lines this module returns.

The rules are about the *form* of a line (a short line ending in a date, a line of
separators, a counter label followed by digits), not about any one site. Works on the
matching copy (Simplified, half-width), line by line; returns offsets valid in the original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Line", "article_lines", "split_lines"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE_AT_END = re.compile(
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/]\d{1,2})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])】)]?\s*$"
)
_SEPARATORS = re.compile(r"[|｜>›»/·•]")
_NAV_WORDS = re.compile(r"首页|当前位置|您的位置|您现在的位置|网站导航|网站地图|返回顶部|无障碍")
_LOGIN_WORDS = re.compile(r"登录|注册|用户名|密码|退出|欢迎您|找回")
_COUNTER = re.compile(
    r"(?:浏览|阅读|点击|查看|回复|评论|点赞|收藏|分享|转发|访问)(?:次数|量|数)?\s*[:(]?\s*\d"
    r"|\d+\s*(?:人|次)?(?:浏览|阅读|评论|点赞|收藏|回复|参与)"
    r"|已有\d+人(?:发表了)?(?:评论|参与)"
)
_META = re.compile(
    r"发布时间|发布日期|来源\s*:|作者\s*:|字体\s*:|字号|打印本页|关闭窗口|【打印】|【关闭】"
    r"|责任编辑|编辑\s*:|审核\s*:|校对\s*:|分享到|扫一扫|上一篇|下一篇|网友评论|我要评论"
)
_FOOTER = re.compile(
    r"©|copyright|版权所有|icp|公网安备|备案号|主办单位|承办单位|技术支持|powered by"
    r"|网站标识码|地址\s*:|邮编|传真|联系电话|电话\s*:|e-?mail|邮箱\s*:",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\d{3,4}-\d{7,8}|1[3-9]\d{9}")
_LIST_HEADERS = re.compile(
    r"^[-·•\s]*(?:相关新闻|相关阅读|相关链接|相关文章|推荐阅读|延伸阅读|热点新闻|热门新闻"
    r"|最新新闻|频道推荐|猜你喜欢|图片新闻|一周热点|热门推荐|精彩推荐|专题专栏|友情链接)"
)
_FORUM_FLOOR = re.compile(r"^(?:楼主|沙发|板凳|地板|地下室|\d+\s*#|#\s*\d+|\d+\s*楼)\s*$")
_FORUM_HEADER = re.compile(
    r"发表于\s*\d|只看该作者|本帖最后由|复制链接|返回列表|发新帖|举报|积分\s*\d"
)
_SIGNATURE = re.compile(r"^(?:签名|个性签名)\s*[:：]|^[-_=*~]{6,}\s*$")
_SHORT = 40


@dataclass(frozen=True)
class Line:
    """One line of the document: offsets into the original and its matching-copy text."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets; the line break and a trailing ``\\r`` are not part of a line."""
    lines: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        body = raw.removesuffix("\r")
        lines.append(Line(offset, offset + len(body), body))
        offset += len(raw) + 1
    return lines


def _is_chrome(line: str) -> bool:
    """True when the form of the line says page chrome, not article text."""
    stripped = line.strip()
    if not stripped:
        return False
    short = len(stripped) <= _SHORT
    has_sentence_end = stripped.endswith(("。", "!", "?", ";"))
    if not _CJK.search(stripped):
        # "Powered by ..." is chrome; a line of symbols (↓↓↓, ***) is a separator inside
        # the article and is handled by the caller as neutral.
        return bool(re.search(r"[A-Za-z0-9]", stripped))
    if _DATE_AT_END.search(stripped) and len(stripped) <= 80 and not has_sentence_end:
        return True  # a related-news item or a publication stamp
    if _LIST_HEADERS.search(stripped) or _FOOTER.search(stripped) or _META.search(stripped):
        return len(stripped) <= 120
    if _COUNTER.search(stripped) and short:
        return True
    if short and (_NAV_WORDS.search(stripped) or _LOGIN_WORDS.search(stripped)):
        return True
    if short and len(_SEPARATORS.findall(stripped)) >= 2:
        return True
    if _FORUM_FLOOR.match(stripped) or _FORUM_HEADER.search(stripped):
        return True
    if _SIGNATURE.match(stripped):
        return True
    return bool(_PHONE.search(stripped) and short)


def _forum_cut(lines: Sequence[Line]) -> int:
    """Index of the first line after the opening post of a forum thread (or len(lines)).

    A thread shows each post as a floor marker or a "发表于 <date>" header; replies are other
    people's chatter, so only the opening post (the reposted document) is read.
    """
    headers = [
        index
        for index, line in enumerate(lines)
        if _FORUM_FLOOR.match(line.text.strip()) or re.search(r"发表于\s*\d", line.text)
    ]
    posts: list[int] = []
    for index in headers:
        # A floor marker directly above its "发表于" line belongs to the same post.
        if posts and index - posts[-1] <= 3:
            continue
        posts.append(index)
    return posts[1] if len(posts) >= 2 else len(lines)


def _paragraph_weight(line: str) -> int:
    """How much a line looks like article prose: its CJK characters if it reads as sentences."""
    cjk = len(_CJK.findall(line))
    if cjk >= 15 and re.search(r"[,。;:、]", line):
        return cjk
    return cjk // 4


def article_lines(
    text: str,
    chrome: Sequence[tuple[int, int]] = (),
    lines: Sequence[Line] | None = None,
) -> list[Line]:
    """The article's lines of ``text`` (the matching copy), in order.

    ``chrome`` are ranges a reader already knows are chrome (HTML nav/footer). The article is
    the run of non-chrome lines carrying the most prose, plus any other run at least half
    as heavy (a page may split the article around an advert); a signature ends a post.
    """
    all_lines = list(lines) if lines is not None else split_lines(text)
    cut = _forum_cut(all_lines)
    flags: list[bool] = []
    in_signature = False
    in_list = False
    for index, line in enumerate(all_lines):
        stripped = line.text.strip()
        hinted = any(start <= line.start and line.end <= end for start, end in chrome)
        if _SIGNATURE.match(stripped):
            in_signature = True
        if _LIST_HEADERS.search(stripped):
            in_list = True  # a "related news" block runs until real prose returns
        elif in_list and _paragraph_weight(stripped) >= 15:
            in_list = False
        chrome_line = (
            index >= cut
            or hinted
            or in_signature
            or (in_list and bool(stripped))
            or _is_chrome(line.text)
        )
        flags.append(chrome_line)
    runs: list[list[int]] = []
    current: list[int] = []
    for index, is_chrome in enumerate(flags):
        if not is_chrome and not _CJK.search(all_lines[index].text):
            continue  # blank or symbol-only lines neither break nor join a run
        if is_chrome:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    if current:
        runs.append(current)
    if not runs:
        return []
    weights = [sum(_paragraph_weight(all_lines[i].text) for i in run) for run in runs]
    best = max(weights)
    keep = [run for run, weight in zip(runs, weights, strict=True) if weight * 2 >= best]
    return [all_lines[i] for run in keep for i in run if all_lines[i].text.strip()]
