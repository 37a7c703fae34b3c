#!/usr/bin/env python3
"""Generate the Xinjiang sample data for templates/xinjiang-2019.yaml.

Writes regions.csv and values.csv beside this script (UTF-8, LF, no BOM).
Deterministic: the only randomness is a fixed-seed splitmix64 generator, so
every run (any Python 3 version) writes byte-identical files. The region
totals are asserted against the figures of the source document
(shared/seed/README.md) after rolling the data up the way the template says.

    python3 data/xinjiang/generate.py            # write the CSVs
    python3 data/xinjiang/generate.py --check    # only build and verify

README.md beside this file says which facts are real and which are assumed.
"""

import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2013, 2020))
VILLAGE_YEARS = list(range(2014, 2020))   # 建档立卡 data by village from 2014
EXIT_YEARS = list(range(2016, 2020))      # village exits began in 2016

# --- region-level path, persons ------------------------------------------
# Cumulative registered (2013: the poor population of the 2013 baseline),
# still poor at year end, rural population (denominator of incidence).
REGISTERED = {2013: 2541000, 2014: 2700000, 2015: 2850000, 2016: 2950000,
              2017: 3020000, 2018: 3065000, 2019: 3089000}
REMAINING = {2013: 2541000, 2014: 2270000, 2015: 1890000, 2016: 1520000,
             2017: 1130000, 2018: 646000, 2019: 165800}
RURAL = {2013: 13100000, 2014: 13150000, 2015: 13200000, 2016: 13240000,
         2017: 13290000, 2018: 13330000, 2019: 13370000}
# Households: 2019 exact; earlier years from the persons at 2019's household size.
REG_HH_2019, REM_HH_2019 = 779700, 42100
# Remaining persons at the end of 2019 in the 10 counties not yet delisted.
REMAINING_10_2019 = 150000

POOR_VILLAGES = 3666
VILLAGES_IN_POOR_COUNTIES = 3200
EXITED_CUM = {2016: 500, 2017: 1200, 2018: 2100, 2019: 3107}
VILLAGES_LEFT = 559
NONPOOR_VILLAGE_SHARE = 0.03  # non-poor villages per poor village (at least 1 per county)

# Incomes, yuan. Region-level figures (rollup: none in the template).
POOR_COUNTY_INCOME = {2013: 5400, 2014: 6170, 2015: 7050, 2016: 8060,
                      2017: 9210, 2018: 10530, 2019: 12035}
POOR_HH_INCOME = {2015: 2725, 2016: 3690, 2017: 5010, 2018: 6780, 2019: 9195}
FARMER_INCOME = {2013: 7847, 2014: 8724, 2015: 9425, 2016: 10183,
                 2017: 11045, 2018: 11975, 2019: 13122}

# The seven measures (2019, cumulative where the document says so).
INDUSTRY_SUPPORT = 1367900
ONLINE_RETAIL = 11000000000
TRANSFER_EMPLOYMENT = 144000
LAND_REDISTRIBUTION = 719400
PROVINCIAL_LEADERS = 50

# Fraction of the registered still poor, by county category and year; each
# year's county figures are then scaled to the region total above.
STILL_POOR = {
    "rem":    [1, .90, .77, .63, .48, .30, .10],
    "poor19": [1, .86, .70, .55, .40, .22, .01],
    "poor18": [1, .80, .60, .42, .25, .03, .01],
    "task":   [1, .78, .58, .42, .27, .12, .01],
    "zero":   [0, 0, 0, 0, 0, 0, 0],
}
SOUTH = {"6529", "6530", "6531", "6532"}

PREFECTURES = [
    ("6501", "乌鲁木齐市"), ("6502", "克拉玛依市"), ("6504", "吐鲁番市"),
    ("6505", "哈密市"), ("6523", "昌吉回族自治州"), ("6527", "博尔塔拉蒙古自治州"),
    ("6528", "巴音郭楞蒙古自治州"), ("6529", "阿克苏地区"),
    ("6530", "克孜勒苏柯尔克孜自治州"), ("6531", "喀什地区"), ("6532", "和田地区"),
    ("6540", "伊犁哈萨克自治州"), ("6542", "塔城地区"), ("6543", "阿勒泰地区"),
]

# code, name, category, registered poor 2019 (万, a weight), rural population
# 2019 (万, a weight). Categories: rem = poor county not delisted by 2019;
# poor19 / poor18 = poor county delisted in that year; task = non-poor county
# with poverty-alleviation tasks; zero = no registered poor.
COUNTIES = """
650102 天山区 zero 0 0.5
650103 沙依巴克区 zero 0 0.5
650104 新市区 zero 0 1
650105 水磨沟区 zero 0 0.5
650106 头屯河区 zero 0 1
650107 达坂城区 task 0.1 2.5
650109 米东区 task 0.2 9
650121 乌鲁木齐县 task 0.1 5
650202 独山子区 zero 0 0.2
650203 克拉玛依区 zero 0 0.5
650204 白碱滩区 zero 0 0.3
650205 乌尔禾区 zero 0 0.6
650402 高昌区 task 0.4 16
650421 鄯善县 task 0.3 14
650422 托克逊县 task 0.5 8
650502 伊州区 task 0.4 15
650521 巴里坤哈萨克自治县 poor18 1.5 6
650522 伊吾县 task 0.3 1.5
652301 昌吉市 zero 0 12
652302 阜康市 zero 0 7
652323 呼图壁县 task 0.3 13
652324 玛纳斯县 task 0.3 13
652325 奇台县 task 0.5 15
652327 吉木萨尔县 task 0.3 8
652328 木垒哈萨克自治县 poor18 1.5 5
652701 博乐市 zero 0 9
652702 阿拉山口市 zero 0 0.1
652722 精河县 task 0.4 7
652723 温泉县 task 0.8 5
652801 库尔勒市 zero 0 15
652822 轮台县 task 0.6 7
652823 尉犁县 task 0.4 6
652824 若羌县 task 0.1 2
652825 且末县 task 0.6 4
652826 焉耆回族自治县 task 0.5 9
652827 和静县 task 0.6 10
652828 和硕县 task 0.4 5
652829 博湖县 task 0.3 4
652901 阿克苏市 zero 0 18
652902 库车市 task 4 38
652922 温宿县 task 2 20
652924 沙雅县 task 3 22
652925 新和县 task 2 15
652926 拜城县 task 3 20
652927 乌什县 poor19 5 20
652928 阿瓦提县 poor19 4 22
652929 柯坪县 poor19 1.5 5
653001 阿图什市 poor19 7 22
653022 阿克陶县 rem 8 20
653023 阿合奇县 poor19 1.5 4.5
653024 乌恰县 poor19 1.6 5
653101 喀什市 task 3 25
653121 疏附县 poor19 12 35
653122 疏勒县 poor19 12 30
653123 英吉沙县 rem 10 26
653124 泽普县 poor19 5 18
653125 莎车县 rem 28 75
653126 叶城县 rem 18 45
653127 麦盖提县 poor19 6 20
653128 岳普湖县 poor19 5 15
653129 伽师县 rem 15 40
653130 巴楚县 poor19 6 30
653131 塔什库尔干塔吉克自治县 poor19 1.2 3.5
653201 和田市 poor19 3 10
653221 和田县 poor19 12 30
653222 墨玉县 rem 28 55
653223 皮山县 rem 14 28
653224 洛浦县 rem 14 26
653225 策勒县 rem 8 16
653226 于田县 rem 14 26
653227 民丰县 poor19 1.5 4
654002 伊宁市 task 0.3 8
654003 奎屯市 zero 0 1
654004 霍尔果斯市 zero 0 1.5
654021 伊宁县 task 2 35
654022 察布查尔锡伯自治县 poor18 3 15
654023 霍城县 task 1.5 25
654024 巩留县 task 1.5 15
654025 新源县 task 1.5 22
654026 昭苏县 task 1.5 13
654027 特克斯县 task 1.5 12
654028 尼勒克县 poor19 3 14
654201 塔城市 task 0.3 6
654202 乌苏市 task 0.5 16
654221 额敏县 task 1 15
654223 沙湾县 task 0.5 15
654224 托里县 poor19 1.8 7
654225 裕民县 poor19 1 4.5
654226 和布克赛尔蒙古自治县 poor19 1 4
654301 阿勒泰市 task 0.8 9
654321 布尔津县 task 0.6 5
654322 富蕴县 task 0.8 6
654323 福海县 task 0.6 5
654324 哈巴河县 task 0.6 5
654325 青河县 poor19 1.2 5
654326 吉木乃县 poor19 0.8 3
"""

# Deep-poverty counties on the border where every unlifted household has a
# border guard (the document gives the count, 7; the list is assumed).
BORDER_GUARD = {"653022", "653024", "653023", "653001", "653131", "653126", "653223"}

# Syllables for synthetic township names (transliteration-style, not real).
SYLLABLES = ["阿克", "喀拉", "托格", "英阿", "巴格", "吐格", "阔什", "萨依", "库木",
             "玉其", "亚", "塔木", "乌鲁", "其乃", "恰", "兰干", "依格", "艾西", "布隆",
             "喀尔", "奥依", "博斯", "加依", "色力", "夏", "阿热", "克孜", "排孜",
             "铁热", "尤喀", "也格", "苏盖", "托万", "墩", "恰瓦", "帕依"]


class Rng:
    """splitmix64: small, fast, and the same in every Python version."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self, a, b):
        return a + (b - a) * (self.next() >> 11) / float(1 << 53)

    def below(self, n):
        return self.next() % n

    def shuffle(self, xs):
        for i in range(len(xs) - 1, 0, -1):
            j = self.below(i + 1)
            xs[i], xs[j] = xs[j], xs[i]


def allocate(total, weights, lo=None, hi=None):
    """Integers x with sum == total, lo <= x <= hi, x close to t * weight.

    Continuous water-filling (x = clamp(t * w) with t found by bisection),
    then floors plus the largest remainders, which keeps the bounds since
    they are integers."""
    n = len(weights)
    lo = lo if lo is not None else [0] * n
    hi = hi if hi is not None else [total] * n
    assert sum(lo) <= total <= sum(hi), (total, sum(lo), sum(hi))

    def at(t):
        return [min(hi[i], max(lo[i], t * weights[i])) for i in range(n)]

    a, b = 0.0, 1.0
    while sum(at(b)) < total and b < 1e30:
        b *= 2
    for _ in range(200):
        m = (a + b) / 2
        if sum(at(m)) < total:
            a = m
        else:
            b = m
    x = at(b)
    assert sum(x) >= total - 1e-6, "weights leave no room for %d" % total
    out = [int(math.floor(v + 1e-9)) for v in x]
    left = total - sum(out)
    order = sorted(range(n), key=lambda i: (-(x[i] - out[i]), i))
    for i in order:
        if left == 0:
            break
        if out[i] < hi[i]:
            out[i] += 1
            left -= 1
    assert left == 0 and sum(out) == total
    assert all(lo[i] <= out[i] <= hi[i] for i in range(n))
    return out


class County:
    def __init__(self, line):
        code, name, cat, reg, rural = line.split()
        self.code, self.name, self.cat = code, name, cat
        self.pref = code[:4]
        self.w_reg, self.w_rural = float(reg), float(rural)
        self.poor = cat in ("rem", "poor18", "poor19")
        self.delisted = {"poor18": 2018, "poor19": 2019}.get(cat)
        self.villages = []
        self.rp, self.rem, self.rural = {}, {}, {}
        self.rh, self.remh = {}, {}
        self.pci = {}


class Village:
    def __init__(self, code, name, poor, weight):
        self.code, self.name, self.poor, self.w = code, name, poor, weight
        self.exit = None   # year exited, None if never (or not a poor village)
        self.rp, self.lp = {}, {}


def build_counties(rng):
    cs = [County(l) for l in COUNTIES.strip().splitlines()]
    # Jitter so that counties of one category do not move in lockstep.
    for c in cs:
        c.w_reg *= rng.uniform(0.9, 1.1)
        c.pace = rng.uniform(0.85, 1.15)  # speed of lifting
    assert len(cs) == 96 and len({c.code for c in cs}) == 96
    assert sum(c.poor for c in cs) == 35
    assert sum(c.cat == "rem" for c in cs) == 10
    assert sum(c.cat == "task" for c in cs) == 44
    assert sum(c.delisted is not None for c in cs) == 25
    return cs


def county_persons(cs):
    """Registered, still-poor and rural population by county and year."""
    w = [c.w_reg for c in cs]
    prev = None
    for y in YEARS:
        rp = allocate(REGISTERED[y], w, lo=prev)
        ru = allocate(RURAL[y], [c.w_rural for c in cs])
        for c, a, b in zip(cs, rp, ru):
            c.rp[y], c.rural[y] = a, b
        prev = rp
    for c in cs:
        c.rem[2013] = c.rp[2013]
    for k, y in enumerate(YEARS[1:], start=1):
        if y < 2019:
            groups = [(cs, REMAINING[y])]
        else:
            groups = [([c for c in cs if c.cat == "rem"], REMAINING_10_2019),
                      ([c for c in cs if c.cat != "rem"], REMAINING[y] - REMAINING_10_2019)]
        for g, total in groups:
            wt = [c.rp[y] * STILL_POOR[c.cat][k] ** c.pace for c in g]
            # Never more poor than last year, nor above 2% of the rural
            # population once delisted (the western exit line is 3%).
            hi = []
            for c in g:
                h = min(c.rem[y - 1], c.rp[y])
                if c.delisted and y >= c.delisted:
                    h = min(h, int(0.02 * c.rural[y]))
                hi.append(h)
            for c, v in zip(g, allocate(total, wt, hi=hi)):
                c.rem[y] = v


def county_households(cs):
    size = REGISTERED[2019] / REG_HH_2019
    rem_size = REMAINING[2019] / REM_HH_2019
    # Southern households are larger.
    hsz = {c.code: (4.2 if c.pref in SOUTH else 3.5) for c in cs}
    prev = None
    for y in YEARS:
        total = REG_HH_2019 if y == 2019 else round(REGISTERED[y] / size)
        rh = allocate(total, [c.rp[y] / hsz[c.code] for c in cs], lo=prev,
                      hi=[c.rp[y] for c in cs])
        for c, v in zip(cs, rh):
            c.rh[y] = v
        prev = rh
        if y == 2013:
            for c in cs:
                c.remh[y] = c.rh[y]
            continue
        total = REM_HH_2019 if y == 2019 else round(REMAINING[y] / rem_size)
        # Lifted households never fall: remaining <= last year's remaining
        # plus this year's newly registered.
        lo = [1 if c.rem[y] > 0 else 0 for c in cs]
        hi = [min(c.rem[y], c.rh[y], c.remh[y - 1] + c.rh[y] - c.rh[y - 1]) for c in cs]
        for c, v in zip(cs, allocate(total, [c.rem[y] / hsz[c.code] for c in cs], lo, hi)):
            c.remh[y] = v


def township_names(rng, n):
    names = []
    while len(names) < n:
        a = SYLLABLES[rng.below(len(SYLLABLES))]
        b = SYLLABLES[rng.below(len(SYLLABLES))]
        name = a + b + ("镇" if rng.below(4) == 0 else "乡")
        if a != b and name[:-1] not in [x[:-1] for x in names]:
            names.append(name)
    return names


def make_villages(cs, rng):
    """Poor villages per county, plus a few non-poor ones; codes are the
    county code + township digit (1-9) + village number (01-99)."""
    poor_cs = [c for c in cs if c.poor]
    task_cs = [c for c in cs if c.cat == "task"]
    n_poor = allocate(VILLAGES_IN_POOR_COUNTIES, [c.w_reg for c in poor_cs], lo=[8] * 35)
    n_task = allocate(POOR_VILLAGES - VILLAGES_IN_POOR_COUNTIES,
                      [c.w_reg for c in task_cs], lo=[1] * 44)
    counts = dict(zip([c.code for c in poor_cs], n_poor))
    counts.update(zip([c.code for c in task_cs], n_task))
    for c in cs:
        npv = counts.get(c.code, 0)
        if npv == 0:
            continue
        nnp = max(1, round(NONPOOR_VILLAGE_SHARE * npv))
        n = npv + nnp
        towns = min(9, max(1, math.ceil(n / 30)))
        tnames = township_names(rng, towns)
        kinds = [True] * npv + [False] * nnp
        rng.shuffle(kinds)
        per = [n // towns + (1 if t < n % towns else 0) for t in range(towns)]
        k = 0
        for t in range(towns):
            assert per[t] <= 99
            for j in range(per[t]):
                poor = kinds[k]
                k += 1
                # About a quarter of the poor live outside poor villages.
                w = rng.uniform(0.6, 1.4) * (1.0 if poor else npv / nnp / 3.0)
                code = "%s%d%02d" % (c.code, t + 1, j + 1)
                name = "%s%d村" % (tnames[t], j + 1)
                c.villages.append(Village(code, name, poor, w))


def assign_exits(cs, rng):
    rem_cs = [c for c in cs if c.cat == "rem"]
    left = allocate(VILLAGES_LEFT, [sum(v.poor for v in c.villages) for c in rem_cs])
    exiting = []
    for c, nleft in zip(rem_cs, left):
        pv = [v for v in c.villages if v.poor]
        rng.shuffle(pv)
        exiting += [(v, c) for v in pv[nleft:]]
    for c in cs:
        if c.cat != "rem":
            exiting += [(v, c) for v in c.villages if v.poor]
    assert len(exiting) == EXITED_CUM[2019]
    # Earlier for counties delisted earlier and for the lighter north.
    keyed = []
    for v, c in exiting:
        k = rng.uniform(0, 1)
        if c.delisted == 2018:
            k *= 0.4
        elif c.pref not in SOUTH:
            k *= 0.7
        keyed.append((k, v.code, v))
    keyed.sort()
    bounds = [(EXITED_CUM[y], y) for y in EXIT_YEARS]
    for i, (_, _, v) in enumerate(keyed):
        v.exit = next(y for b, y in bounds if i < b)
    for c in cs:
        if c.delisted:
            assert all(v.exit and v.exit <= c.delisted for v in c.villages if v.poor)


def village_persons(cs):
    for c in cs:
        vs = c.villages
        if not vs:
            continue
        prev = None
        for y in VILLAGE_YEARS:
            rp = allocate(c.rp[y], [v.w for v in vs], lo=prev)
            for v, x in zip(vs, rp):
                v.rp[y] = x
            prev = rp
        prevl = None
        for y in VILLAGE_YEARS:
            lifted = c.rp[y] - c.rem[y]
            # Exited villages are lifted first; the rest at a slower pace.
            wt = [v.rp[y] * (1.0 if v.exit and v.exit <= y else 0.35) for v in vs]
            lp = allocate(lifted, wt, lo=prevl, hi=[v.rp[y] for v in vs])
            for v, x in zip(vs, lp):
                v.lp[y] = x
            prevl = lp


def farmer_incomes(cs, rng):
    """Illustrative per-county figures for the 35 poor counties (the region
    figure is given directly: rollup none)."""
    for c in cs:
        if not c.poor:
            continue
        f = rng.uniform(0.85, 0.97) if c.pref in SOUTH else rng.uniform(1.08, 1.3)
        g = rng.uniform(-0.02, 0.02)
        for k, y in enumerate(YEARS):
            c.pci[y] = int(round(POOR_COUNTY_INCOME[y] * f * (1 + g * k / 6) / 10.0)) * 10


def measures(cs):
    """County figures of the measures, summing to the document's totals."""
    rp = [c.rp[2019] for c in cs]
    ind = allocate(INDUSTRY_SUPPORT, [x * (1.2 if c.poor else 0.8) for x, c in zip(rp, cs)], hi=rp)
    emp = allocate(TRANSFER_EMPLOYMENT, rp, hi=rp)
    # Land was cleared and redistributed in the south.
    land_w = [x if c.pref in SOUTH else 0 for x, c in zip(rp, cs)]
    land = allocate(LAND_REDISTRIBUTION, land_w, hi=rp)
    for c, a, b, d in zip(cs, ind, emp, land):
        c.industry, c.employment, c.land = a, b, d


# Registered poor households' per-capita net income by prefecture, relative to the
# region figure (illustrative, rollup none).
PREF_HH_INCOME_FACTOR = {"6501": 1.35, "6502": None, "6504": 1.25, "6505": 1.3,
                         "6523": 1.35, "6527": 1.3, "6528": 1.3, "6529": 1.05,
                         "6530": 0.95, "6531": 0.97, "6532": 0.93, "6540": 1.2,
                         "6542": 1.2, "6543": 1.15}


def write_regions(cs, path):
    rows = ["code,name,parent,level", "65,新疆维吾尔自治区,,region"]
    for pcode, pname in PREFECTURES:
        rows.append("%s,%s,65,prefecture" % (pcode, pname))
        for c in cs:
            if c.pref != pcode:
                continue
            rows.append("%s,%s,%s,county" % (c.code, c.name, pcode))
            for v in c.villages:
                rows.append("%s,%s,%s,village" % (v.code, v.name, c.code))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows) - 1


def value_rows(cs):
    """(region, period, indicator, value) in region order."""
    out = []
    add = lambda r, y, i, v: out.append((r, y, i, v))
    for y in YEARS:
        add("65", y, "poor_county_farmer_income", POOR_COUNTY_INCOME[y])
        add("65", y, "farmer_income", FARMER_INCOME[y])
    for y in sorted(POOR_HH_INCOME):
        add("65", y, "poor_hh_income", POOR_HH_INCOME[y])
    add("65", 2019, "online_retail", ONLINE_RETAIL)
    add("65", 2019, "provincial_leaders", PROVINCIAL_LEADERS)
    for pcode, _ in PREFECTURES:
        f = PREF_HH_INCOME_FACTOR[pcode]
        if f is not None:
            for y in sorted(POOR_HH_INCOME):
                add(pcode, y, "poor_hh_income", int(round(POOR_HH_INCOME[y] * f / 5.0)) * 5)
        for c in cs:
            if c.pref == pcode:
                county_rows(c, add)
    return out


def county_rows(c, add):
    has_v = bool(c.villages)
    for y in YEARS:
        add(c.code, y, "rural_population", c.rural[y])
        add(c.code, y, "registered_households", c.rh[y])
        add(c.code, y, "lifted_households", c.rh[y] - c.remh[y])
        add(c.code, y, "poor_counties", 1 if c.poor else 0)
        add(c.code, y, "counties_delisted", 1 if c.delisted and y >= c.delisted else 0)
        if c.poor:
            add(c.code, y, "poor_county_farmer_income", c.pci[y])
        # Before village-level data (2013), or for counties without villages.
        if not has_v or y < VILLAGE_YEARS[0]:
            add(c.code, y, "registered_persons", c.rp[y])
            add(c.code, y, "lifted_persons", c.rp[y] - c.rem[y])
            add(c.code, y, "poor_villages", sum(v.poor for v in c.villages))
        if not has_v or y < EXIT_YEARS[0]:
            add(c.code, y, "villages_exited", 0)
    add(c.code, 2019, "task_counties", 1 if c.cat == "task" else 0)
    add(c.code, 2019, "border_guard_counties", 1 if c.code in BORDER_GUARD else 0)
    add(c.code, 2019, "industry_support_persons", c.industry)
    add(c.code, 2019, "transfer_employment", c.employment)
    add(c.code, 2019, "land_redistribution_persons", c.land)
    for v in c.villages:
        for y in VILLAGE_YEARS:
            add(v.code, y, "registered_persons", v.rp[y])
            add(v.code, y, "lifted_persons", v.lp[y])
            add(v.code, y, "poor_villages", 1 if v.poor else 0)
        if v.poor:
            for y in EXIT_YEARS:
                add(v.code, y, "villages_exited", 1 if v.exit and v.exit <= y else 0)


def write_values(rows, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("region,period,indicator,value\n")
        for r, y, i, v in rows:
            f.write("%s,%d,%s,%d\n" % (r, y, i, v))


# --- verification: roll up as the template says, then assert the figures ---

SUMMED = ["registered_households", "registered_persons", "lifted_households",
          "lifted_persons", "rural_population", "poor_villages", "villages_exited",
          "poor_counties", "counties_delisted", "task_counties", "border_guard_counties",
          "industry_support_persons", "transfer_employment", "land_redistribution_persons"]
NOT_ROLLED = ["poor_county_farmer_income", "poor_hh_income", "farmer_income",
              "online_retail", "provincial_leaders"]


def rollup(parent, order, rows):
    """cube[(indicator, region, year)] after the engine's rule: a parent's
    data value is kept only where none of its children has one."""
    data = {}
    for r, y, i, v in rows:
        key = (i, r, y)
        assert key not in data, "duplicate value %r" % (key,)
        assert i in SUMMED or i in NOT_ROLLED, i
        data[key] = v
    cube = dict(data)
    for i in SUMMED:
        for y in YEARS:
            acc = {}
            for r in reversed(order):          # children before parents
                own = acc.get(r)
                if own is None:
                    own = data.get((i, r, y))
                else:
                    assert (i, r, y) not in data, "parent and child data %r" % ((i, r, y),)
                if own is None:
                    continue
                cube[(i, r, y)] = own
                p = parent[r]
                if p:
                    acc[p] = acc.get(p, 0) + own
    return cube


def derived(cube, r, y):
    g = lambda i, yy=y: cube.get((i, r, yy))
    d = {}
    d["remaining_households"] = g("registered_households") - g("lifted_households")
    d["remaining_persons"] = g("registered_persons") - g("lifted_persons")
    d["villages_remaining"] = g("poor_villages") - g("villages_exited")
    d["counties_remaining"] = g("poor_counties") - g("counties_delisted")
    d["incidence"] = d["remaining_persons"] / g("rural_population") * 100
    return d


def half_up(x, n):
    from decimal import Decimal, ROUND_HALF_UP
    q = Decimal(1).scaleb(-n)
    return str(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def cagr(a, b, years):
    return ((b / a) ** (1.0 / years) - 1) * 100


def verify(cs, rows, order, parent, level):
    cube = rollup(parent, order, rows)
    g = lambda i, y, r="65": cube.get((i, r, y))
    want = {"registered_households": 779700, "registered_persons": 3089000,
            "poor_villages": 3666, "poor_counties": 35, "lifted_persons": 2923200,
            "villages_exited": 3107, "counties_delisted": 25,
            "industry_support_persons": INDUSTRY_SUPPORT,
            "transfer_employment": TRANSFER_EMPLOYMENT,
            "land_redistribution_persons": LAND_REDISTRIBUTION,
            "task_counties": 44, "border_guard_counties": 7,
            "online_retail": ONLINE_RETAIL, "provincial_leaders": 50}
    for i, v in want.items():
        assert g(i, 2019) == v, (i, g(i, 2019), v)
    d = derived(cube, "65", 2019)
    assert d["counties_remaining"] == 10 and d["villages_remaining"] == 559
    assert d["remaining_households"] == 42100 and d["remaining_persons"] == 165800
    assert half_up(d["incidence"], 2) == "1.24"
    assert half_up(derived(cube, "65", 2013)["incidence"], 1) == "19.4"
    assert g("poor_county_farmer_income", 2013) == 5400
    assert g("poor_county_farmer_income", 2019) == 12035
    assert g("poor_hh_income", 2015) == 2725 and g("poor_hh_income", 2019) == 9195
    assert half_up(cagr(2725, 9195, 4), 2) == "35.53"
    assert half_up(cagr(5400, 12035, 6), 2) == "14.29"   # the document says 12.09
    # Falling every year at region level; remaining poor only in the 10.
    inc = [derived(cube, "65", y)["incidence"] for y in YEARS]
    assert all(a > b for a, b in zip(inc, inc[1:])), inc
    for r in order:
        for y in YEARS:
            def rv(i):
                return cube.get((i, r, y))
            for a, b in (("lifted_persons", "registered_persons"),
                         ("lifted_households", "registered_households"),
                         ("villages_exited", "poor_villages"),
                         ("counties_delisted", "poor_counties"),
                         ("industry_support_persons", "registered_persons"),
                         ("land_redistribution_persons", "registered_persons")):
                if rv(a) is not None:
                    assert rv(b) is not None and 0 <= rv(a) <= rv(b), (r, y, a, b)
            if level[r] != "village":
                for i in ("registered_persons", "lifted_persons", "rural_population",
                          "registered_households", "lifted_households", "poor_villages",
                          "villages_exited", "poor_counties", "counties_delisted"):
                    assert rv(i) is not None, (r, y, i)
                hh, pp = rv("registered_households") - rv("lifted_households"), \
                    rv("registered_persons") - rv("lifted_persons")
                assert hh <= pp and (hh > 0) == (pp > 0), (r, y, hh, pp)
                assert 0 <= pp / rv("rural_population") * 100 <= 100
            if y > 2013 and level[r] != "village" or (y > 2014 and level[r] == "village"):
                for i in ("registered_persons", "lifted_persons"):
                    if cube.get((i, r, y)) is not None and cube.get((i, r, y - 1)) is not None:
                        assert cube[(i, r, y)] >= cube[(i, r, y - 1)], (r, y, i)
    for c in cs:
        if c.delisted:
            d = derived(cube, c.code, c.delisted)
            assert d["incidence"] < 3 and d["villages_remaining"] == 0, c.name
    return cube


def region_report(cube):
    """The 2019 region values, for the README and the lead's report."""
    g = lambda i, y=2019: cube.get((i, "65", y))
    d = derived(cube, "65", 2019)
    out = [(i, g(i)) for i in SUMMED + NOT_ROLLED]
    out += [(k, v) for k, v in d.items()]
    out += [("incidence@2013", derived(cube, "65", 2013)["incidence"]),
            ("lift_share", g("lifted_persons") / g("registered_persons") * 100),
            ("village_exit_share", g("villages_exited") / g("poor_villages") * 100),
            ("poor_hh_income_growth", cagr(2725, 9195, 4)),
            ("poor_county_income_growth", cagr(5400, 12035, 6)),
            ("farmer_income_growth", cagr(FARMER_INCOME[2013], FARMER_INCOME[2019], 6))]
    return out


def main():
    rng = Rng(20200424)
    cs = build_counties(Rng(2013))
    county_persons(cs)
    county_households(cs)
    make_villages(cs, rng)
    assign_exits(cs, rng)
    village_persons(cs)
    farmer_incomes(cs, rng)
    measures(cs)
    rows = value_rows(cs)
    parent, level, order = {"65": None}, {"65": "region"}, ["65"]
    for pcode, _ in PREFECTURES:
        parent[pcode], level[pcode] = "65", "prefecture"
        order.append(pcode)
        for c in cs:
            if c.pref == pcode:
                parent[c.code], level[c.code] = pcode, "county"
                order.append(c.code)
                for v in c.villages:
                    parent[v.code], level[v.code] = c.code, "village"
                    order.append(v.code)
    cube = verify(cs, rows, order, parent, level)
    nvill = sum(len(c.villages) for c in cs)
    print("regions: 1 region, %d prefectures, %d counties, %d villages (%d poor)"
          % (len(PREFECTURES), len(cs), nvill, sum(v.poor for c in cs for v in c.villages)))
    print("values: %d rows" % len(rows))
    for k, v in region_report(cube):
        print("  %-28s %s" % (k, ("%.4f" % v) if isinstance(v, float) else v))
    if "--check" in sys.argv[1:]:
        return
    write_regions(cs, os.path.join(HERE, "regions.csv"))
    write_values(rows, os.path.join(HERE, "values.csv"))


if __name__ == "__main__":
    main()
