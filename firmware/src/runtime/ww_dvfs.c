/* DVFS policy: HIGH while the energy gate is open or a posterior passes the pre-trigger, LOW after
   `quiet_hops` consecutive hops with neither. */
#include "ww_runtime.h"

void ww_dvfs_init(ww_dvfs_t *dvfs)
{
    dvfs->level = WW_PERF_LOW;
    dvfs->quiet = 0;
}

int32_t ww_dvfs_policy_step(ww_dvfs_t *dvfs, const ww_dvfs_config_t *config, int32_t gate_open, int32_t pretrigger_hit)
{
    const int32_t before = dvfs->level;
    if (gate_open || pretrigger_hit)
    {
        dvfs->quiet = 0;
        dvfs->level = WW_PERF_HIGH;
    }
    else
    {
        if (dvfs->quiet < config->quiet_hops)
        {
            dvfs->quiet++;
        }
        if (dvfs->quiet >= config->quiet_hops)
        {
            dvfs->level = WW_PERF_LOW;
        }
    }
    return dvfs->level != before ? 1 : 0;
}
