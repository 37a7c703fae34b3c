/*
 * test_csv_fast.c on the portable path of the fast CSV reader: 8 bytes at
 * a time in a 64-bit word (SWAR), which targets without SSE2 take.
 */
#define CSV_FORCE_SWAR 1
#include "test_csv_fast.c"
