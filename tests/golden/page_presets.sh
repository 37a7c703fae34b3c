#!/usr/bin/env bash
# Page presets (report.page; docs/config.md, "Page presets"), measured on
# the PDF itself: pdftotext -bbox-layout gives every text line's box in
# points. gongwen (GB/T 9704-2012): every line inside the 156 x 225 mm type
# area at 37 mm from the top and 28 mm from the left (within 0.5 mm) but the
# page number; the number of body page N reads "— N —", its top 7 mm below
# the type area, odd pages right and even pages left, one 4号 character in;
# cover and contents unnumbered; body lines 225/22 mm apart, at most 28
# characters. Landscape pages (the sample's 附表1) are measured against the
# type area turned with the sheet (225 x 156 mm, 35 mm from the left, 28 mm
# from the top), their page number down the left margin, 7 mm off the type
# area, one character in.
# report: the default, the same bytes. bulletin: KPI rows as a
# sentence. Config errors at their line and column.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"

# variant NAME PAGE: the sample with `page: PAGE` under report.
variant() {
	sed "s/^  levels: \[region\]\$/&\n  page: $2/" templates/xinjiang-2019.yaml >"$TMP/t/$1.yaml"
}

# geometry PDF TOP LEFT WIDTH HEIGHT (mm): prints one line per problem.
geometry() {
	pdftotext -bbox-layout "$1" "$TMP/bbox.html" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/bbox.html" "$2" "$3" "$4" "$5" <<'PYEOF'
import re, sys
from collections import Counter
MM = 72 / 25.4
top, left, w, h = (float(a) * MM for a in sys.argv[2:6])
TOL = 0.5 * MM
html = open(sys.argv[1], encoding='utf-8').read()
line_re = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
number, gaps, widest = 0, Counter(), 0
for p, page in enumerate(html.split('<page ')[1:], 1):
    pw, ph = map(float, re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
    turned = pw > ph
    if turned:
        # a landscape page (a wide table): the type area turned with the
        # sheet, the portrait foot at the left (docs/config.md, "Landscape
        # pages"): in gongwen 225 x 156 mm, 35 mm from the left, 28 from the top
        L, R, T, B = pw - top - h, pw - top, left, left + w
    else:
        L, R, T, B = left, left + w, top, top + h
    lines = []
    for m in line_re.finditer(page):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        lines.append((x0, y0, x1, y1, ' '.join(re.findall(r'>([^<]*)</word>', m.group(5)))))
    # the page number: under the type area, or left of the turned one
    feet = [l for l in lines if (l[2] < L - TOL if turned else l[1] > B + TOL)]
    for x0, y0, x1, y1, t in lines:
        if (x1 < L - TOL if turned else y0 > B + TOL):
            continue
        if x0 < L - TOL or x1 > R + TOL or y0 < T - TOL or y1 > B + TOL:
            print('page %d: "%s" outside the type area (%.1f %.1f %.1f %.1f mm)'
                  % (p, t[:30], x0 / MM, y0 / MM, x1 / MM, y1 / MM))
        cjk = sum(1 for c in t if ord(c) >= 0x2E80)
        # Body lines only (16 pt: a box 15-20 pt high), all Chinese.
        if 15 < y1 - y0 < 20 and cjk == len(t.replace(' ', '')):
            widest = max(widest, cjk)
    tops = sorted(l[1] for l in lines if l[1] <= B and 15 < l[3] - l[1] < 20 and l[2] >= L - TOL)
    for a, b in zip(tops, tops[1:]):
        gaps[round((b - a) / MM, 1)] += 1
    if not feet:
        if number:
            print('page %d: a body page without a page number' % p)
        continue
    number += 1
    if len(feet) != 1:
        print('page %d: %d lines under the type area' % (p, len(feet)))
        continue
    x0, y0, x1, y1, t = feet[0]
    if t != '— %d —' % number:
        print('page %d: the footer reads "%s", want "— %d —"' % (p, t, number))
    if turned:
        # set as on a portrait page and turned: its top 7 mm left of the
        # type area, reading downward, one character in from the type
        # area's bottom (odd) or top (even)
        if abs(L - x1 - 7 * MM) > TOL:
            print('page %d: the turned footer is %.2f mm left of the type area, want 7' % (p, (L - x1) / MM))
        if y1 - y0 < 2 * (x1 - x0):
            print('page %d: the turned footer does not read downward' % p)
        edge = B - 14 - y1 if number % 2 else y0 - (T + 14)
        if abs(edge) > TOL:
            print('page %d: the turned footer is %.2f mm off one character in' % (p, edge / MM))
        continue
    if abs(y0 - B - 7 * MM) > TOL:
        print('page %d: the footer is %.2f mm below the type area, want 7' % (p, (y0 - B) / MM))
    edge = R - 14 - x1 if number % 2 else x0 - (L + 14)
    if abs(edge) > TOL:
        print('page %d: the footer is %.2f mm off one character in on the %s' %
              (p, edge / MM, 'right' if number % 2 else 'left'))
if number < 10:
    print('only %d numbered pages' % number)
pitch = gaps.most_common(1)[0][0] if gaps else 0
if abs(pitch - 225 / 22) > 0.1:
    print('body lines %.1f mm apart, want %.2f (22 a page)' % (pitch, 225 / 22))
if widest != 28:
    print('the longest line of Chinese text has %d characters, want 28' % widest)
PYEOF
}

# gongwen: the shipped sample.
"$PROGREP" render templates/xinjiang-2019-gongwen.yaml -o "$TMP/gw.pdf" 2>"$TMP/err"
expect_eq "gongwen render exit" "$?" 0
geometry "$TMP/gw.pdf" 37 28 156 225 >"$TMP/geo"
if [ -s "$TMP/geo" ]; then fail "gongwen geometry"; head -20 "$TMP/geo" >&2; else pass; fi
# Four font roles: without a 仿宋 installed the body falls back to 宋, and
# stderr names the role and the font; title (小标宋 role: UMing), heading
# (黑体: Zen Hei) and kai (楷体: UKai) are embedded as subsets.
if fc-list | grep -qi 'fangsong\|仿宋'; then pass; else
	grep -q "warning: font role 'body' (仿宋): .*using 'AR PL UMing CN'" "$TMP/err" && pass ||
		{ fail "gongwen: no fallback warning for the 仿宋 body"; cat "$TMP/err" >&2; }
fi
pdffonts "$TMP/gw.pdf" >"$TMP/fonts"
for f in UMingCN WenQuanYiZenHei UKaiCN; do
	grep -Eq "^[A-Z]{6}\+$f +CID TrueType +Identity-H +yes +yes +yes" "$TMP/fonts" && pass ||
		{ fail "gongwen: $f not embedded as a subset"; cat "$TMP/fonts" >&2; }
done
# Headings numbered per GB/T 9704; headline figures as a sentence (black).
pdftotext "$TMP/gw.pdf" "$TMP/gw.txt"
grep -q '^一、总体进展' "$TMP/gw.txt" && grep -q '^（一）乌鲁木齐市' "$TMP/gw.txt" && pass ||
	fail "gongwen: headings not numbered 一、 （一）"
grep -q '主要指标：' "$TMP/gw.txt" && pass || fail "gongwen: no KPI sentence"
# The first pages (cover, contents) carry no number.
pdftotext -f 1 -l 1 "$TMP/gw.pdf" - | grep '—' >/dev/null && fail "the cover has a page number" || pass
pdftotext -f 1 -l 1 "$TMP/gw.pdf" - | grep '第 1 页' >/dev/null && fail "the cover has a page number" || pass
# The contents keep to one page when their lines, 1.5 em apart or more,
# fit there: the sample's 22 entries (at 1.8 em, 20 fit) are all on page
# 2, whose last line is 指标说明, and page 3 starts the body.
toc=$(pdftotext -f 2 -l 2 -layout "$TMP/gw.pdf" - | grep -c '\.\.\.\. *[0-9]*$')
expect_eq "gongwen contents lines on page 2" "$toc" 22
pdftotext -f 3 -l 3 "$TMP/gw.pdf" - | grep -q '^一、总体进展' && pass ||
	fail "gongwen page 3 does not start the body: $(pdftotext -f 3 -l 3 "$TMP/gw.pdf" - | head -2)"

# A single value over the preset moves the type area.
variant gw30 "{preset: gongwen, margin_top: 30mm, margin_left: 25mm}"
"$PROGREP" render "$TMP/t/gw30.yaml" -o "$TMP/gw30.pdf" 2>"$TMP/err"
expect_eq "override render exit" "$?" 0
geometry "$TMP/gw30.pdf" 30 25 159 232 | grep -v 'body lines' >"$TMP/geo"
if [ -s "$TMP/geo" ]; then fail "gongwen with margins 30/25 mm"; head -20 "$TMP/geo" >&2; else pass; fi

# report: the default, byte for byte, as a name and as a map.
"$PROGREP" render templates/xinjiang-2019.yaml -o "$TMP/default.pdf" 2>"$TMP/err"
"$PROGREP" render templates/xinjiang-2019.yaml --format text -o "$TMP/default.txt" 2>"$TMP/err"
for v in report "{preset: report}"; do
	variant report "$v"
	"$PROGREP" render "$TMP/t/report.yaml" -o "$TMP/report.pdf" 2>"$TMP/err"
	"$PROGREP" render "$TMP/t/report.yaml" --format text -o "$TMP/report.txt" 2>"$TMP/err"
	cmp -s "$TMP/default.pdf" "$TMP/report.pdf" && pass || fail "page: $v: the PDF differs"
	cmp -s "$TMP/default.txt" "$TMP/report.txt" && pass || fail "page: $v: the text differs"
done
# report embeds only the roles it uses: no 楷体.
pdffonts "$TMP/default.pdf" | grep -q UKai && fail "report: embeds the kai role" || pass

# bulletin: the headline figures as a sentence, not boxes; today's geometry.
variant bulletin bulletin
"$PROGREP" render "$TMP/t/bulletin.yaml" --format text -o "$TMP/bulletin.txt" 2>"$TMP/err"
expect_eq "bulletin render exit" "$?" 0
grep -q '^主要指标：未脱贫人口为16.58万人，贫困发生率为1.24%' "$TMP/bulletin.txt" && pass ||
	fail "bulletin: no KPI sentence"
"$PROGREP" render "$TMP/t/bulletin.yaml" -o "$TMP/bulletin.pdf" 2>"$TMP/err"
expect_eq "bulletin pdf exit" "$?" 0

# Three-line tables in bulletin and gongwen: 0.35 mm (0.99 pt) rules at
# top and bottom, 0.25 mm (0.71 pt) under the header; report draws none.
# widths PDF: the line widths its pages set, one a line.
widths() {
	qpdf --qdf --object-streams=disable "$1" "$TMP/qdf.pdf" &&
		grep -a -o '^[0-9.]* w$' "$TMP/qdf.pdf" | sort -u
}
for p in bulletin gw; do
	widths "$TMP/$p.pdf" >"$TMP/w"
	grep -qx '0.99 w' "$TMP/w" && grep -qx '0.71 w' "$TMP/w" && pass ||
		fail "$p: no three-line table rules"
done
widths "$TMP/default.pdf" >"$TMP/w"
grep -q '^0.99 w\|^0.71 w' "$TMP/w" && fail "report: three-line rules" || pass

# A batch says the 仿宋 fallback once for the run, not once a report.
sed 's/^  levels: \[region, prefecture, county\]$/&\n  page: gongwen/' templates/county-brief.yaml >"$TMP/t/gwb.yaml"
"$PROGREP" render "$TMP/t/gwb.yaml" --each county --out "$TMP/gwb/{code}.pdf" >/dev/null 2>"$TMP/err"
expect_eq "gongwen batch exit" "$?" 0
if fc-list | grep -qi 'fangsong\|仿宋'; then pass; else
	expect_eq "gongwen batch: one fallback warning" "$(grep -c "font role 'body'" "$TMP/err")" 1
fi

# fonts VARIANT FONTS: gongwen with `fonts: FONTS` under report.
fonts() {
	sed "s|^  levels: \[region\]\$|&\n  page: gongwen\n  fonts: $2|" templates/xinjiang-2019.yaml >"$TMP/t/$1.yaml"
}
# A body font given: no warning; a role by file path; a CFF font refused.
fonts given "{body: WenQuanYi Zen Hei, kai: /usr/share/fonts/truetype/arphic/ukai.ttc}"
"$PROGREP" render "$TMP/t/given.yaml" -o "$TMP/given.pdf" 2>"$TMP/err"
expect_eq "fonts given exit" "$?" 0
grep -q "font role" "$TMP/err" && fail "fonts.body given: still a fallback warning" || pass
pdffonts "$TMP/given.pdf" | grep -q '+UKaiCN ' && pass || fail "kai by file path: not embedded"
if [ -f /usr/share/fonts/opentype/urw-base35/URWBookman-Light.otf ]; then
	fonts cff "{kai: /usr/share/fonts/opentype/urw-base35/URWBookman-Light.otf}"
	"$PROGREP" render "$TMP/t/cff.yaml" -o "$TMP/cff.pdf" 2>"$TMP/err"
	expect_eq "CFF kai exit" "$?" 3
	grep -q "cannot embed font 'URW Bookman': it has PostScript (CFF) outlines" "$TMP/err" && pass ||
		{ fail "CFF kai: no refusal"; cat "$TMP/err" >&2; }
fi
fonts badfont "{body: WenQuanYi Zen Hei, kia: AR PL UKai CN}"
"$PROGREP" check "$TMP/t/badfont.yaml" >/dev/null 2>"$TMP/err"
expect_eq "unknown font role exit" "$?" 1
grep -q "badfont.yaml:32:36: error: unknown key 'kia' in fonts" "$TMP/err" && pass ||
	{ fail "unknown font role message"; cat "$TMP/err" >&2; }

# Errors name the line and column of the bad value.
variant bad "{preset: gongwin, margin_top: 37furlong, body_size: 300pt}"
"$PROGREP" check "$TMP/t/bad.yaml" >/dev/null 2>"$TMP/err"
expect_eq "bad page exit" "$?" 1
grep -q "bad.yaml:31:18: error: 'preset' must be report, gongwen or bulletin, got 'gongwin' (did you mean 'gongwen'?)" "$TMP/err" &&
	pass || { fail "bad preset message"; cat "$TMP/err" >&2; }
grep -q "bad.yaml:31:39: error: 'margin_top' must be a length from 0mm to 100mm, got '37furlong'" "$TMP/err" &&
	pass || { fail "bad length message"; cat "$TMP/err" >&2; }
grep -q "bad.yaml:31:61: error: 'body_size' must be a length from 6pt to 48pt, got '300pt'" "$TMP/err" &&
	pass || { fail "bad size message"; cat "$TMP/err" >&2; }
variant badkey "{preset: gongwen, margin_inside: 1mm}"
"$PROGREP" check "$TMP/t/badkey.yaml" >/dev/null 2>"$TMP/err"
expect_eq "unknown page key exit" "$?" 1
grep -q "badkey.yaml:31:.*margin_inside" "$TMP/err" && pass || { fail "unknown page key"; cat "$TMP/err" >&2; }
finish
