#!/usr/bin/env bash
# docs/walkthrough.md is true: every command block after a
# `<!-- walkthrough:run NAME [exit=N] -->` marker runs, in order, in one
# empty folder with `progrep` on the PATH; its exit code is N (default 0)
# and what it prints (standard output and error together) is the ```text
# block after the next `<!-- walkthrough:output -->` marker.
# PROGREP_UPDATE_GOLDEN=1 rewrites those blocks in the page.
source "$(dirname "$0")/lib.bash"
PROGREP=$(realpath "$PROGREP")
DOC=docs/walkthrough.md
mkdir -p "$TMP/bin" "$TMP/work"
ln -s "$PROGREP" "$TMP/bin/progrep"
export SOURCE_DATE_EPOCH=1587686400

python3 - "$DOC" "$TMP" "${PROGREP_UPDATE_GOLDEN:-0}" <<'PYEOF'
import difflib, os, re, subprocess, sys
doc, tmp, update = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
lines = open(doc, encoding='utf-8').read().split('\n')
env = dict(os.environ, PATH=tmp + '/bin:' + os.environ['PATH'], LC_ALL='C.UTF-8')

def block(i, lang):
    """The fenced block of lang at line i or after blank lines: (its
    opening line, the line after its closing fence), or None."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i] != '```' + lang:
        return None
    j = i + 1
    while lines[j] != '```':
        j += 1
    return i, j + 1

out, i, steps, bad = [], 0, 0, 0
while i < len(lines):
    m = re.match(r'<!-- walkthrough:run (\S+)(?: exit=(\d+))? -->$', lines[i])
    out.append(lines[i])
    i += 1
    if not m:
        continue
    name, want_rc = m.group(1), int(m.group(2) or 0)
    b = block(i, 'sh')
    if not b:
        print('FAIL: %s: no ```sh block after its marker' % name)
        bad += 1
        continue
    cmds = '\n'.join(lines[b[0] + 1:b[1] - 1]) + '\n'
    r = subprocess.run(['bash', '-c', cmds], cwd=tmp + '/work', env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    got = r.stdout.decode('utf-8', 'replace')
    steps += 1
    if r.returncode != want_rc:
        print('FAIL: %s: exit %d, the page says %d\n%s' % (name, r.returncode, want_rc, got))
        bad += 1
    out.extend(lines[i:b[1]])
    i = b[1]
    # Up to the next marker: the output marker and its block, if any.
    while i < len(lines) and not lines[i].startswith('<!-- walkthrough:'):
        out.append(lines[i])
        i += 1
    if i >= len(lines) or lines[i] != '<!-- walkthrough:output -->':
        continue
    out.append(lines[i])
    i += 1
    t = block(i, 'text')
    shown = '\n'.join(lines[t[0] + 1:t[1] - 1]) + '\n' if t else None
    if update:
        out.extend(['', '```text'] + got.rstrip('\n').split('\n') + ['```'])
        i = t[1] if t else i
    elif shown != got:
        print('FAIL: %s: the output differs from the page' % name)
        sys.stdout.writelines(difflib.unified_diff(
            (shown or '').splitlines(True), got.splitlines(True), 'page', 'got'))
        bad += 1
print('walkthrough steps: %d' % steps)
if update:
    open(doc, 'w', encoding='utf-8').write('\n'.join(out))
sys.exit(1 if bad or steps == 0 else 0)
PYEOF
rc=$?
[ "$rc" -eq 0 ] && pass || fail "docs/walkthrough.md does not replay"
[ -f "$TMP/work/report.pdf" ] && pdfinfo "$TMP/work/report.pdf" >/dev/null 2>&1 && pass ||
	fail "the walkthrough wrote no PDF"
finish
