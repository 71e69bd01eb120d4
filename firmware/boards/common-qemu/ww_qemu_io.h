/* Small helpers the QEMU programs share on top of semihosting: option parsing, whole-buffer writes,
 * and opening a 48 kHz mono int16 WAV or raw PCM file positioned at its first sample. */
#ifndef WW_QEMU_IO_H
#define WW_QEMU_IO_H

#include <stdint.h>

/* 1 when a equals b. */
int32_t ww_qemu_streq(const char *a, const char *b);
/* Parses a decimal uint32; returns 0 on success, -1 on anything else. */
int32_t ww_qemu_parse_u32(const char *s, uint32_t *out);
/* Opens path for reading. A RIFF/WAVE file must be PCM, mono, 48000 Hz, 16-bit; its handle is left at the
 * first sample and *samples holds the data chunk's sample count. Any other file is raw little-endian
 * int16 (*samples = length / 2). Returns the handle, or -1 with a message on the console. */
int32_t ww_qemu_open_pcm(const char *path, uint32_t *samples);
/* Prints "<key>=<value>" and a newline on the console. */
void ww_qemu_print_counter(const char *key, uint64_t value);
/* xorshift32 step: the next pseudo-random value of a non-zero *state (the same sequence on every core). */
uint32_t ww_qemu_xorshift32(uint32_t *state);

#endif
