/* Energy gate: adaptive noise floor on the log-energy feature (integer, Q8 feature LSBs). */
#include "ww_runtime.h"

void ww_gate_init(ww_gate_t *gate, const ww_gate_config_t *config)
{
    gate->floor_q8 = 0;
    gate->frames_since_active = config->window;
    gate->frames_seen = 0;
}

int32_t ww_gate_update(ww_gate_t *gate, const ww_gate_config_t *config, int16_t log_energy)
{
    const int32_t e_q8 = (int32_t)log_energy * 256;
    if (gate->frames_seen == 0)
    {
        gate->floor_q8 = e_q8;
    }
    if (gate->frames_seen < INT32_MAX)
    {
        gate->frames_seen++;
    }
    const int32_t active = log_energy > config->min_energy && e_q8 > gate->floor_q8 + config->margin * 256 ? 1 : 0;
    const int32_t diff = e_q8 - gate->floor_q8;
    /* Arithmetic right shift of a negative value (gcc, arm-none-eabi-gcc and C# all floor). */
    gate->floor_q8 += diff < 0 ? (diff >> config->fall_shift) : (diff >> config->rise_shift);
    if (active)
    {
        gate->frames_since_active = 0;
    }
    else if (gate->frames_since_active < config->window)
    {
        gate->frames_since_active++;
    }
    return active;
}

int32_t ww_gate_is_open(const ww_gate_t *gate, const ww_gate_config_t *config)
{
    return gate->frames_since_active < config->window ? 1 : 0;
}
