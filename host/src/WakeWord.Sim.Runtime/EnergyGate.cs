// twin of ww_gate.c
namespace WakeWord.Sim.Runtime;

/// <summary>Constants of the energy gate (twin of <c>ww_gate_config_t</c>).</summary>
/// <param name="Margin">Feature LSBs above the noise floor that make a frame active.</param>
/// <param name="MinEnergy">Frames at or below this log energy are never active (digital silence).</param>
/// <param name="RiseShift">The floor rises by 2^-RiseShift of the difference per frame.</param>
/// <param name="FallShift">The floor falls by 2^-FallShift of the difference per frame.</param>
/// <param name="Window">Frames an active frame keeps the gate open.</param>
public readonly record struct GateConfig(int Margin, int MinEnergy, int RiseShift, int FallShift, int Window);

/// <summary>Adaptive noise floor on the log-energy feature, in Q8 feature LSBs (twin of <c>ww_gate_t</c>).</summary>
public sealed class EnergyGate
{
    private readonly GateConfig _config;

    public EnergyGate(GateConfig config)
    {
        _config = config;
        FramesSinceActive = config.Window;
    }

    public int FloorQ8 { get; private set; }
    public int FramesSinceActive { get; private set; }
    public int FramesSeen { get; private set; }

    /// <summary>ww_gate_update: feeds one frame's log energy; true when the frame is active.</summary>
    public bool Update(short logEnergy)
    {
        var eQ8 = logEnergy * 256;
        if (FramesSeen == 0) FloorQ8 = eQ8;
        if (FramesSeen < int.MaxValue) FramesSeen++;
        var active = logEnergy > _config.MinEnergy && eQ8 > FloorQ8 + _config.Margin * 256;
        var diff = eQ8 - FloorQ8;
        FloorQ8 += diff < 0 ? diff >> _config.FallShift : diff >> _config.RiseShift;
        if (active) FramesSinceActive = 0;
        else if (FramesSinceActive < _config.Window) FramesSinceActive++;
        return active;
    }

    /// <summary>ww_gate_is_open.</summary>
    public bool IsOpen => FramesSinceActive < _config.Window;
}
