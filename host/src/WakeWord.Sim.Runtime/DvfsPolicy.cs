// twin of ww_dvfs.c
namespace WakeWord.Sim.Runtime;

/// <summary>Performance levels the policy switches between (WW_PERF_LOW, WW_PERF_HIGH).</summary>
public enum PerfLevel
{
    Low = 0,
    High = 1,
}

/// <summary>DVFS constants (twin of <c>ww_dvfs_config_t</c>).</summary>
/// <param name="QuietHops">Consecutive quiet hops before LOW.</param>
/// <param name="Pretrigger">int8 wake posterior that forces HIGH.</param>
public readonly record struct DvfsConfig(int QuietHops, int Pretrigger);

/// <summary>HIGH while the gate is open or a posterior passes the pre-trigger, LOW after N quiet hops (twin of <c>ww_dvfs_t</c>).</summary>
public sealed class DvfsPolicy
{
    private readonly DvfsConfig _config;
    private int _quiet;

    public DvfsPolicy(DvfsConfig config) => _config = config;

    public PerfLevel Level { get; private set; } = PerfLevel.Low;

    /// <summary>ww_dvfs_policy_step: one hop; true when the level changed.</summary>
    public bool Step(bool gateOpen, bool pretriggerHit)
    {
        var before = Level;
        if (gateOpen || pretriggerHit)
        {
            _quiet = 0;
            Level = PerfLevel.High;
        }
        else
        {
            if (_quiet < _config.QuietHops) _quiet++;
            if (_quiet >= _config.QuietHops) Level = PerfLevel.Low;
        }
        return Level != before;
    }
}
