// twin of ww_detector.c
namespace WakeWord.Sim.Runtime;

/// <summary>Detector constants (twin of <c>ww_detector_config_t</c>).</summary>
/// <param name="SmoothK">Posteriors averaged (integer mean, truncating).</param>
/// <param name="Threshold">int8 posterior the mean must reach.</param>
/// <param name="Refractory">Evaluations ignored after a detection.</param>
public readonly record struct DetectorConfig(int SmoothK, int Threshold, int Refractory);

/// <summary>Mean of the last K wake posteriors, threshold, refractory (twin of <c>ww_detector_t</c>).</summary>
public sealed class Detector
{
    private readonly DetectorConfig _config;
    private readonly sbyte[] _history;
    private int _pos, _filled, _sum, _refractoryLeft;

    public Detector(DetectorConfig config)
    {
        if (config.SmoothK < 1) throw new ArgumentOutOfRangeException(nameof(config), "SmoothK must be at least 1");
        _config = config;
        _history = new sbyte[config.SmoothK];
    }

    /// <summary>ww_detector_step: one evaluation; returns true on a detection and the smoothed posterior.</summary>
    public bool Step(sbyte posterior, out int smoothed)
    {
        if (_filled == _config.SmoothK) _sum -= _history[_pos];
        else _filled++;
        _history[_pos] = posterior;
        _sum += posterior;
        _pos = _pos + 1 == _config.SmoothK ? 0 : _pos + 1;
        var mean = _sum / _filled;
        smoothed = mean;
        if (_refractoryLeft > 0)
        {
            _refractoryLeft--;
            return false;
        }
        if (mean >= _config.Threshold)
        {
            _refractoryLeft = _config.Refractory;
            return true;
        }
        return false;
    }
}
