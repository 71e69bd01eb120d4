/* Feature ring: the last N quantized frames, read back oldest first for the model input. */
#include "ww_runtime.h"

#include <string.h>

void ww_ring_init(ww_ring_t *ring, int8_t *storage, int32_t frames, int32_t width)
{
    ring->data = storage;
    ring->frames = frames;
    ring->width = width;
    ring->head = 0;
    ring->count = 0;
    memset(storage, 0, (size_t)frames * (size_t)width);
}

void ww_ring_push(ww_ring_t *ring, const int8_t *frame)
{
    memcpy(ring->data + (size_t)ring->head * (size_t)ring->width, frame, (size_t)ring->width);
    ring->head = ring->head + 1 == ring->frames ? 0 : ring->head + 1;
    if (ring->count < ring->frames)
    {
        ring->count++;
    }
}

void ww_ring_copy_window(const ww_ring_t *ring, int8_t *dst)
{
    /* Until the ring is full, head is the number of frames written and slots from head on are still 0:
       the oldest-first window is then zeros followed by the frames written. */
    const size_t width = (size_t)ring->width;
    const size_t tail = (size_t)(ring->frames - ring->head) * width;
    if (ring->count < ring->frames)
    {
        memset(dst, 0, tail);
    }
    else
    {
        memcpy(dst, ring->data + (size_t)ring->head * width, tail);
    }
    memcpy(dst + tail, ring->data, (size_t)ring->head * width);
}
