#!/usr/bin/env bash
# The tree is a pipeline and its includes must say so (docs: STYLE.md,
# "one stage per folder"): a file includes headers of its own stage or an
# earlier one, never a later one,
#   core/util < core/config < core/data < core/engine < render < cmd
# and inside render/: render/layout < render/chart < render/*.c, with the
# PDF backend render/pdf beside render/chart (it may include render/layout).
# Second, no two files of a folder call each other, directly or round a
# longer loop (batch.c / cmd_render.c, dataset.c / the SQL sources,
# chart_draw.c / chart_hbar.c, config.c / config_util.c were such loops):
# a file "calls" another when it names a function defined there.
# Reads the source only; $1 (the binary) is not used.
source "$(dirname "$0")/lib.bash"

python3 - "$ROOT" >"$TMP/out" 2>&1 <<'EOF'
import os, re, sys

root = sys.argv[1]
files = sorted(
    os.path.relpath(os.path.join(d, f), root)
    for top in ("core", "render", "cmd")
    for d, _, names in os.walk(os.path.join(root, top))
    for f in names if f.endswith((".c", ".h")))

# Rank of a file's stage; files of equal rank in different folders (render/chart
# and render/pdf) may not include each other either.
RANKS = [("core/util/", 0), ("core/config/", 1), ("core/data/", 2), ("core/engine/", 3),
         ("render/layout/", 4), ("render/chart/", 5), ("render/pdf/", 5), ("render/", 6),
         ("cmd/", 7)]

def rank(path):
    return next(r for p, r in RANKS if path.startswith(p))

def strip(text):
    """Comments and string literals out, line numbers kept."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)

src = {f: open(os.path.join(root, f), encoding="utf-8", errors="replace").read() for f in files}
bad = 0

for f in files:
    for n, line in enumerate(src[f].splitlines(), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if not m or not os.path.exists(os.path.join(root, m.group(1))):
            continue
        h = m.group(1)
        if os.path.dirname(h) == os.path.dirname(f) or rank(h) < rank(f):
            continue
        print(f"{f}:{n}: includes '{h}', a header of a later (or a sibling) stage")
        bad += 1

# Which file defines each non-static function, then who names whom.
defs = {}
for f in files:
    if f.endswith(".c"):
        for m in re.finditer(r"^(?!static\b)[A-Za-z_][^\n;(=]*?\b([a-z_]\w*)\([^;{}]*?\)\s*\n\{",
                             strip(src[f]), re.M):
            defs.setdefault(m.group(1), f)
calls = {}
for f in files:
    if f.endswith(".c"):
        for word in set(re.findall(r"\b[a-z_]\w*\b", strip(src[f]))):
            g = defs.get(word)
            if g and g != f and os.path.dirname(g) == os.path.dirname(f):
                calls.setdefault(f, {}).setdefault(g, word)

# Tarjan's strongly connected components: a component of more than one file
# is a loop.
index, low, stack, on, loops = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in calls.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while not comp or comp[-1] != v:
            comp.append(stack.pop())
            on.discard(comp[-1])
        if len(comp) > 1:
            loops.append(sorted(comp))
for v in sorted(calls):
    if v not in index:
        visit(v)
for comp in loops:
    print("call cycle: " + " ".join(comp))
    for a in comp:
        for b, word in sorted(calls.get(a, {}).items()):
            if b in comp:
                print(f"    {a} calls {b} ({word}...)")
    bad += 1

print(f"{len(files)} files, {len(defs)} functions, {bad} problems")
sys.exit(1 if bad else 0)
EOF
rc=$?
if [ "$rc" -eq 0 ]; then pass; else fail "layering:"; cat "$TMP/out" >&2; fi
grep -q ' files, [0-9]* functions' "$TMP/out" && pass || fail "the check did not run"
finish
