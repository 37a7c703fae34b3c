#ifndef PROGREP_FUZZ_H
#define PROGREP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every fuzz target defines the libFuzzer entry point. Built with clang and
 * -fsanitize=fuzzer (cmake -DPROGREP_FUZZ=ON, scripts/fuzz.sh) it is a
 * fuzzer; built with any compiler and replay.c it is a program that feeds
 * the files of its corpus to the target once each (ctest fuzz/<target>).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Folder of tests/fuzz (the fixed data files of the pipeline and expr
 * targets), set by CMake. */
#ifndef PROGREP_FUZZ_DIR
#define PROGREP_FUZZ_DIR "tests/fuzz"
#endif

#endif
