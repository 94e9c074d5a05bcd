"""The seed district (鼓楼区): 10 街镇, 2 园区, 15 区直部门 and its linked leaders.

Names follow the seed plan (seeds/002) where it names a unit: its 主送 line (各街道办事处,
洪山镇, 福州软件园、高新区洪山园) and its 责任分工 (区发改局, which in 鼓楼 is also the 科技局:
"区发改局(科技局)", so there is no separate 区科技局; 区数字办, 区工信局, 区商务局,
区行政服务中心, 区政府督查室). The other 区直 units are the departments a 鼓楼 problem or
project is really handled by (生态环境 and 自然资源和规划 are the municipal bureaus' 鼓楼
branches); they are illustrative (示例), not named by the plan.
"""

from __future__ import annotations

from typing import Any

from duban.orgs.choices import UnitKind
from duban.orgs.models import District, Leader, Unit

STREETS = [
    ("gudong", "鼓东街道", "鼓东"),
    ("guxi", "鼓西街道", "鼓西"),
    ("wenquan", "温泉街道", "温泉"),
    ("dongjie", "东街街道", "东街"),
    ("nanjie", "南街街道", "南街"),
    ("antai", "安泰街道", "安泰"),
    ("huada", "华大街道", "华大"),
    ("shuibu", "水部街道", "水部"),
    ("wufeng", "五凤街道", "五凤"),
    ("hongshan", "洪山镇", "洪山"),
]
PARKS = [("ruanjianyuan", "福州软件园", "软件园"), ("gaoxinqu", "高新区洪山园", "洪山园")]
DEPARTMENTS = [
    # The plan's own names (seeds/002, 三、责任分工 and 四、协调推进).
    ("fgj", "区发改局（科技局）", "发改局"),
    ("shuziban", "区数字办", "数字办"),
    ("gxj", "区工信局", "工信局"),
    ("swj", "区商务局", "商务局"),
    ("xzfwzx", "区行政服务中心", "行政服务中心"),
    ("dcs", "区政府督查室", "督查室"),
    # 区直各办、局（公司） the plan addresses without naming them (示例).
    ("czj", "区财政局", "财政局"),
    ("jrb", "区金融办", "金融办"),
    ("zjj", "区住建局", "住建局"),
    ("jyj", "区教育局", "教育局"),
    ("wjj", "区卫健局", "卫健局"),
    ("wtlj", "区文体旅局", "文体旅局"),
    ("cgj", "区城管局", "城管局"),
    ("sthjj", "福州市鼓楼生态环境局", "生态环境局"),
    ("zrzyj", "市自然资源和规划局鼓楼分局", "自然资源和规划局"),
    ("gtgs", "区国投公司", "国投公司"),
]
LEADERS = [
    ("林志远", "区长"),
    ("陈伟明", "常务副区长"),
    ("黄晓东", "副区长"),
    ("郑雅琴", "副区长"),
    ("王建国", "副区长"),
    ("刘思源", "区委常委、副区长"),
    ("张海峰", "区人大常委会副主任"),
    ("吴立新", "区政协副主席"),
]


def load(ctx: Any) -> None:
    District.objects.get_or_create(
        name="鼓楼区", defaults={"code": "350102", "campaign_name": "“抓项目促提升”专项行动"}
    )
    units: dict[str, Unit] = {}
    for kind, rows in (
        (UnitKind.STREET, STREETS),
        (UnitKind.PARK, PARKS),
        (UnitKind.DEPARTMENT, DEPARTMENTS),
    ):
        for order, (code, name, short) in enumerate(rows, start=1):
            units[code], _ = Unit.objects.get_or_create(
                code=code,
                defaults={"name": name, "short_name": short, "kind": kind, "sort_order": order},
            )
    ctx.objects["units"] = units
    ctx.objects["leaders"] = [
        Leader.objects.get_or_create(name=n, defaults={"title": t, "sort_order": i})[0]
        for i, (n, t) in enumerate(LEADERS, start=1)
    ]
