"""Synthetic but valid identity numbers for demo data, tests and benchmarks.

Faker's zh_CN ID numbers often fail the GB 11643 check, so numbers are assembled here and their check
characters computed by python-stdnum, the same library that validates them.
"""

import random
from datetime import date, timedelta

from stdnum.cn import ric, uscc

SHANGHAI_AREAS = [
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "310112",
    "310115",
    "310120",
]
OTHER_AREAS = [
    "320102",
    "330106",
    "340102",
    "360102",
    "410102",
    "420102",
    "430102",
    "510104",
    "500103",
    "130102",
]
ALL_AREAS = SHANGHAI_AREAS + OTHER_AREAS

# Common surnames and characters of given names, drawn one character at a time for demo people.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志海燕红梅玉春小晓文斌婷宇浩鑫鹏辉晨阳欣怡佳雪琳凯亮波"
)


def citizen_id(
    rng: random.Random, *, area: str | None = None, birth: date | None = None, sex: str | None = None
) -> str:
    """A valid ID. Without a fixed `area`, areas are drawn until one that existed in the birth year comes
    up (stdnum knows when each code was in use), so the number passes the strictest check."""
    birth = birth or date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    seq = rng.randrange(0, 1000)
    if sex is not None and (seq % 2 == 1) != (sex == "M"):
        seq = (seq + 1) % 1000
    while True:
        body = f"{area or rng.choice(ALL_AREAS)}{birth:%Y%m%d}{seq:03d}"
        number = body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character given
        if area or ric.is_valid(number):
            return number


def credit_code(serial: int, area: str = "310107") -> str:
    """A unified social credit code for an enterprise registered with market regulation (9) as a company (1);
    `serial` makes the 9-character organisation part unique."""
    body = f"91{area}{serial:09d}"
    return body + uscc.calc_check_digit(body)


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "137", "150", "186", "189", "131", "177"]) + f"{rng.randrange(10**8):08d}"
    )
