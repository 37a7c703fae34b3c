#!/usr/bin/env bash
# A table's note (注：) stays on the page of the table's last rows, never
# alone at the top of the next one (render/layout/layout_table.c,
# rows_here): a table of counties cut to its top N, for every N in a
# range, ends at every height of its last page, and the page that holds
# the note holds at least three rows of the table above it. Where the note
# would not have fitted under the last rows (the last page of the same
# table without a note holds other rows), rows went on with it: at least
# one N of the range is such a case, so the test meets what it names. A
# short table, pushed down a line at a time by the text above it, moves
# whole with its note.
source "$(dirname "$0")/lib.bash"
mkdir -p "$TMP/t"

# cfg NAME LINES ROWS NOTE: a paragraph of about LINES lines (its line
# pitch is the table's row pitch in `report`: the margin makes the page's
# slack less than a note's height), then a table of the top ROWS
# counties.
cfg() {
	local i rows
	{
		cat <<EOF
report:
  title: 注的位置
  page: {margin_bottom: 80pt}
levels: [region, prefecture, county, village]
data:
  regions: $ROOT/data/xinjiang/regions.csv
  sources:
    - {type: csv, path: $ROOT/data/xinjiang/values.csv}
checks: []
indicators:
  registered_persons: {name: 建档立卡贫困人口, unit: 人, scale: 万, decimals: 2}
sections:
  - title: 表
    blocks:
EOF
		printf '      - text: "'
		for ((i = 0; i < $2 * 4; i++)); do printf '用来把表格往下推。'; done
		printf '"\n'
		rows="rows: level
          level: county
          top: $3
          group_by: none"
		cat <<EOF
      - table:
          title: 表1 各县建档立卡贫困人口
          $rows
          ${4:+note: 注：县级数据为示意数据，合计为全区数据。}
          columns:
            - {indicator: registered_persons}
EOF
	} >"$TMP/t/$1.yaml"
}

# lastpage PDF: "PAGES ROWS": the page count, and the rows of figures on
# the page of the note (above it), or on the last page without one.
lastpage() {
	local np p
	np=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}')
	for ((p = 1; p <= ${np:-0}; p++)); do
		pdftotext -f $p -l $p -layout "$1" "$TMP/p.txt"
		grep -q '注：县级数据' "$TMP/p.txt" || [ "$p" -eq "$np" ] || continue
		echo "$np $(awk '/注：县级数据/ { exit } /[0-9]\.[0-9][0-9]/ { n++ } END { print n + 0 }' "$TMP/p.txt")"
		return
	done
	echo "0 0"
}

check() { # NAME LINES ROWS [whole]: 1 when the note moved rows, else 0
	local a b
	cfg "$1n" "$2" "$3" 1
	cfg "$1p" "$2" "$3" ""
	"$PROGREP" render "$TMP/t/$1n.yaml" -o "$TMP/n.pdf" 2>"$TMP/err" &&
		"$PROGREP" render "$TMP/t/$1p.yaml" -o "$TMP/p.pdf" 2>"$TMP/err" ||
		{ fail "$1: render failed: $(tail -2 "$TMP/err")" >&2; echo 0; return; }
	pdftotext "$TMP/n.pdf" - | grep '注：县级数据' >/dev/null || fail "$1: no note" >&2
	a=$(lastpage "$TMP/n.pdf")
	b=$(lastpage "$TMP/p.pdf")
	[ "${a#* }" -ge 3 ] || fail "$1: the note's page has ${a#* } rows of its table" >&2
	# a short table is never split for its note: all its rows with it
	[ -z "${4:-}" ] || [ "${a#* }" = "${b#* }" ] ||
		fail "$1: a short table split: ${a#* } of its ${b#* } rows with the note" >&2
	[ "$a" != "$b" ] && { echo "$1: moved ($b without a note, $a with)" >>"$TMP/moved"; echo 1; } || echo 0
}

moved=0
for n in $(seq 20 52); do
	moved=$((moved + $(check "top$n" 0 "$n" 2>>"$TMP/fails")))
done
for n in $(seq 16 36); do
	moved=$((moved + $(check "short$n" "$n" 8 whole 2>>"$TMP/fails")))
done
cat "$TMP/fails" >&2
[ -n "${VERBOSE:-}" ] && cat "$TMP/moved"
FAILED=$((FAILED + $(grep -c '^FAIL' "$TMP/fails")))
[ "$moved" -ge 2 ] && pass || fail "only $moved tables had a note that would not fit under their last rows"
finish
