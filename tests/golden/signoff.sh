#!/usr/bin/env bash
# 落款 and 版记 (report.signoff, report.banji; GB/T 9704-2012 7.3.5, 7.5),
# measured on the PDF of a gongwen report (type area 28 mm from the left,
# 156 mm wide, its foot 35 mm above the paper's bottom edge):
# - 落款 after the text: the date "2020年4月30日" in Arabic numerals, its
#   right end four characters (of the 15.79 pt grid) in from the type
#   area's right edge; the office on the line above, centred over it;
#   both before the appendices (数据质量说明).
# - 版记 on the last page, an even one: 抄送 one 4号 character in, ending
#   with 。; 印发机关 one character in on the left, "2020年4月30日印发" one
#   character in on the right; rules as wide as the type area, 0.35 mm
#   above 抄送 and on the type area's foot, 0.25 mm between.
# - A bad date or a missing key: file:line:col, exit 1, no PDF.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
command -v pdftotext >/dev/null && command -v qpdf >/dev/null || exit 77

# cfg NAME SIGNOFF BANJI: the gongwen sample with these two keys (for its
# own), and a short text (so the last page's parity is the test's).
cfg() {
	sed "/^sections:/,\$d; /^  # 落款/d; /^  signoff:/d; /^  banji:/,/^    issued:/d
		s/^  page: gongwen .*$/  page: gongwen\n  signoff: $2\n  banji: $3/" \
		templates/xinjiang-2019-gongwen.yaml >"$TMP/t/$1.yaml"
	cat >>"$TMP/t/$1.yaml" <<'YAML'
sections:
  - title: 总体进展
    blocks:
      - text: 截至{period}年底，新疆已累计脱贫{lifted_persons}。
YAML
}

cfg ok "{office: 自治区扶贫办, date: 2020-04-30}" \
	"{cc: [自治区党委办公厅, 自治区人民政府办公厅, 各地州扶贫开发领导小组办公室, 自治区有关部门], issuer: 新疆维吾尔自治区扶贫开发领导小组办公室, issued: 2020-04-30}"
"$PROGREP" render "$TMP/t/ok.yaml" -o "$TMP/ok.pdf" 2>"$TMP/ok.err" ||
	fail "render failed: $(grep error "$TMP/ok.err")"
pdftotext -bbox-layout "$TMP/ok.pdf" "$TMP/ok.html"
qpdf --qdf --object-streams=disable "$TMP/ok.pdf" "$TMP/ok.qdf"

got=$($PY - "$TMP/ok.html" "$TMP/ok.qdf" <<'PYEOF'
import re, sys
MM = 72 / 25.4
L, R, B = 28 * MM, 184 * MM, 262 * MM
CH = 156 * MM / 28        # a body character on the grid
TOL = 0.5 * MM
html = open(sys.argv[1], encoding='utf-8').read()
pages = html.split('<page ')[1:]
line_re = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
def lines(p):
    return [(float(a), float(b), float(c), float(d), ''.join(re.findall(r'>([^<]*)</word>', t)))
            for a, b, c, d, t in line_re.findall(p)]
out = []
# 落款: on the page of the text, before 数据质量说明's page
for n, p in enumerate(pages, 1):
    ls = lines(p)
    date = [l for l in ls if l[4] == '2020年4月30日']
    office = [l for l in ls if l[4] == '自治区扶贫办']
    if date and office:
        d, o = date[0], office[0]
        later = [k for k, q in enumerate(pages, 1)
                 if any(l[4] == '数据质量说明' for l in lines(q))]
        out.append('signoff page %d before quality %s' % (n, n < min(later)))
        out.append('date right in %s' % (abs(R - d[2] - 4 * CH) < TOL))
        out.append('office centred %s' % (abs((o[0] + o[2]) / 2 - (d[0] + d[2]) / 2) < TOL))
        out.append('office above %s' % (0 < d[1] - o[1] < 35))
last = lines(pages[-1])
foot = [l for l in last if l[1] > B]
num = re.sub(r'\D', '', foot[0][4]) if foot else ''
out.append('last page number even %s' % (num != '' and int(num) % 2 == 0))
cc = [l for l in last if l[4].startswith('抄送：')]
issued = [l for l in last if l[4].endswith('2020年4月30日印发')]
issuer = [l for l in last if l[4].startswith('新疆维吾尔自治区扶贫开发领导小组办公室')]
out.append('cc one char in %s' % (bool(cc) and abs(cc[0][0] - L - 14) < TOL))
out.append('cc ends %s' % ''.join(l[4] for l in last if l[1] < (issuer[0][1] if issuer else 0)
                                  and l[1] > (cc[0][1] - 1 if cc else 1e9))[-1:])
out.append('issuer one char in %s' % (bool(issuer) and abs(issuer[0][0] - L - 14) < TOL))
# pdftotext may join the two on one line: the date's end is the line's
out.append('issued one char in %s' % (bool(issued) and abs(R - 14 - issued[0][2]) < TOL))
# rules on the last page's content stream: "x0 y m x1 y l S" after "w"
data = open(sys.argv[2], 'rb').read().decode('latin-1')
streams = re.findall(r'(?<!end)stream\r?\n(.*?)endstream', data, re.S)
page_streams = [s for s in streams if 'BT' in s]
s = page_streams[-1]
lw, rules = 1.0, []
for m in re.finditer(r'([\d.]+) w\n|([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S', s):
    if m.group(1):
        lw = float(m.group(1))
    else:
        x0, y0, x1, y1 = map(float, m.groups()[1:])
        if y0 == y1 and abs(x1 - x0 - (R - L)) < TOL and abs(x0 - L) < TOL:
            rules.append((round((841.89 - y0) / MM, 1), round(lw / MM, 2)))
rules.sort()
# the 版记's are the page's last three: a table above it has its own
rules = rules[-3:]
out.append('rules %s' % ' '.join('%.2fmm@%s' % (w, 'foot' if abs(y - 262) < 0.5 else 'up')
                                 for y, w in rules))
out.append('cc above the middle rule %s' % (len(rules) == 3 and cc != [] and
           rules[0][0] * MM < cc[0][1] < rules[1][0] * MM))
print('\n'.join(out))
PYEOF
)
want="signoff page 3 before quality True
date right in True
office centred True
office above True
last page number even True
cc one char in True
cc ends 。
issuer one char in True
issued one char in True
rules 0.35mm@up 0.25mm@up 0.35mm@foot
cc above the middle rule True"
expect_eq "落款 and 版记" "$got" "$want"

# The 版记 at bulletin's closer body pitch (17.6 pt): its 4号 lines (抄送 on
# two, the issuer and the date of issue) keep clear of the rules, at least
# 3 pt from each (0.4 pt at the body pitch): pdftotext's line boxes
# against the rules' heights.
sed 's/^  page: gongwen$/  page: bulletin/' "$TMP/t/ok.yaml" >"$TMP/t/bl.yaml"
grep -q '^  page: bulletin$' "$TMP/t/bl.yaml" || fail "bulletin variant not made"
"$PROGREP" render "$TMP/t/bl.yaml" -o "$TMP/bl.pdf" 2>"$TMP/bl.err" ||
	fail "bulletin render failed: $(grep error "$TMP/bl.err")"
pdftotext -bbox-layout "$TMP/bl.pdf" "$TMP/bl.html"
qpdf --qdf --object-streams=disable "$TMP/bl.pdf" "$TMP/bl.qdf"
clear=$($PY - "$TMP/bl.html" "$TMP/bl.qdf" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
last = html.split('<page ')[-1]
boxes = [(float(b), float(d), ''.join(re.findall(r'>([^<]*)</word>', t))) for a, b, c, d, t in re.findall(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', last, re.S)]
data = open(sys.argv[2], 'rb').read().decode('latin-1')
s = [x for x in re.findall(r'(?<!end)stream\r?\n(.*?)endstream', data, re.S) if 'BT' in x][-1]
rules = sorted(841.89 - float(y0) for x0, y0, x1, y1 in
               re.findall(r'([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S', s) if y0 == y1)[-3:]
top, bottom = rules[0], rules[-1]
banji = [b for b in boxes if top - 1 < b[0] and b[1] < bottom + 1]
gap = min(min(abs(y - b[0]), abs(y - b[1])) for b in banji for y in rules) if banji else -1
print("%d lines, %s" % (len(banji), "clear" if gap >= 3 else "gap %.1f pt" % gap))
PYEOF
)
expect_eq "bulletin 版记 lines clear of the rules" "$clear" "4 lines, clear"

# Errors: file:line:col, exit 1, nothing written.
bad() { # NAME SIGNOFF BANJI EXPECTED-MESSAGE-PART
	cfg "$1" "$2" "$3"
	rm -f "$TMP/$1.pdf"
	"$PROGREP" render "$TMP/t/$1.yaml" -o "$TMP/$1.pdf" 2>"$TMP/$1.err"
	rc=$?
	[ "$rc" = 1 ] && pass || fail "$1: exit $rc, want 1"
	[ ! -e "$TMP/$1.pdf" ] && pass || fail "$1: wrote a PDF"
	grep -q "^$TMP/t/$1.yaml:[0-9]*:[0-9]*: error: $4" "$TMP/$1.err" && pass ||
		fail "$1: no '$4' with a position: $(grep error "$TMP/$1.err")"
}
bad baddate "{office: 办, date: 2020-02-30}" "null" \
	"'date' in signoff must be a day written YYYY-MM-DD, e.g. 2020-04-30, got '2020-02-30'"
bad noissuer "null" "{cc: [甲], issued: 2020-04-30}" "missing key 'issuer' in banji"
bad ccmap "null" "{cc: {a: b}, issuer: 甲, issued: 2020-04-30}" "'cc' must be a list"
bad typo "{office: 办, dat: 2020-04-30}" "null" "unknown key 'dat' in signoff"
finish
