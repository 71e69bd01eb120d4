/* Helpers shared by the QEMU programs (see ww_qemu_io.h). */
#include "ww_qemu_io.h"

#include "ww_semihost.h"

int32_t ww_qemu_streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b)
    {
        a++;
        b++;
    }
    return *a == *b;
}

int32_t ww_qemu_parse_u32(const char *s, uint32_t *out)
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

static uint32_t rd_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint32_t rd_u16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static int32_t read_exact(int32_t h, uint8_t *buf, uint32_t n)
{
    return ww_semihost_read(h, buf, n) == (int32_t)n ? 0 : -1;
}

static int32_t fail(int32_t h, const char *path, const char *what)
{
    ww_semihost_puts("ww: ");
    ww_semihost_puts(path);
    ww_semihost_puts(": ");
    ww_semihost_puts(what);
    ww_semihost_puts("\n");
    if (h >= 0)
    {
        ww_semihost_close(h);
    }
    return -1;
}

int32_t ww_qemu_open_pcm(const char *path, uint32_t *samples)
{
    uint8_t head[12];
    uint8_t chunk[8];
    uint8_t fmt[16];
    int32_t have_fmt = 0;
    int32_t length;
    int32_t h = ww_semihost_open(path, WW_SEMIHOST_MODE_READ_BINARY);
    if (h < 0)
    {
        return fail(-1, path, "cannot open");
    }
    length = ww_semihost_file_length(h);
    if (length < 0)
    {
        return fail(h, path, "cannot get the file length");
    }
    if (length < 12 || read_exact(h, head, 12u) != 0 || rd_u32(head) != 0x46464952u /* RIFF */ ||
        rd_u32(head + 8) != 0x45564157u /* WAVE */)
    {
        /* Raw PCM: reopen at the start. */
        ww_semihost_close(h);
        h = ww_semihost_open(path, WW_SEMIHOST_MODE_READ_BINARY);
        if (h < 0)
        {
            return fail(-1, path, "cannot reopen");
        }
        *samples = (uint32_t)length / 2u;
        return h;
    }
    for (;;)
    {
        uint32_t len;
        if (read_exact(h, chunk, 8u) != 0)
        {
            return fail(h, path, "WAV without a data chunk");
        }
        len = rd_u32(chunk + 4);
        if (rd_u32(chunk) == 0x20746D66u /* "fmt " */ && len >= 16u)
        {
            uint32_t skip = len - 16u + (len & 1u);
            if (read_exact(h, fmt, 16u) != 0)
            {
                return fail(h, path, "truncated fmt chunk");
            }
            if ((rd_u16(fmt) != 1u && rd_u16(fmt) != 0xFFFEu) || rd_u16(fmt + 2) != 1u || rd_u32(fmt + 4) != 48000u ||
                rd_u16(fmt + 14) != 16u)
            {
                return fail(h, path, "fmt: need PCM, mono, 48000 Hz, 16-bit (convert on the host first)");
            }
            have_fmt = 1;
            while (skip > 0u)
            {
                uint32_t n = skip > 16u ? 16u : skip;
                if (read_exact(h, fmt, n) != 0)
                {
                    return fail(h, path, "truncated fmt chunk");
                }
                skip -= n;
            }
        }
        else if (rd_u32(chunk) == 0x61746164u /* "data" */)
        {
            if (!have_fmt)
            {
                return fail(h, path, "WAV data chunk before its fmt chunk");
            }
            *samples = len / 2u;
            return h;
        }
        else
        {
            uint32_t skip = len + (len & 1u);
            while (skip > 0u)
            {
                uint8_t junk[64];
                uint32_t n = skip > sizeof(junk) ? (uint32_t)sizeof(junk) : skip;
                if (read_exact(h, junk, n) != 0)
                {
                    return fail(h, path, "WAV chunk runs past the end of the file");
                }
                skip -= n;
            }
        }
    }
}

void ww_qemu_print_counter(const char *key, uint64_t value)
{
    ww_semihost_puts(key);
    ww_semihost_puts("=");
    ww_semihost_put_u64(value);
    ww_semihost_puts("\n");
}

uint32_t ww_qemu_xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}
