#!/usr/bin/env bash
# The JSON Schema of the config (schema/progrep-config.schema.json) against
# the loader: every shipped template and the config `progrep init` writes
# validate; the loader's key tables (core/config/config*.c) and the schema's
# property names are the same set; a misspelled key fails the schema too.
# Needs Debian's python3-jsonschema and python3-yaml (scripts/deps.sh).
source "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
SCHEMA=schema/progrep-config.schema.json

if ! $PY -c 'import jsonschema, yaml' 2>"$TMP/err"; then
	fail "python3-jsonschema and python3-yaml are needed: $(cat "$TMP/err")"
	finish
	exit 1
fi

# validate FILE...: prints one line per problem, exit 1 when any.
validate() {
	$PY - "$SCHEMA" "$@" <<'PYEOF'
import json, sys, yaml, jsonschema

# Like the YAML language server (and progrep), a date is text; with
# SCHEMA_DATES=1 a plain YAML loader's date objects are kept, as most
# editors' and scripts' loaders make them.
class Loader(yaml.SafeLoader):
    pass
import os
if os.environ.get('SCHEMA_DATES') != '1':
    Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding='utf-8') as f:
        doc = yaml.load(f, Loader=Loader)
    for e in v.iter_errors(doc):
        bad += 1
        print('%s: %s: %s' % (path, '/'.join(map(str, e.absolute_path)), e.message[:200]))
sys.exit(1 if bad else 0)
PYEOF
}

for t in templates/*.yaml; do
	validate "$t" >"$TMP/out" 2>&1 && pass || { fail "$t does not validate"; cat "$TMP/out" >&2; }
done

"$PROGREP" init data/xinjiang/values.csv -o "$TMP/init.yaml" 2>"$TMP/err"
expect_eq "init exit" "$?" 0
validate "$TMP/init.yaml" >"$TMP/out" 2>&1 && pass ||
	{ fail "the init config does not validate"; cat "$TMP/out" >&2; }

# The schema is strict: a misspelled key anywhere is refused, as the loader does.
sed 's/^  subtitle:/  subtitel:/' templates/xinjiang-2019.yaml >"$TMP/typo.yaml"
validate "$TMP/typo.yaml" >/dev/null 2>&1 && fail "a misspelled report key validates" || pass
sed 's/^          rows: children/          row: children/' templates/xinjiang-2019.yaml >"$TMP/typo2.yaml"
validate "$TMP/typo2.yaml" >/dev/null 2>&1 && fail "a misspelled table key validates" || pass

# A plain YAML loader reads `date: 2020-04-24` as a date: still valid.
for t in templates/*.yaml; do
	SCHEMA_DATES=1 validate "$t" >"$TMP/out" 2>&1 && pass ||
		{ fail "$t does not validate with dates as dates"; cat "$TMP/out" >&2; }
done

# Chinese ids (docs/config.md): valid in the schema as in the loader, and
# in what init writes for Chinese data.
"$PROGREP" init tests/golden/chinese/values.csv -o "$TMP/init-cn.yaml" 2>"$TMP/err" &&
	validate "$TMP/init-cn.yaml" >"$TMP/out" 2>&1 && pass ||
	{ fail "the init config of Chinese data does not validate"; cat "$TMP/err" "$TMP/out" >&2; }
validate tests/golden/chinese/report.yaml >"$TMP/out" 2>&1 && pass ||
	{ fail "the Chinese-id config does not validate"; cat "$TMP/out" >&2; }

# Shapes the loader refuses, refused by the schema too: each edit of the
# shipped template must fail, and `progrep check` must refuse it as well.
# refuse NAME SED-SCRIPT
refuse() {
	mkdir -p "$TMP/t" && ln -sfn "$ROOT/data" "$TMP/data"
	sed "$2" templates/xinjiang-2019.yaml >"$TMP/t/$1.yaml"
	if cmp -s templates/xinjiang-2019.yaml "$TMP/t/$1.yaml"; then
		fail "$1: the edit changed nothing"
		return
	fi
	validate "$TMP/t/$1.yaml" >/dev/null 2>&1 && fail "$1: the schema accepts it" || pass
	"$PROGREP" check "$TMP/t/$1.yaml" >/dev/null 2>&1 && fail "$1: progrep check accepts it" || pass
}
refuse negative-tolerance 's/indicator: registered_households}/indicator: registered_households, tolerance: -1}/'
refuse rows-without-indicators '/^              indicators: \[industry_support_persons/,/\]$/d'
refuse formula-and-rollup 's/^    formula: registered_households - lifted_households$/&\n    rollup: sum/'
refuse digit-first-id 's/^  registered_households:/  2registered_households:/'
refuse full-width-id 's/^  registered_households:/  ｒegistered_households:/'

# The schema's id pattern spells the letter table of core/util/utf8.c.
$PY - "$SCHEMA" core/util/utf8.c >"$TMP/letters" 2>&1 <<'PYEOF'
import json, re, sys
pat = json.load(open(sys.argv[1]))['$defs']['id']['pattern']
src = open(sys.argv[2]).read()
tab = src[src.index('letters[][2] = {'):]
tab = tab[:tab.index('};')]
want = ''.join(('\\u%04X' % a if a == b else '\\u%04X-\\u%04X' % (a, b))
               for a, b in ((int(x, 16), int(y, 16)) for x, y in
                            re.findall(r'\{0x([0-9A-F]+), 0x([0-9A-F]+)\}', tab)) if b < 0x10000)
if pat != '^[A-Za-z_%s][A-Za-z_%s0-9]*$' % (want, want):
    print('the id pattern differs from the letter table in core/util/utf8.c')
PYEOF
if [ -s "$TMP/letters" ]; then fail "$(cat "$TMP/letters")"; else pass; fi

# Keys: the loader's tables against the schema's properties.
$PY - "$SCHEMA" core/config/config*.c >"$TMP/keys" 2>&1 <<'PYEOF'
import json, re, sys

schema = json.load(open(sys.argv[1]))
props = set()
def walk(n):
    if isinstance(n, dict):
        for k, v in n.items():
            if k == 'properties' and isinstance(v, dict):
                props.update(v.keys())
            walk(v)
    elif isinstance(n, list):
        for x in n:
            walk(x)
walk(schema)

loader, refused = set(), set()
for path in sys.argv[2:]:
    src = open(path, encoding='utf-8').read()
    src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
    macros = {m.group(1): m.group(2) for m in
              re.finditer(r'#define\s+(\w+)\s+((?:"[^"]*"\s*,?\s*(?:\\\n)?\s*)+)', src)}
    for m in re.finditer(r'static\s+const\s+char\s*\*\s*const\s+(\w+)((?:\[[^\]]*\])+)\s*=\s*\{(.*?)\};',
                         src, re.S):
        name, body = m.group(1), m.group(3)
        for mac, text in macros.items():
            body = re.sub(r'\b%s\b' % mac, text, body)
        words = set(re.findall(r'"([^"]*)"', body))
        if name in ('secret', 'secrets'):
            refused |= words
        elif 'keys' in name or name == 'block_kinds':
            loader |= words
loader -= refused
if not loader:
    print('no key tables found in core/config/config*.c')
for k in sorted(loader - props):
    print("the loader accepts '%s' but the schema does not have it" % k)
for k in sorted(props - loader):
    print("the schema has '%s' but the loader does not accept it" % k)
PYEOF
if [ -s "$TMP/keys" ]; then
	fail "schema and loader keys differ"
	cat "$TMP/keys" >&2
else
	pass
fi
finish
