"""The demo registry's people: invented, deterministic names and birth years."""

from __future__ import annotations

import datetime
import random

from .. import ages
from ..models import PERSON_CODE_PREFIX, FiveOldCategory, Gender, Person

# The day the seed describes (the 2023 survey's reference date): its ages and service-year
# points hold on that day. Ages elsewhere are taken at a date the reader names, so the seed's
# figures are those of `district_summary --on 2023-12-31`.
SEED_DAY = datetime.date(2023, 12, 31)
BACKBONE_COUNT = 368
BACKBONE_AGED_70_80 = 240  # 65%: the report's "over 60%"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦方邹熊白孟秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤华浦过"
)
GIVEN_MALE = "建国志明伟强军华平德福荣庆祥林海兵仁义春生根宝兴发勇峰忠良文武明亮金涛杰斌"
GIVEN_FEMALE = "秀英桂兰凤珍玉梅丽芳敏娟红霞萍琴彩云月芬燕华翠琳菊洁静"

CATEGORY_WEIGHTS = (
    (FiveOldCategory.CADRE, 30),
    (FiveOldCategory.TEACHER, 30),
    (FiveOldCategory.VETERAN, 18),
    (FiveOldCategory.EXPERT, 12),
    (FiveOldCategory.MODEL_WORKER, 10),
)
FORMER_POSTS = {
    FiveOldCategory.CADRE: ("退休干部", "原村党支部书记", "原镇机关干部", "原企业党委书记"),
    FiveOldCategory.TEACHER: ("退休教师", "原小学校长", "原中学教导主任", "退休幼儿园教师"),
    FiveOldCategory.VETERAN: ("退役军人", "原部队连长", "老战士"),
    FiveOldCategory.EXPERT: ("退休工程师", "退休医生", "原农技站站长", "退休律师"),
    FiveOldCategory.MODEL_WORKER: ("市劳动模范", "省劳动模范", "原乡镇企业劳模"),
}


class PeopleMaker:
    """Invented, deterministic people: the same seed gives the same district."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self.used: set[tuple[str, int]] = set()

    def with_rng(self, rng: random.Random) -> PeopleMaker:
        """A maker drawing from `rng` that adds to the same people (their codes follow on)."""
        other = PeopleMaker(rng)
        other.people, other.used = self.people, self.used
        return other

    def make(
        self, *, birth_year: int, category: str = "", former_post: str = "", gender: str = "", notes: str = ""
    ) -> Person:
        rng = self.rng
        gender = gender or rng.choice((Gender.MALE, Gender.MALE, Gender.FEMALE))
        given = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
            if (name, birth_year) not in self.used:
                break
        self.used.add((name, birth_year))
        if category and not former_post:
            former_post = rng.choice(FORMER_POSTS[category])
        person = Person(
            code=f"{PERSON_CODE_PREFIX}{len(self.people) + 1:05d}",
            name=name,
            gender=gender,
            birth_year=birth_year,
            phone=f"139{rng.randrange(10**8):08d}",
            former_post=former_post,
            is_five_old=bool(category),
            five_old_category=category,
            notes=notes,
        )
        self.people.append(person)
        return person

    def category(self) -> str:
        cats, weights = zip(*CATEGORY_WEIGHTS, strict=True)
        return self.rng.choices(cats, weights)[0]


def aged(age: int) -> int:
    """The birth year of someone `age` years old at SEED_DAY."""
    return ages.birth_year_of(age, SEED_DAY)


def backbone_birth_years(rng: random.Random) -> list[int]:
    seventies, sixties, over_80 = ages.BY_KEY["70_80"], ages.BY_KEY["60_69"], ages.BY_KEY["over_80"]
    years = [aged(rng.randint(seventies.youngest, seventies.oldest)) for _ in range(BACKBONE_AGED_70_80)]
    rest = BACKBONE_COUNT - BACKBONE_AGED_70_80
    years += [aged(rng.randint(sixties.youngest, sixties.oldest)) for _ in range(rest * 3 // 4)]
    years += [aged(rng.randint(over_80.youngest, over_80.youngest + 5)) for _ in range(rest - rest * 3 // 4)]
    rng.shuffle(years)
    return years
