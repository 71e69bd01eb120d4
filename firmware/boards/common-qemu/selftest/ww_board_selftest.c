/* Board self-test for the QEMU targets, independent of any model package. It proves the parts every
 * firmware run relies on: argv and exit status over semihosting, host file input and output, and
 * repeatable instruction counting.
 *   ww_board_selftest exit <n>           returns n (QEMU's exit code)
 *   ww_board_selftest checksum <in> <out> writes "bytes=<n> crc32=<8 hex digits>\n" for file <in>
 *   ww_board_selftest spin <n>           runs a loop of exactly 2*n instructions and prints
 *                                        "instructions=<counted>\n"                         */
#include <stdint.h>

#include "ww_qemu_counter.h"
#include "ww_semihost.h"

static int32_t parse_u32(const char *s, uint32_t *out)
{
    uint32_t v = 0u;
    if (s == 0 || *s == '\0')
    {
        return -1;
    }
    for (; *s != '\0'; s++)
    {
        if (*s < '0' || *s > '9' || v > 429496728u)
        {
            return -1;
        }
        v = v * 10u + (uint32_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b)
    {
        a++;
        b++;
    }
    return *a == *b;
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bitwise so it needs no table. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, uint32_t n)
{
    uint32_t i;
    int bit;
    for (i = 0u; i < n; i++)
    {
        crc ^= p[i];
        for (bit = 0; bit < 8; bit++)
        {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return crc;
}

static char *append(char *dst, const char *s)
{
    while (*s != '\0')
    {
        *dst++ = *s++;
    }
    return dst;
}

static char *append_u32(char *dst, uint32_t v)
{
    char digits[10];
    int n = 0;
    do
    {
        digits[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    while (n > 0)
    {
        *dst++ = digits[--n];
    }
    return dst;
}

static char *append_hex32(char *dst, uint32_t v)
{
    int shift;
    for (shift = 28; shift >= 0; shift -= 4)
    {
        *dst++ = "0123456789abcdef"[(v >> shift) & 0xFu];
    }
    return dst;
}

static int checksum(const char *in_path, const char *out_path)
{
    static uint8_t chunk[4096];
    char line[64];
    char *end;
    uint32_t crc = 0xFFFFFFFFu;
    uint32_t total = 0u;
    int32_t n;
    int32_t in = ww_semihost_open(in_path, WW_SEMIHOST_MODE_READ_BINARY);
    int32_t out;
    if (in < 0)
    {
        ww_semihost_puts("ww_board_selftest: cannot open input\n");
        return 2;
    }
    while ((n = ww_semihost_read(in, chunk, sizeof(chunk))) > 0)
    {
        crc = crc32_update(crc, chunk, (uint32_t)n);
        total += (uint32_t)n;
    }
    ww_semihost_close(in);
    if (n < 0)
    {
        return 3;
    }
    end = append(line, "bytes=");
    end = append_u32(end, total);
    end = append(end, " crc32=");
    end = append_hex32(end, crc ^ 0xFFFFFFFFu);
    end = append(end, "\n");
    out = ww_semihost_open(out_path, WW_SEMIHOST_MODE_WRITE_BINARY);
    if (out < 0)
    {
        ww_semihost_puts("ww_board_selftest: cannot open output\n");
        return 4;
    }
    if (ww_semihost_write(out, line, (uint32_t)(end - line)) != 0)
    {
        ww_semihost_close(out);
        return 5;
    }
    return ww_semihost_close(out) == 0 ? 0 : 6;
}

/* Exactly two instructions per iteration (subs, bne); n must be at least 1. */
static void spin(uint32_t n)
{
    __asm__ volatile("1:\n\t"
                     "subs %0, %0, #1\n\t"
                     "bne 1b"
                     : "+r"(n)
                     :
                     : "cc");
}

int main(int argc, char **argv)
{
    uint32_t n;
    if (argc >= 3 && same(argv[1], "exit") && parse_u32(argv[2], &n) == 0)
    {
        return (int)(n & 0xFFu);
    }
    if (argc >= 4 && same(argv[1], "checksum"))
    {
        return checksum(argv[2], argv[3]);
    }
    if (argc >= 3 && same(argv[1], "spin") && parse_u32(argv[2], &n) == 0 && n > 0u)
    {
        uint64_t start;
        uint64_t used;
        ww_qemu_counter_start();
        start = ww_qemu_counter_instructions();
        spin(n);
        used = ww_qemu_counter_instructions() - start;
        ww_semihost_puts("instructions=");
        ww_semihost_put_u64(used);
        ww_semihost_puts("\n");
        return 0;
    }
    ww_semihost_puts("usage: ww_board_selftest exit <n> | checksum <in> <out> | spin <n>\n");
    return 64;
}
