// The text of every page as pdf.js (Debian's libjs-pdf) extracts it:
// getTextContent's items, a newline where pdf.js ends a line, a form
// feed after each page. Used by tagged.sh: tagging must not change it.
"use strict";
const pdfjs = require("/usr/share/nodejs/pdfjs-dist/build/pdf.js");
const fs = require("fs");

(async () => {
  const data = new Uint8Array(fs.readFileSync(process.argv[2]));
  const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
  let out = "";
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const tc = await page.getTextContent();
    for (const it of tc.items) out += it.str + (it.hasEOL ? "\n" : "");
    out += "\f";
  }
  process.stdout.write(out);
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
