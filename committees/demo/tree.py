"""The demo district's committee tree: the district, its nine towns with their villages,
schools and enterprises, and the district's lines.

The counts follow the 2024 research report (9 towns, 128 villages, 39 schools, 404
enterprises). Town names are real; village, school and company names are invented from
syllable lists, deterministically, so every load builds the same tree.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from ..models import Kind

DISTRICT_CODE = "XS"
DISTRICT_NAME = "锡山区关工委"
HISTORY_REASON = "load_demo"


@dataclass(frozen=True)
class TownSpec:
    name: str
    kind: str
    villages: int
    schools: int
    enterprises: int
    # Well-known place names in the town, used first for its villages.
    places: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.name.removesuffix("街道").removesuffix("镇")


TOWNS: tuple[TownSpec, ...] = (
    TownSpec("东港镇", Kind.TOWN, 20, 5, 60, ("东港", "港下")),
    TownSpec("锡北镇", Kind.TOWN, 18, 5, 55, ("八士", "张泾")),
    TownSpec("鹅湖镇", Kind.TOWN, 16, 5, 48, ("甘露", "荡口")),
    TownSpec("羊尖镇", Kind.TOWN, 17, 4, 50, ("羊尖", "严家桥")),
    TownSpec("东亭街道", Kind.SUBDISTRICT, 13, 5, 45, ("东亭",)),
    TownSpec("安镇街道", Kind.SUBDISTRICT, 12, 4, 40, ("安镇", "胶山")),
    TownSpec("厚桥街道", Kind.SUBDISTRICT, 11, 4, 38, ("厚桥", "嵩山")),
    TownSpec("东北塘街道", Kind.SUBDISTRICT, 10, 3, 30, ("东北塘",)),
    TownSpec("云林街道", Kind.SUBDISTRICT, 11, 4, 38, ("云林",)),
)

LINES: tuple[str, ...] = ("区教育关工委", "区退役军人事务局关工委", "区民营经济关工委")

# Syllables for invented names.
PLACE_FIRST = "新东西南北前后上大小高长青红金春秋荷梅桂柳桑枫竹松杨陈张周钱吴华顾朱蒋沈福永富兴和丰吉瑞泰康宁"
VILLAGE_SECOND = "塘桥港泾巷庄墅浜湾荡山湖河堰圩田埭墩坝舍"
COMMUNITY_SECOND = "合华康苑园景城庭馨怡欣悦"
BRAND_FIRST = "宏恒华新鑫金永盛润嘉源达泰隆丰瑞通联力锦天海"
BRAND_SECOND = "达力源盛泰丰祥通宇鼎晟业昌兴茂诚嘉信航凯"
INDUSTRIES = (
    "纺织",
    "精密机械",
    "电子",
    "新材料",
    "电气",
    "化纤",
    "印染",
    "不锈钢",
    "汽车部件",
    "环保科技",
    "服饰",
    "建材",
    "包装",
    "塑业",
    "铸造",
    "阀门",
    "电缆",
    "智能装备",
    "食品",
)

# The one community whose executive deputy is not a five-old: its last (newest) community.
NEW_COMMUNITY_TOWN = "东亭街道"
NEW_COMMUNITY_NOTES = "新建商品房住宅小区社区：常务副主任由在职社区干部兼任，另配备一名“五老”副主任。"

# The subdistricts' newest communities (the last of each), opened one by one after the first
# round of 五有五好 creation covered every village by 2011 ("增一个建一个"): one in the second round
# (2012–2017, so 124 villages in 2017), four since. evaluations.demo.history builds each when it opens.
NEW_COMMUNITY_YEARS = (2015, 2018, 2019, 2020, 2021)
FIRST_SUBDISTRICT = 4  # TOWNS' index of the first subdistrict

# Offsets so that a town lists its villages, then schools, then enterprises.
ORDER_SCHOOLS = 100
ORDER_ENTERPRISES = 1000


@dataclass(frozen=True)
class CommitteeSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    opened_on: datetime.date
    display_order: int
    notes: str = ""


def _day(year: int, n: int) -> datetime.date:
    return datetime.date(year, 1 + (n * 5) % 12, 1 + (n * 11) % 28)


def _names(first: str, second: str, count: int, used: set[str], *, salt: int) -> list[str]:
    """`count` two-syllable names not yet in `used`, walking the pairs with a fixed stride."""
    pairs = [a + b for a in first for b in second if a != b]
    stride = 37
    while math.gcd(stride, len(pairs)) != 1:  # coprime, so the walk visits every pair
        stride += 2
    names: list[str] = []
    for k in range(len(pairs)):
        name = pairs[(salt * 11 + k * stride) % len(pairs)]
        if name not in used:
            used.add(name)
            names.append(name)
            if len(names) == count:
                return names
    raise ValueError("not enough syllables for the demo names")


def _is_community(town: TownSpec, i: int) -> bool:
    # Towns are mostly villages with a few communities; subdistricts the other way round.
    if town.kind == Kind.TOWN:
        return i % 6 == 1
    return i % 5 != 3


def demo_committees() -> list[list[CommitteeSpec]]:
    """The demo tree, level by level (parents before children)."""
    root = CommitteeSpec(DISTRICT_CODE, DISTRICT_NAME, Kind.DISTRICT, None, datetime.date(2001, 1, 18), 0)
    towns: list[CommitteeSpec] = []
    below_towns: list[CommitteeSpec] = []
    used_places: set[str] = {t.short for t in TOWNS}
    used_brands: set[str] = set()
    for t, town in enumerate(TOWNS):
        code = f"{DISTRICT_CODE}{t + 1:02d}"
        towns.append(CommitteeSpec(code, f"{town.name}关工委", town.kind, DISTRICT_CODE, _day(2001, t + 3), t + 1))
        bases = _village_bases(t, town, used_places)
        below_towns += _villages(t, town, code, bases)
        below_towns += _schools(t, town, code, bases)
        below_towns += _enterprises(t, town, code, used_brands)
    return [[root], towns + _lines(), below_towns]


def _village_bases(t: int, town: TownSpec, used_places: set[str]) -> list[str]:
    """The place names of a town's villages and communities, in order: its well-known places
    first, then invented ones not yet in `used_places`."""
    places = list(town.places)
    used_places.update(places)
    n_communities = sum(_is_community(town, i) for i in range(town.villages))
    n_villages = town.villages - n_communities
    village_places = [p for i, p in enumerate(places) if not _is_community(town, i)]
    community_places = [p for i, p in enumerate(places) if _is_community(town, i)]
    village_places += _names(PLACE_FIRST, VILLAGE_SECOND, n_villages - len(village_places), used_places, salt=t)
    community_places += _names(
        PLACE_FIRST, COMMUNITY_SECOND, n_communities - len(community_places), used_places, salt=t
    )
    return [community_places.pop(0) if _is_community(town, i) else village_places.pop(0) for i in range(town.villages)]


def _villages(t: int, town: TownSpec, code: str, bases: list[str]) -> list[CommitteeSpec]:
    villages = []
    for i, base in enumerate(bases):
        is_community = _is_community(town, i)
        opened = _day(2002 + (t * 7 + i * 3) % 10, t + i)
        notes = ""
        if i == town.villages - 1 and town.kind == Kind.SUBDISTRICT:
            opened = _day(NEW_COMMUNITY_YEARS[t - FIRST_SUBDISTRICT], i)  # a newly built residential community
            if town.name == NEW_COMMUNITY_TOWN:
                notes = NEW_COMMUNITY_NOTES
        villages.append(
            CommitteeSpec(
                f"{code}V{i + 1:02d}",
                f"{base}{'社区' if is_community else '村'}关工委",
                Kind.COMMUNITY if is_community else Kind.VILLAGE,
                code,
                opened,
                i + 1,
                notes,
            )
        )
    return villages


def _schools(t: int, town: TownSpec, code: str, bases: list[str]) -> list[CommitteeSpec]:
    schools = [f"锡山区{town.short}中学", f"锡山区{town.short}中心小学"]
    schools += [f"锡山区{base}小学" for base in bases[1 : town.schools - 1]]
    return [
        CommitteeSpec(
            f"{code}S{i + 1:02d}",
            f"{school}关工委",
            Kind.SCHOOL,
            code,
            _day(2003 + (t + i * 3) % 9, t + i),
            ORDER_SCHOOLS + i + 1,
        )
        for i, school in enumerate(schools[: town.schools])
    ]


def _enterprises(t: int, town: TownSpec, code: str, used_brands: set[str]) -> list[CommitteeSpec]:
    enterprises = []
    brands = _names(BRAND_FIRST, BRAND_SECOND, town.enterprises, used_brands, salt=t)
    for i, brand in enumerate(brands):
        industry = INDUSTRIES[(t * 5 + i) % len(INDUSTRIES)]
        company = f"江苏{brand}{industry}集团有限公司" if i % 9 == 0 else f"无锡{brand}{industry}有限公司"
        enterprises.append(
            CommitteeSpec(
                f"{code}E{i + 1:03d}",
                f"{company}关工委",
                Kind.ENTERPRISE,
                code,
                _day(2006 + (t * 3 + i * 7) % 18, t + i),
                ORDER_ENTERPRISES + i + 1,
            )
        )
    return enterprises


def _lines() -> list[CommitteeSpec]:
    return [
        CommitteeSpec(
            f"{DISTRICT_CODE}L{i + 1:02d}",
            name,
            Kind.LINE,
            DISTRICT_CODE,
            _day(2004 + i * 4, i),
            len(TOWNS) + i + 1,
        )
        for i, name in enumerate(LINES)
    ]
