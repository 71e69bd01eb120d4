/* Arm semihosting for the QEMU boards: files, console, command line and exit status over the
 * debug channel (BKPT 0xAB). No stdio, no heap: every call goes straight to the host.
 * QEMU must run with -semihosting-config enable=on,target=native. */
#ifndef WW_SEMIHOST_H
#define WW_SEMIHOST_H

#include <stdint.h>

/* File open modes (the ISO C fopen modes, numbered as the semihosting SYS_OPEN call wants them). */
#define WW_SEMIHOST_MODE_READ_BINARY  1  /* "rb" */
#define WW_SEMIHOST_MODE_WRITE_BINARY 5  /* "wb" */
#define WW_SEMIHOST_MODE_APPEND_BINARY 9 /* "ab" */

/* Opens a host file; returns a handle >= 0, or -1 when the host refused. */
int32_t ww_semihost_open(const char *path, int32_t mode);
/* Closes a handle; returns 0 or -1. */
int32_t ww_semihost_close(int32_t handle);
/* Reads up to len bytes; returns the number of bytes read (0 at end of file) or -1 on error. */
int32_t ww_semihost_read(int32_t handle, void *buf, uint32_t len);
/* Writes len bytes; returns 0 when all were written, -1 otherwise. */
int32_t ww_semihost_write(int32_t handle, const void *buf, uint32_t len);
/* Length of an open file in bytes, or -1. */
int32_t ww_semihost_file_length(int32_t handle);
/* Writes a NUL-terminated string to the host console (QEMU's stdout). */
void ww_semihost_puts(const char *s);
/* Writes a decimal number to the host console. */
void ww_semihost_put_u64(uint64_t v);
/* Copies the command line QEMU was given with -semihosting-config arg=... into buf (NUL-terminated).
 * Returns its length, or -1 when it does not fit or the host refused. */
int32_t ww_semihost_cmdline(char *buf, uint32_t size);
/* Ends the emulation; QEMU's exit code becomes status (0..255). Never returns. */
void ww_semihost_exit(int32_t status) __attribute__((noreturn));

#endif
