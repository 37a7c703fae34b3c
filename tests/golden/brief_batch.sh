#!/usr/bin/env bash
# The county brief for all 96 counties (issue 13), as a batch of PDFs and as
# text: every report names its county in the PDF Title, fits on two pages
# (no 13-30 pages of village rows), has no page crowded with labels (a bar
# chart of 100-372 villages would be), and never speaks for 全区.
source "$(dirname "$0")/lib.bash"
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || {
	fail "pdfinfo and pdftotext (poppler-utils) are needed"
	finish
	exit 1
}

"$PROGREP" render county-brief --each county --out "$TMP/pdf/{code}.pdf" >"$TMP/out" 2>"$TMP/err"
expect_eq "batch exit" "$?" 0
awk -F, '$4 == "county" { print $1 "," $2 }' data/xinjiang/regions.csv >"$TMP/counties"
expect_eq "counties" "$(wc -l <"$TMP/counties")" 96

bad_title=0 bad_pages=0 bad_words=0 bad_crowd=0
while IFS=, read -r code name; do
	pdf="$TMP/pdf/$code.pdf"
	title=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Title: *//p')
	case $title in *"$name"*) ;; *) bad_title=$((bad_title + 1)); echo "$code $name: Title '$title'" >&2 ;; esac
	pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	[ "${pages:-99}" -le 2 ] || { bad_pages=$((bad_pages + 1)); echo "$code $name: $pages pages" >&2; }
	# the county's own name may end in 区; the text must not say 全区
	pdftotext "$pdf" - 2>/dev/null | sed "s/$name//g" >"$TMP/$code.txt"
	if grep -qE '全区|各地州|全国' "$TMP/$code.txt"; then
		bad_words=$((bad_words + 1))
		echo "$code $name: $(grep -oE '.{0,10}(全区|各地州|全国).{0,10}' "$TMP/$code.txt" | head -1)" >&2
	fi
	# the text writer puts every chart label on a line of its own
	sed -e "s/^  region: .*//" -e "s/^  period: 2019/  period: 2019\n  region: \"$code\"/" \
		-e "s|\.\./data/|$ROOT/data/|" templates/county-brief.yaml >"$TMP/one.yaml"
	"$PROGREP" render "$TMP/one.yaml" --format text -o "$TMP/one.txt" 2>/dev/null
	if awk '/^=== page/ { n = 0 } { if (++n > 80) bad = 1 } END { exit bad ? 0 : 1 }' "$TMP/one.txt"; then
		bad_crowd=$((bad_crowd + 1))
		echo "$code $name: a page of more than 80 lines" >&2
	fi
done <"$TMP/counties"
expect_eq "Title names the county" "$bad_title" 0
expect_eq "at most two pages" "$bad_pages" 0
expect_eq "no 全区, 各地州, 全国" "$bad_words" 0
expect_eq "no crowded page" "$bad_crowd" 0
finish
