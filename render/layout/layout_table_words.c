#include "render/layout/layout_table_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"
#include "render/layout/linebreak.h"

/*
 * Header words and figures of a table (render/layout/layout_table.c lays
 * the table out): where a header may wrap, as 统计公报 wrap them (between
 * words, never "贫困人\n口"), and where a figure's decimal point is.
 */

#define ZWSP 0x200Bu

/* The words of statistical table headers (poverty alleviation and general
 * statistics, as the templates' indicator names and column titles use
 * them): a header wraps between them, never inside one. Longest match
 * wins, so a longer word ("贫困人口") keeps a shorter one ("贫困") whole
 * with what follows it. */
static const char *const lexicon[] = {
	"建档立卡", "贫困", "贫困户", "贫困人口", "贫困村", "贫困县", "非贫困县",
	"深度贫困县", "脱贫", "未脱贫", "脱贫攻坚", "扶贫", "精准扶贫", "累计", "退出",
	"未退出", "摘帽", "未摘帽", "发生率", "人口", "人数", "户数", "农民", "农村",
	"居民", "城镇", "乡村", "人均", "可支配收入", "纯收入", "收入", "增长", "增长率",
	"增幅", "下降", "比重", "占比", "占全区", "全区", "地州", "目标", "进度", "进展",
	"状态", "覆盖", "覆盖率", "就业", "转移", "稳定", "在岗", "产业", "扶持",
	"搬迁", "易地", "帮扶", "带动", "增收", "土地", "清理", "再分配", "地区",
	"指标", "单位", "合计", "小计", "总计", "年均", "比上年", "增减", "比例",
	"绝对数", "完成", "完成率", "计划", "实际", "序号", "名称", "同比", "环比",
	"百分点", "边境", "一线", "护边员", "任务", "省级", "领导干部", "联系",
	"农产品", "网络", "零售额", "高于", "低于", "平均", "年末", "年底", "截至",
	"万人", "万户", "万元", "亿元", "保留", "小数",
};

/* The length in bytes of the longest word of the lexicon or of extra
 * that starts at s (n bytes left), 0 if none. */
static size_t word_at(const char *s, size_t n, const char *const *extra, size_t nextra)
{
	size_t i, k, best = 0;

	for (i = 0; i < sizeof(lexicon) / sizeof(lexicon[0]) + nextra; i++) {
		const char *w = i < sizeof(lexicon) / sizeof(lexicon[0])
					? lexicon[i]
					: extra[i - sizeof(lexicon) / sizeof(lexicon[0])];

		k = strlen(w);
		if (k > best && k <= n && memcmp(s, w, k) == 0)
			best = k;
	}
	return best;
}

static int is_han(unsigned cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* Word places in s (without its U+200B): *seg[b] is 1 where a lexicon
 * word starts or ends at byte b, 4 between two Han characters that no
 * word covers (each such character is a word of its own, but only when
 * nothing else fits), 0 inside a word. Longest match, left to right. Only
 * places between two Han characters count: next to a digit, a Latin
 * letter or a bracket the other rules decide ("2013年" stays whole). */
static void segment(const char *s, size_t len, const char *const *extra, size_t nextra,
		    unsigned char *seg)
{
	size_t i = 0, w, end = 0;
	unsigned cp, prev = 0;
	int k, prev_free = 0;

	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) < 0)
			k = 1, cp = 0xFFFD;
		if (i >= end && is_han(cp) && (w = word_at(s + i, len - i, extra, nextra)) > 0) {
			seg[i] |= 1;
			seg[i + w] |= 1;
			end = i + w;
			prev_free = 0;
		} else if (i >= end) {
			if (is_han(cp))
				seg[i] |= prev_free ? 4 : 1;
			prev_free = is_han(cp);
			end = i + (size_t)k;
		}
		if (!is_han(cp) || !is_han(prev))
			seg[i] = 0;
		prev = cp;
		i += (size_t)k;
	}
	seg[len] = 0;
}

/* Does s hold a U+200B from a | of its config title? The one the report
 * model puts before a unit ("…\u200B（万人）") is none. */
static int has_marks(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "\xe2\x80\x8b")) != NULL) {
		p += 3;
		if (strncmp(p, "\xef\xbc\x88", 3) != 0 && *p != '(')
			return 1;
	}
	return 0;
}

void table_head_words(const char *s, int lex, const char *const *extra, size_t nextra,
		      char **out, unsigned char **ok)
{
	size_t len = strlen(s), i = 0, o = 0;
	unsigned cp, prev = 0, prev2 = 0;
	int k, zw = 0, depth = 0;
	unsigned char *seg;

	*out = xmalloc(len + 1);
	*ok = xcalloc(len + 1, 1);
	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) < 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp == ZWSP) {
			zw = 1;
			i += (size_t)k;
			continue;
		}
		if (o > 0 && (zw || cp == 0xFF08 || cp == '(' || prev == 0xFF09 || prev == ')' ||
			      prev == '/' || prev == 0x3001 || prev == ' ' ||
			      (prev == 0x5E74 /* 年 */ && prev2 >= '0' && prev2 <= '9')))
			(*ok)[o] = 1;
		if (o > 0 && depth == 0 && !strchr(")%,.", (int)(cp < 0x80 ? cp : 'x')) &&
		    cp != 0xFF09 && cp != 0x3001 && cp != 0xFF0C && cp != 0x3002 && prev != 0xFF08 &&
		    prev != '(' && !(cp < 0x80 && prev < 0x80 && cp > ' ' && prev > ' '))
			(*ok)[o] |= 2;
		depth += cp == 0xFF08 || cp == '(';
		depth -= depth > 0 && (cp == 0xFF09 || cp == ')');
		zw = 0;
		memcpy(*out + o, s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
		prev2 = prev;
		prev = cp;
	}
	(*out)[o] = '\0';
	/* The lexicon's word places count where a character break may go
	 * (bit 2: not inside （万人）, before closing punctuation, in a
	 * number). */
	/* A title with | marks says where its words are ("累计|脱贫人口"):
	 * the lexicon does not second-guess it. */
	if (!lex || has_marks(s))
		return;
	seg = xcalloc(o + 1, 1);
	segment(*out, o, extra, nextra, seg);
	for (i = 1; i < o; i++)
		if (((*ok)[i] & 2) && !((*ok)[i] & 1))
			(*ok)[i] |= seg[i] & 5;
	free(seg);
}

int table_has_break(const char *s)
{
	return s && strstr(s, "\xe2\x80\x8b") != NULL;
}

/* The farthest end b of a line from start, at most avail wide, at a place
 * ok & m allows (or the end of s); start if none. */
static size_t fits_to(const struct layout *lo, const char *s, size_t len, const unsigned char *ok,
		      unsigned m, enum doc_font f, double avail, size_t start)
{
	size_t b, last = start;

	for (b = start + 1; b <= len; b++) {
		if (b < len && !(ok[b] & m))
			continue;
		if (layout_text_width(lo, f, lo->table_size, s + start, b - start) > avail + 1e-6)
			break;
		last = b;
	}
	return last;
}

/* The farthest code point boundary after start where a line at most
 * avail wide can end; one code point past start if even that is wider. */
static size_t points_to(const struct layout *lo, const char *s, size_t len, enum doc_font f,
			double avail, size_t start)
{
	size_t b = start, last = 0;
	unsigned cp;
	int k;

	while (b < len) {
		k = utf8_decode(s + b, len - b, &cp);
		b += (size_t)(k > 0 ? k : 1);
		if (last && layout_text_width(lo, f, lo->table_size, s + start, b - start) >
				    avail + 1e-6)
			break;
		last = b;
	}
	return last;
}

/* Break s greedily, each line at the best kind of place that fits: between
 * words (bit 1), else also between characters no word covers (bit 4),
 * else, if mask allows, inside a word (bit 2), and only as the very last
 * resort after any code point. */
size_t table_words_break(const struct layout *lo, const char *s, const unsigned char *ok,
			 unsigned mask, enum doc_font f, double avail, struct linebreak_line **l)
{
	static const unsigned tiers[] = { 1u, 5u, 7u };
	size_t len = strlen(s), start = 0, n = 0, last, i;

	*l = xcalloc(len + 1, sizeof(**l));
	while (start < len) {
		for (last = start, i = 0; last == start && i < 3; i++)
			if ((tiers[i] & mask) == tiers[i])
				last = fits_to(lo, s, len, ok, tiers[i], f, avail, start);
		if (last == start) /* any code point, at least one */
			last = points_to(lo, s, len, f, avail, start);
		(*l)[n].start = start;
		(*l)[n].end = last;
		(*l)[n].width = layout_text_width(lo, f, lo->table_size, s + start, last - start);
		(*l)[n].first = start == 0;
		n++;
		start = last;
	}
	return n;
}

/* A figure's split for decimal alignment: the length of what goes left of
 * the alignment point (sign and integer digits), the rest (point,
 * decimals, a unit or mark) right of it; 0 when s is no figure. */
size_t table_fig_head(const char *s)
{
	size_t i = 0;

	if (strncmp(s, "\xef\xbc\x8d", 3) == 0 || *s == '-') /* U+FF0D minus */
		i = *s == '-' ? 1 : 3;
	if (s[i] < '0' || s[i] > '9')
		return 0;
	while ((s[i] >= '0' && s[i] <= '9') || s[i] == ',')
		i++;
	return i;
}
