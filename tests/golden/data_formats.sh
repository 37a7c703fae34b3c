#!/usr/bin/env bash
# Data as analysts have it (docs/data.md "Files as they come"): a GBK CSV,
# an .xlsx workbook, years as columns, renamed columns, region names
# instead of codes, values as typed in Excel. Each is made here from the
# long UTF-8 form of tests/golden/broken/_data (the .xlsx from XML by
# tests/golden/data/make_xlsx.py: no binary fixture) and must give the same
# `compute` output as that form.
source "$(dirname "$0")/lib.bash"

OK=tests/golden/broken/ok/config.yaml
DATA=tests/golden/broken/_data
"$PROGREP" compute "$OK" >"$TMP/want.csv" 2>"$TMP/want.err" || fail "compute of the long form"

# config DIR DATA_BLOCK: the ok config with another data: block.
config() {
	mkdir -p "$TMP/$1"
	{
		sed -n '1,/^data:/p' "$OK" | sed '$d'
		printf '%s\n\n' "$2"
		sed -n '/^indicators:/,$p' "$OK"
	} >"$TMP/$1/config.yaml"
}

# same NAME: compute of $TMP/NAME/config.yaml equals the long form's.
same() {
	"$PROGREP" compute "$TMP/$1/config.yaml" >"$TMP/$1/got.csv" 2>"$TMP/$1/err"
	local rc=$?
	expect_eq "$1: exit" "$rc" 0
	[ "$rc" = 0 ] || cat "$TMP/$1/err" >&2
	expect_same "$1" "$TMP/$1/got.csv" "${2:-$TMP/want.csv}"
}

# The long values with region names for codes (names are unique here).
python3 - "$DATA" "$TMP" <<'PY'
import csv, sys
data, tmp = sys.argv[1], sys.argv[2]
regions = list(csv.reader(open(data + "/regions.csv", encoding="utf-8")))
name = {r[0]: r[1] for r in regions[1:]}
rows = list(csv.reader(open(data + "/values.csv", encoding="utf-8")))[1:]
level = {"region": "1", "prefecture": "2", "county": "3"}
# GBK: names for codes, levels as numbers, periods as 2018年.
with open(tmp + "/regions_gbk.csv", "w", encoding="gb18030", newline="") as f:
    f.write("code,name,parent,level\n")
    for r in regions[1:]:
        f.write("%s,%s,%s,%s\n" % (r[0], r[1], r[2], level[r[3]]))
with open(tmp + "/values_gbk.csv", "w", encoding="gb18030", newline="") as f:
    f.write("region,period,indicator,value\r\n")
    for r in rows:
        f.write("%s,%s年,%s,%s\r\n" % (name[r[0]], r[1], r[2], r[3]))
# 72 lines of GBK (8 years x 3 counties x 3 indicators), and its UTF-8 twin.
with open(tmp + "/values72_gbk.csv", "w", encoding="gbk", newline="") as g, \
     open(tmp + "/values72.csv", "w", encoding="utf-8", newline="") as u:
    g.write("region,period,indicator,value\n")
    u.write("region,period,indicator,value\n")
    for y in range(2012, 2020):
        for code in ("653121", "653122", "653201"):
            for i, ind in enumerate(("registered_persons", "remaining_persons", "rural_population")):
                v = 1000 + y + 10 * i + int(code[-1])
                g.write("%s,%d,%s,%d\n" % (name[code], y, ind, v))
                u.write("%s,%d,%s,%d\n" % (code, y, ind, v))
# Years as columns: 地区,指标,单位,2018年,2019年 and two empty columns.
by = {}
for r in rows:
    by.setdefault((r[0], r[2]), {})[r[1]] = r[3]
with open(tmp + "/years.csv", "w", encoding="utf-8") as f:
    f.write("地区,指标,单位,2018年,2019年,,\n")
    for (code, ind), v in by.items():
        f.write("%s,%s,人,%s,%s,,\n" % (name[code], ind, v["2018"], v["2019"]))
# Renamed columns in another order, an extra column, values as typed in
# Excel; one value "—" (missing), and the long form with it empty.
with open(tmp + "/renamed.csv", "w", encoding="utf-8") as f, \
     open(tmp + "/values_missing.csv", "w", encoding="utf-8") as m:
    f.write("年份,指标,地区代码,备注,数值\n")
    m.write("region,period,indicator,value\n")
    for k, r in enumerate(rows):
        v = r[3]
        if k == 15:
            v = "—"
        elif int(v) >= 1000 and k % 2:
            v = '"%s"' % format(int(v), ",")
        elif k % 3 == 0:
            v = "".join(chr(ord(c) + 0xFEE0) for c in v) # full-width digits
        f.write("%s,%s,%s,,%s\n" % (r[1], r[2], r[0], v))
        m.write("%s,%s,%s,%s\n" % (r[0], r[1], r[2], "" if k == 15 else r[3]))
# The sheet: a merged title row, the header in row 3, region names merged
# down their rows, years as dates formatted yyyy"年", values as numbers,
# numbers stored as text and with thousands separators, and formatted but
# empty cells to the right and below.
serial = {"2018": 43101, "2019": 43466}
cells = ["A1 s 2018-2019年统计表", "merge A1:D1",
         "A3 s 地区", "B3 s 年份", "C3 s 指标", "D3 is 数值", "E3 e", "F3 e"]
row, first = 4, {}
for r in sorted(rows, key=lambda r: r[0]):
    if r[0] not in first:
        first[r[0]] = row
        cells.append("A%d s %s" % (row, name[r[0]]))
    cells.append("B%d y %d" % (row, serial[r[1]]))
    cells.append("C%d s %s" % (row, r[2]))
    kind = ("n", "is", "s")[row % 3]
    v = r[3] if kind != "s" else format(int(r[3]), ",")
    cells.append("D%d %s %s" % (row, kind, v))
    cells.append("F%d e" % row)
    row += 1
for code, top in first.items():
    cells.append("merge A%d:A%d" % (top, top + 5))
cells.append("A%d e" % (row + 3))
open(tmp + "/cells.txt", "w", encoding="utf-8").write("\n".join(cells) + "\n")
PY
python3 tests/golden/data/make_xlsx.py "$TMP/book.xlsx" 数据 <"$TMP/cells.txt" ||
	fail "make_xlsx.py"

# GBK, detected: one note per file, however many lines.
config gbk "data:
  regions: ../regions_gbk.csv
  sources:
    - type: csv
      path: ../values_gbk.csv"
same gbk
expect_eq "gbk: notes" "$(grep -c 'note: .* is not UTF-8: read as GB18030' "$TMP/gbk/err")" 2
expect_eq "gbk: nothing else" "$(grep -vc '^ \|note:' "$TMP/gbk/err")" 0

config gbk72 "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: csv
      path: ../values72_gbk.csv"
config utf72 "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: csv
      path: ../values72.csv"
"$PROGREP" compute "$TMP/utf72/config.yaml" >"$TMP/want72.csv" 2>/dev/null
same gbk72 "$TMP/want72.csv"
expect_eq "gbk72: one note, no error" "$(grep -c 'note:\|error:' "$TMP/gbk72/err")" 1

# Declared: no note.
config gbk_declared "data:
  regions: ../regions_gbk.csv
  encoding: gbk
  sources:
    - type: csv
      path: ../values_gbk.csv
      encoding: gb18030"
same gbk_declared
expect_eq "gbk_declared: no note" "$(wc -c <"$TMP/gbk_declared/err")" 0

config years "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: csv
      path: ../years.csv
      format: periods
      columns: {region: 地区, indicator: 指标}"
same years
grep -q "years.csv:1:7: warning: column '单位' is not a period" "$TMP/years/err" && pass ||
	fail "years: no warning for the unit column"
grep -q "years.csv:1:22: note: 2 empty columns at the end of the header are ignored" \
	"$TMP/years/err" && pass || fail "years: no note for the empty columns"

config renamed_want "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: csv
      path: ../values_missing.csv"
"$PROGREP" compute "$TMP/renamed_want/config.yaml" >"$TMP/want_missing.csv" 2>/dev/null
config renamed "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: csv
      path: ../renamed.csv
      columns: {region: 地区代码, period: 年份, indicator: 指标, value: 数值}
      missing: [\"—\", \"-\"]"
same renamed "$TMP/want_missing.csv"

config xlsx "data:
  regions: $PWD/$DATA/regions.csv
  sources:
    - type: xlsx
      path: ../book.xlsx
      sheet: 数据
      range: A3:F200
      columns: {region: 地区, period: 年份, indicator: 指标, value: 数值}"
same xlsx

# An old .xls (written by python3-xlwt, scripts/deps.sh): names, years as
# numbers, values as numbers and as text, an empty column before the table.
xlwt_py=
for py in python3 /usr/bin/python3; do
	"$py" -c 'import xlwt' 2>/dev/null && { xlwt_py=$py; break; }
done
if [ -n "$xlwt_py" ]; then
	"$xlwt_py" - "$DATA" "$TMP" <<'PY'
import csv, sys, xlwt
data, tmp = sys.argv[1], sys.argv[2]
name = {r[0]: r[1] for r in list(csv.reader(open(data + "/regions.csv", encoding="utf-8")))[1:]}
rows = list(csv.reader(open(data + "/values.csv", encoding="utf-8")))[1:]
wb = xlwt.Workbook(encoding="utf-8")
wb.add_sheet("其他").write(0, 0, "x")
ws = wb.add_sheet("数据")
for c, h in enumerate(["地区", "年份", "指标", "数值"]):
    ws.write(0, c + 1, h)
for k, r in enumerate(rows):
    ws.write(k + 1, 1, name[r[0]])
    ws.write(k + 1, 2, int(r[1]))
    ws.write(k + 1, 3, r[2])
    ws.write(k + 1, 4, int(r[3]) if k % 2 else r[3])
wb.save(tmp + "/book.xls")
PY
	sed 's#\.\./book\.xlsx#../book.xls#; /range:/d' "$TMP/xlsx/config.yaml" >"$TMP/xls.yaml"
	mkdir -p "$TMP/xls" && mv "$TMP/xls.yaml" "$TMP/xls/config.yaml"
	same xls
	"$PROGREP" explain "$TMP/xls/config.yaml" registered_persons --region 653122 >"$TMP/explain" 2>&1
	grep -q "from .*book.xls:数据!E9$" "$TMP/explain" && pass ||
		{ fail "explain: no cell for the xls"; cat "$TMP/explain" >&2; }
else
	echo "SKIP: .xls (python3-xlwt is not installed: scripts/deps.sh)" >&2
fi

# explain cites the cell, the GBK line, the column of the year.
"$PROGREP" explain "$TMP/xlsx/config.yaml" registered_persons --region 653122 >"$TMP/explain" 2>&1
grep -q "from .*book.xlsx:数据!D11$" "$TMP/explain" && pass ||
	{ fail "explain: no cell for the xlsx"; cat "$TMP/explain" >&2; }
"$PROGREP" explain "$TMP/gbk/config.yaml" registered_persons --region 653122 >"$TMP/explain" 2>&1
grep -q "from .*values_gbk.csv:9$" "$TMP/explain" && pass ||
	{ fail "explain: no line for the GBK file"; cat "$TMP/explain" >&2; }
"$PROGREP" explain "$TMP/years/config.yaml" registered_persons --region 653122 >"$TMP/explain" 2>&1
grep -q "from .*years.csv:5$" "$TMP/explain" && pass ||
	{ fail "explain: no line for years as columns"; cat "$TMP/explain" >&2; }

# Messages name the cell.
sed 's/^A4 s .*/A4 s 疏附/' "$TMP/cells.txt" |
	python3 tests/golden/data/make_xlsx.py "$TMP/bad.xlsx" 数据
sed 's#\.\./book\.xlsx#../bad.xlsx#' "$TMP/xlsx/config.yaml" >"$TMP/xlsx/bad.yaml"
"$PROGREP" check "$TMP/xlsx/bad.yaml" >/dev/null 2>"$TMP/bad.err"
grep -q "bad.xlsx:数据!A4: error: unknown region '疏附'" "$TMP/bad.err" && pass ||
	{ fail "xlsx: the error does not name the cell"; cat "$TMP/bad.err" >&2; }
sed 's/sheet: 数据/sheet: 数据表/' "$TMP/xlsx/config.yaml" >"$TMP/xlsx/nosheet.yaml"
"$PROGREP" check "$TMP/xlsx/nosheet.yaml" >/dev/null 2>"$TMP/nosheet.err"
grep -q "error: no sheet '数据表' in '.*book.xlsx' (its sheets: '其他', '数据')" \
	"$TMP/nosheet.err" && pass || { fail "xlsx: no sheet"; cat "$TMP/nosheet.err" >&2; }
cp "$DATA/values.csv" "$TMP/notzip.xlsx"
sed 's#\.\./book\.xlsx#../notzip.xlsx#' "$TMP/xlsx/config.yaml" >"$TMP/xlsx/notzip.yaml"
"$PROGREP" check "$TMP/xlsx/notzip.yaml" >/dev/null 2>"$TMP/notzip.err"
grep -q "notzip.xlsx: error: cannot read the Excel file '.*notzip.xlsx': it is neither an .xlsx" \
	"$TMP/notzip.err" && pass || { fail "xlsx: not a zip"; cat "$TMP/notzip.err" >&2; }

# Hostile workbooks stop at a limit with a clear error: nesting, entries,
# bytes unpacked (a zip bomb: 520 MiB of spaces in half a MiB).
python3 - "$TMP" <<'PY'
import sys, zipfile
tmp = sys.argv[1]
src = zipfile.ZipFile(tmp + "/book.xlsx")
def copy(name, extra):
    with zipfile.ZipFile(tmp + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            if i.filename != "xl/worksheets/sheet2.xml":
                z.writestr(i, src.read(i))
        extra(z)
copy("deep.xlsx", lambda z: z.writestr("xl/worksheets/sheet2.xml",
     "<worksheet><sheetData>" + "<x>" * 100 + "</x>" * 100 + "</sheetData></worksheet>"))
def many(z):
    z.writestr("xl/worksheets/sheet2.xml", src.read("xl/worksheets/sheet2.xml"))
    for i in range(10001):
        z.writestr("pad/%d" % i, "")
copy("many.xlsx", many)
def bomb(z):
    with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as f:
        f.write(b"<worksheet>")
        block = b" " * (1 << 20)
        for _ in range(520):
            f.write(block)
        f.write(b"</worksheet>")
copy("bomb.xlsx", bomb)
sheet = src.read("xl/worksheets/sheet2.xml").decode()
copy("merged.xlsx", lambda z: z.writestr("xl/worksheets/sheet2.xml", sheet.replace(
     "</worksheet>", '<mergeCells><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>')))
copy("badxml.xlsx", lambda z: z.writestr("xl/worksheets/sheet2.xml", sheet[:-20]))
with zipfile.ZipFile(tmp + "/nobook.xlsx", "w") as z:
    z.writestr("word/document.xml", "<document/>")
with open(tmp + "/ole.xlsx", "wb") as f:
    f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 600)
PY
for t in "deep:XML nested deeper than 64 elements" "many:its zip has more than 10000 entries" \
	"bomb:it unpacks to more than 512 MiB" \
	"merged:its merged cells cover more than 1048576 cells" \
	"badxml:its part 'xl/worksheets/sheet2.xml', line 2: unclosed token" \
	"nobook:it is not an .xlsx workbook (no xl/workbook.xml)" \
	"ole:it is not an .xls workbook libfreexl can read (save it as .xlsx)"; do
	sed "s#\.\./book\.xlsx#../${t%%:*}.xlsx#" "$TMP/xlsx/config.yaml" >"$TMP/xlsx/${t%%:*}.yaml"
	"$PROGREP" check "$TMP/xlsx/${t%%:*}.yaml" >/dev/null 2>"$TMP/hostile.err"
	grep -q "${t%%:*}.xlsx: error: cannot read the Excel file '.*': ${t#*:}" "$TMP/hostile.err" &&
		pass || { fail "xlsx: ${t%%:*}"; cat "$TMP/hostile.err" >&2; }
done

finish
