/* Detector: integer mean of the last K wake posteriors, int8 threshold, refractory period. */
#include "ww_runtime.h"

void ww_detector_init(ww_detector_t *det, int8_t *history, const ww_detector_config_t *config)
{
    det->history = history;
    det->pos = 0;
    det->filled = 0;
    det->sum = 0;
    det->refractory_left = 0;
    for (int32_t i = 0; i < config->smooth_k; i++)
    {
        history[i] = 0;
    }
}

int32_t ww_detector_step(ww_detector_t *det, const ww_detector_config_t *config, int8_t posterior, int32_t *smoothed)
{
    if (det->filled == config->smooth_k)
    {
        det->sum -= det->history[det->pos];
    }
    else
    {
        det->filled++;
    }
    det->history[det->pos] = posterior;
    det->sum += posterior;
    det->pos = det->pos + 1 == config->smooth_k ? 0 : det->pos + 1;
    /* C division truncates toward zero, as C# does. */
    const int32_t mean = det->sum / det->filled;
    *smoothed = mean;
    if (det->refractory_left > 0)
    {
        det->refractory_left--;
        return 0;
    }
    if (mean >= config->threshold)
    {
        det->refractory_left = config->refractory;
        return 1;
    }
    return 0;
}
