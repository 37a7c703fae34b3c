# Text and colours inside the chart areas of a tagged PDF (every chart box
# is marked /Figure): the smallest type size as printed (Tf size x the
# scale of the text matrix), and in mono mode any colour that is not grey
# and any text lighter than 60% black. Reads qpdf --json output.
import base64, json, math, re, sys

objs = json.load(open(sys.argv[1]))['qpdf'][1]
mono = len(sys.argv) > 2 and sys.argv[2] == 'mono'
def val(ref): return objs['obj:' + ref]['value']
def deref(v): return val(v) if isinstance(v, str) and v.endswith(' R') else v
def stream(ref):
    return base64.b64decode(objs['obj:' + ref]['stream']['data']).decode('latin-1')
def pages(node):
    node = deref(node)
    if node.get('/Type') == '/Pages':
        for k in node['/Kids']:
            yield from pages(k)
    else:
        yield node
tok = re.compile(r'<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/<>\[\]()]+|\[|\]|<<|>>|[^\s/<>\[\]()]+')
bad, nfig, small, hatch = [], 0, 99.0, 0
for pno, pg in enumerate(pages(val(objs['trailer']['value']['/Root'])['/Pages']), 1):
    refs = pg['/Contents']
    refs = refs if isinstance(refs, list) else [refs]
    data = ''.join(stream(r) for r in refs)
    ops, tags, size, tm, fill, last_m = [], [], 0.0, 1.0, (0, 0, 0), None
    for t in tok.findall(data):
        if not re.fullmatch(r"[A-Za-z'\"*]+", t) or t in ('true', 'false', 'null'):
            ops.append(t)
            continue
        o, ops = ops, []
        if t in ('BDC', 'BMC'):
            tags.append(o[0] if o else '')
        elif t == 'EMC':
            tags and tags.pop()
        elif t == 'Tf':
            size = float(o[-1])
        elif t == 'Tm':
            a, b, c, d = map(float, o[-6:-2]); tm = math.sqrt(abs(a * d - b * c))
        elif t == 'BT':
            tm = 1.0
        elif t in ('rg', 'RG'):
            col = tuple(map(float, o[-3:]))
            if t == 'rg':
                fill = col
            if mono and '/Figure' in tags and len(set(col)) > 1:
                bad.append('page %d: colour %s %s in a chart' % (pno, t, col))
        elif t == 'm':
            last_m = tuple(map(float, o[-2:]))
        elif t == 'l':
            x, y = map(float, o[-2:])
            if '/Figure' in tags and last_m and abs(abs(x - last_m[0]) - abs(y - last_m[1])) < 0.05 \
                    and abs(x - last_m[0]) > 0.2:
                hatch += 1
        elif t in ('Tj', 'TJ', "'", '"'):
            if '/Figure' not in tags:
                continue
            nfig += 1
            eff = size * tm
            small = min(small, eff)
            if eff < 7.995:
                bad.append('page %d: chart text at %.2f pt' % (pno, eff))
            if mono and fill[0] > 0.401:
                bad.append('page %d: chart text in grey %.3f (lighter than 60%% black)' % (pno, fill[0]))
print('figure_texts %d min_size %.2f hatch_lines %d' % (nfig, small if nfig else 0, hatch))
for b in sorted(set(bad))[:20]:
    print('BAD ' + b)
