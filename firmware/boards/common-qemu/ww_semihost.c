/* Arm semihosting calls used by the QEMU boards (see ww_semihost.h). Each operation number and
 * argument block follows the Arm semihosting specification, version 2. */
#include "ww_semihost.h"

#include <stddef.h>

enum
{
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_FLEN = 0x0C,
    SYS_GET_CMDLINE = 0x15,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026
};

static int32_t semihost_call(int32_t op, void *arg)
{
    register int32_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static uint32_t string_length(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0')
    {
        n++;
    }
    return n;
}

int32_t ww_semihost_open(const char *path, int32_t mode)
{
    uint32_t block[3];
    block[0] = (uint32_t)(uintptr_t)path;
    block[1] = (uint32_t)mode;
    block[2] = string_length(path);
    return semihost_call(SYS_OPEN, block);
}

int32_t ww_semihost_close(int32_t handle)
{
    uint32_t block[1];
    block[0] = (uint32_t)handle;
    return semihost_call(SYS_CLOSE, block) == 0 ? 0 : -1;
}

int32_t ww_semihost_read(int32_t handle, void *buf, uint32_t len)
{
    uint32_t block[3];
    int32_t not_read;
    block[0] = (uint32_t)handle;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = len;
    not_read = semihost_call(SYS_READ, block);
    if (not_read < 0 || (uint32_t)not_read > len)
    {
        return -1;
    }
    return (int32_t)(len - (uint32_t)not_read);
}

int32_t ww_semihost_write(int32_t handle, const void *buf, uint32_t len)
{
    uint32_t block[3];
    block[0] = (uint32_t)handle;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = len;
    return semihost_call(SYS_WRITE, block) == 0 ? 0 : -1;
}

int32_t ww_semihost_file_length(int32_t handle)
{
    uint32_t block[1];
    block[0] = (uint32_t)handle;
    return semihost_call(SYS_FLEN, block);
}

void ww_semihost_puts(const char *s)
{
    semihost_call(SYS_WRITE0, (void *)(uintptr_t)s);
}

void ww_semihost_put_u64(uint64_t v)
{
    char text[24];
    uint32_t i = sizeof(text) - 1u;
    text[i] = '\0';
    do
    {
        text[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u && i > 0u);
    ww_semihost_puts(&text[i]);
}

int32_t ww_semihost_cmdline(char *buf, uint32_t size)
{
    uint32_t block[2];
    if (size == 0u)
    {
        return -1;
    }
    block[0] = (uint32_t)(uintptr_t)buf;
    block[1] = size;
    if (semihost_call(SYS_GET_CMDLINE, block) != 0 || block[1] >= size)
    {
        buf[0] = '\0';
        return -1;
    }
    buf[block[1]] = '\0';
    return (int32_t)block[1];
}

void ww_semihost_exit(int32_t status)
{
    uint32_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)status;
    semihost_call(SYS_EXIT_EXTENDED, block);
    /* A host without SYS_EXIT_EXTENDED: report success or failure only. */
    semihost_call(SYS_EXIT, (void *)(uintptr_t)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT : 0x20023));
    for (;;)
    {
    }
}
