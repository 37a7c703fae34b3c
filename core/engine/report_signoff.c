/*
 * 落款 and 版记 (GB/T 9704-2012 7.3.5, 7.5) as a reader gets them: the
 * dates in Arabic numerals with the year in full and no leading zeros
 * ("2020年4月30日"), the 抄送 list "抄送：A，B。" and "…印发".
 */
#include "core/config/config.h"
#include "core/engine/report_int.h"
#include "core/util/arena.h"
#include "core/util/strbuf.h"

/* "2020年4月30日" of a date cfg_load checked; NULL if it did not. */
static const char *cn_date(struct arena *a, const char *ymd)
{
	int t[3];

	if (!ymd || cfg_parse_date(ymd, t) < 0)
		return NULL;
	return arena_printf(a, "%d年%d月%d日", t[0], t[1], t[2]);
}

void report_signoff(const struct cfg_report *rp, struct report *out, struct arena *a)
{
	const char *issued;
	size_t i;

	if (rp->signoff_office && rp->signoff_date) {
		out->signoff_office = rp->signoff_office;
		out->signoff_date = cn_date(a, rp->signoff_date);
		if (!out->signoff_date)
			out->signoff_office = NULL;
	}
	issued = cn_date(a, rp->banji_issued);
	if (!rp->banji_issuer || !issued)
		return;
	out->banji_issuer = rp->banji_issuer;
	out->banji_issued = arena_printf(a, "%s印发", issued);
	if (rp->nbanji_cc) {
		struct strbuf sb = { 0 };

		strbuf_adds(&sb, "抄送：");
		for (i = 0; i < rp->nbanji_cc; i++) {
			if (i)
				strbuf_adds(&sb, "，");
			strbuf_adds(&sb, rp->banji_cc[i]);
		}
		strbuf_adds(&sb, "。");
		out->banji_cc = arena_strdup(a, sb.s);
		strbuf_release(&sb);
	}
}
