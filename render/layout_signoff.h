#ifndef PROGREP_LAYOUT_SIGNOFF_H
#define PROGREP_LAYOUT_SIGNOFF_H

/*
 * 落款 and 版记 of a report (GB/T 9704-2012 7.3.5, 7.5): see
 * render/layout_signoff.c. Each does nothing when the report has none.
 */
struct layout;
struct report;
struct report_section;

/* Does the 落款 go before top section s (an appendix: on a new page, or
 * titled 附录, 附件, 附表 …)? */
int layout_signoff_before(const struct report_section *s);
/* The 落款 at the flow's place. */
void layout_signoff(struct layout *lo, const struct report *rep);
/* The 版记 at the foot of the last page, made an even one. */
void layout_banji(struct layout *lo, const struct report *rep);

#endif
