/* Streaming front end: decimator, framing with hop, one feature vector per frame. Twin: Frontend.cs. */
#include <string.h>

#include "ww_frontend.h"

void ww_frontend_init(ww_frontend_t *fe)
{
    memset(fe, 0, sizeof(*fe));
    ww_resampler_init(&fe->resampler);
}

size_t ww_frontend_process(ww_frontend_t *fe, const int16_t *pcm48k, size_t n, int16_t *features, size_t max_frames)
{
    size_t frames = 0;
    size_t used = 0;

    while (used < n)
    {
        size_t consumed;
        fe->frame_fill += (uint32_t)ww_resampler_process(&fe->resampler, &pcm48k[used], n - used,
                                                         &fe->frame[fe->frame_fill], WW_FE_FRAME_LEN - fe->frame_fill, &consumed);
        used += consumed;
        if (fe->frame_fill < WW_FE_FRAME_LEN)
        {
            break; /* input used up before the frame filled */
        }
        if (frames < max_frames)
        {
            ww_mfcc_frame(fe->frame, &fe->scratch, &features[frames * WW_FEATURES]);
            frames++;
        }
        else
        {
            fe->dropped_frames++;
        }
        memmove(fe->frame, &fe->frame[WW_FE_HOP], (WW_FE_FRAME_LEN - WW_FE_HOP) * sizeof(int16_t));
        fe->frame_fill = WW_FE_FRAME_LEN - WW_FE_HOP;
    }
    return frames;
}
