#!/usr/bin/env bash
# Table headers never broken inside a word (docs/config.md, "Tables"):
# the sample rendered as bulletin (its column titles are the indicators'
# names, no | marks: only the layout's lexicon knows the words) and as
# gongwen, measured with pdftotext -bbox-layout (a table cell is a block,
# a header cell of several lines a block of several lines): no header line
# ends inside a word of a list of the words of the sample's headers kept
# here, independent of the code's. Then a table that cannot keep its words
# (many long columns, kept portrait) warns at its config line, naming the
# header; report.words adds a word; a word that is no string is an error
# with its position and nothing is written.
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
SAMPLE=templates/xinjiang-2019.yaml

# headers PDF [WORD...]: one line per header line that ends inside a word,
# then "headers N" (header cells of more than one line seen).
headers() {
	local pdf=$1
	shift
	pdftotext -bbox-layout "$pdf" "$TMP/bbox.html" || { echo "pdftotext failed"; return; }
	$PY - "$TMP/bbox.html" "$@" <<'PYEOF'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
WORDS = '''建档立卡 贫困户 贫困人口 贫困村 贫困县 未脱贫 脱贫 累计 退出 摘帽 发生率
人口 人数 农民 人均 可支配收入 纯收入 增长 增幅 比重 占全区 目标 进度 进展 状态
覆盖率 就业 转移 产业 扶持 带动 增收 土地 再分配 清理 稳定 在岗 年均'''.split()
WORDS += sys.argv[2:]
block_re = re.compile(r'<block [^>]*>(.*?)</block>', re.S)
line_re = re.compile(r'<line [^>]*>(.*?)</line>', re.S)
word_re = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

def inside(h, k):
    """The word of WORDS that a break after h[:k] splits, or None."""
    for w in WORDS:
        i = h.find(w)
        while i >= 0:
            if i < k < i + len(w):
                return w
            i = h.find(w, i + 1)
    return None

nheads = 0
for p, page in enumerate(html.split('<page ')[1:], 1):
    blocks = []
    for b in block_re.finditer(page):
        lines = []
        for l in line_re.finditer(b.group(1)):
            ws = [(float(a), float(c), float(d), float(e), t)
                  for a, c, d, e, t in word_re.findall(l.group(1))]
            if ws:
                lines.append(ws)
        if lines:
            blocks.append(lines)
    # a table's header row: the blocks beside its 地区 or 指标 cell
    heads = [b[0][0] for b in blocks if len(b) == 1 and len(b[0]) == 1
             and b[0][0][4] in ('地区', '指标')]
    for hd in heads:
        mid = (hd[1] + hd[3]) / 2
        for b in blocks:
            if not (b[0][0][1] <= mid <= b[-1][0][3]) or len(b) < 2:
                continue
            texts = [''.join(w[4] for w in l) for l in b]
            h, k = ''.join(texts), 0
            nheads += 1
            for t in texts[:-1]:
                k += len(t)
                w = inside(h, k)
                if w:
                    print('page %d: header "%s" broken inside "%s", after "%s"' % (p, h, w, h[:k]))
print('headers %d' % nheads)
PYEOF
}

# preset NAME PRESET: the sample with page: PRESET, in $TMP/t/NAME.yaml.
preset() {
	sed "s/^report:\$/report:\n  page: $2/" "$SAMPLE" >"$TMP/t/$1.yaml"
	grep -q "page: $2" "$TMP/t/$1.yaml" || fail "$1: no page: $2 in the config"
}

# check NAME CONFIG: render, then no header split inside a word
check() {
	if ! "$PROGREP" render "$2" -o "$TMP/$1.pdf" 2>"$TMP/$1.err"; then
		fail "$1: render failed"
		cat "$TMP/$1.err" >&2
		return
	fi
	headers "$TMP/$1.pdf" >"$TMP/$1.out"
	if grep -v '^headers ' "$TMP/$1.out" >&2; then
		fail "$1: a header is broken inside a word"
	else
		pass
	fi
	# wrapped headers were seen at all (else the check proves nothing)
	n=$(sed -n 's/^headers //p' "$TMP/$1.out")
	[ "${n:-0}" -ge 10 ] && pass || fail "$1: only ${n:-0} wrapped header cells found"
	if grep -q "broken inside a word" "$TMP/$1.err"; then
		fail "$1: warns of a header broken inside a word"
		grep "broken inside a word" "$TMP/$1.err" >&2
	else
		pass
	fi
}

preset bulletin bulletin
check bulletin "$TMP/t/bulletin.yaml"
check gongwen templates/xinjiang-2019-gongwen.yaml

# An impossible table: 表4 with its columns three times over, upright.
$PY - "$TMP/t/bulletin.yaml" >"$TMP/t/wide.yaml" <<'PYEOF'
import sys
out, cols, incols = [], [], False
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
i = 0
while i < len(lines):
    l = lines[i]
    out.append(l)
    if l.strip() == 'title: 表4 各地州脱贫攻坚主要指标':
        out.append(l[:len(l) - len(l.lstrip())] + 'orientation: portrait')
    if incols is False and out[-1].strip() == 'columns:' and any('表4' in x for x in out[-8:]):
        j = i + 1
        while lines[j].lstrip().startswith('- {'):
            cols.append(lines[j])
            j += 1
        out.extend(cols * 3)
        incols = True
        i = j
        continue
    i += 1
print('\n'.join(out))
PYEOF
line=$(grep -n 'title: 表4 各地州' "$TMP/t/wide.yaml" | cut -d: -f1)
"$PROGREP" render "$TMP/t/wide.yaml" -o "$TMP/wide.pdf" 2>"$TMP/wide.err"
if grep -qE "wide.yaml:$((line - 1)):[0-9]+: warning: header '[^']+' of table '表4 各地州脱贫攻坚主要指标' is broken inside a word" "$TMP/wide.err"; then
	pass
else
	fail "no warning at table 表4 (line $((line - 1))) for a header broken inside a word"
	grep -i "header\|error" "$TMP/wide.err" | head -5 >&2
fi
[ -s "$TMP/wide.pdf" ] && pass || fail "the impossible table is not rendered"

# report.words: a local term is a word. 表4's 建档立卡贫困人口 as one word,
# the column squeezed, keeps it whole (its lines break around it only).
sed 's/^  page: bulletin$/  page: bulletin\n  words: [建档立卡贫困人口]/' "$TMP/t/bulletin.yaml" >"$TMP/t/words.yaml"
"$PROGREP" render "$TMP/t/words.yaml" -o "$TMP/words.pdf" 2>"$TMP/words.err" || fail "words: render failed"
headers "$TMP/words.pdf" 建档立卡贫困人口 >"$TMP/words.out"
if grep -v '^headers ' "$TMP/words.out" | grep -q 建档立卡贫困人口 || grep -q "broken inside" "$TMP/words.err"; then
	fail "report.words: 建档立卡贫困人口 is not kept whole"
	cat "$TMP/words.out" >&2
else
	pass
fi

# A word that is no string: file:line:col, exit 1, no PDF.
sed 's/^  page: bulletin$/  page: bulletin\n  words: [贫困, {a: 1}]/' "$TMP/t/bulletin.yaml" >"$TMP/t/bad.yaml"
expect_render_error words "$TMP/t/bad.yaml" "  words:" "'words' in report must list strings"

finish
