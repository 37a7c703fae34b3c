#!/usr/bin/env python3
"""Write a small .xlsx from a text description, so tests need no binary blob.

    make_xlsx.py OUT.xlsx SHEET_NAME < cells.txt

Each line of cells.txt is a cell: REF TYPE TEXT, TYPE one of
  s (shared string), is (inline string), n (number), y (number in a
  yyyy"年" date format: TEXT is the Excel date serial), e (empty but
  formatted); or a line "merge A4:A9". A second sheet "其他" is added so
  the sheet is chosen by name.
"""
import sys
import zipfile
from xml.sax.saxutils import escape

out, sheet_name = sys.argv[1], sys.argv[2]
cells, merges, sst = [], [], []
for line in sys.stdin.read().splitlines():
    if not line.strip():
        continue
    parts = line.split(" ", 2)
    if parts[0] == "merge":
        merges.append(parts[1])
        continue
    cells.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))


def col_row(ref):
    i = 0
    while ref[i].isalpha():
        i += 1
    return ref[:i], int(ref[i:])


rows = {}
for ref, typ, text in cells:
    _, r = col_row(ref)
    if typ == "s":
        sst.append(text)
        xml = '<c r="%s" t="s"><v>%d</v></c>' % (ref, len(sst) - 1)
    elif typ == "is":
        xml = '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))
    elif typ == "n":
        xml = '<c r="%s"><v>%s</v></c>' % (ref, text)
    elif typ == "y":
        xml = '<c r="%s" s="1"><v>%s</v></c>' % (ref, text)
    else:
        xml = '<c r="%s" s="2"/>' % ref
    rows.setdefault(r, []).append(xml)

ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
sheet = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><sheetData>' % ns
for r in sorted(rows):
    sheet += '<row r="%d">%s</row>' % (r, "".join(rows[r]))
sheet += "</sheetData>"
if merges:
    sheet += '<mergeCells count="%d">%s</mergeCells>' % (
        len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges))
sheet += "</worksheet>"
other = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><sheetData>' \
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' \
        '</sheetData></worksheet>' % ns
sst_xml = '<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>' % (
    ns, len(sst), len(sst),
    "".join("<si><t>%s</t><rPh sb=\"0\" eb=\"1\"><t>pinyin</t></rPh></si>" % escape(t) for t in sst))
styles = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet %s>' \
         '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;"/></numFmts>' \
         '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' \
         '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/>' \
         '<xf numFmtId="4"/></cellXfs></styleSheet>' % ns
workbook = '<?xml version="1.0" encoding="UTF-8"?>\n<workbook %s><sheets>' \
           '<sheet name="其他" sheetId="1" r:id="rId1"/>' \
           '<sheet name="%s" sheetId="2" r:id="rId2"/></sheets></workbook>' % (ns, escape(sheet_name))
rels = '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships ' \
       'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
       '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/>' \
       '<Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/>' \
       '<Relationship Id="rId3" Type="x" Target="sharedStrings.xml"/></Relationships>'
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    z.writestr("xl/workbook.xml", workbook)
    z.writestr("xl/_rels/workbook.xml.rels", rels)
    z.writestr("xl/styles.xml", styles)
    z.writestr("xl/sharedStrings.xml", sst_xml)
    z.writestr("xl/worksheets/sheet1.xml", other)
    z.writestr("xl/worksheets/sheet2.xml", sheet)
