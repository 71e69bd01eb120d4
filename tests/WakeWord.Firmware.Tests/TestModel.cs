// twin of Native/testmodel/ww_model.c
using System.Runtime.InteropServices;
using WakeWord.Sim.Runtime;

namespace WakeWord.Firmware.Tests;

/// <summary>The tests-only model of Native/testmodel, integer for integer.</summary>
internal sealed class TestModel : IModelRunner
{
    private const int Frames = 98, Feats = 24, Blocks = 7, PerBlock = Frames / Blocks;

    public static readonly int[] Offset = [-1800, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1500];
    public static readonly int[] Mult = [.. Enumerable.Repeat(1073741824, 23), 1518500250];
    public static readonly int[] Shift = [-3, .. Enumerable.Repeat(-2, 22), -4];
    public const int ZeroPoint = -10;

    private readonly sbyte[] _pool = new sbyte[Blocks * Feats];
    private readonly int[] _logits = new int[3];

    public int InputFrames => Frames;
    public int InputFeatures => Feats;
    public int NumClasses => 3;
    public FeatureQuantizer Quantizer { get; } = new(Offset, Mult, Shift, ZeroPoint);
    public IReadOnlyList<(string Kind, long Units)> LayerWork { get; } = [("pool", Frames * Feats), ("fc", Blocks * Feats * 2)];

    private static int Weight(int k, int i) => ((i * 7 + k * 13) % 9) - 4;

    public int Invoke(ReadOnlySpan<sbyte> input, Span<sbyte> probs, LayerHook? hook)
    {
        for (var b = 0; b < Blocks; b++)
            for (var c = 0; c < Feats; c++)
            {
                var sum = 0;
                for (var t = b * PerBlock; t < (b + 1) * PerBlock; t++) sum += input[t * Feats + c];
                var m = sum / PerBlock;
                _pool[b * Feats + c] = (sbyte)Math.Clamp(m, -128, 127);
            }
        hook?.Invoke(0, "pool", MemoryMarshal.AsBytes(_pool.AsSpan()));
        _logits[0] = 0;
        for (var b = 0; b < Blocks; b++)
        {
            int e = _pool[b * Feats + Feats - 1];
            _logits[0] += b >= 2 && b <= 4 ? 2 * e : -e;
        }
        for (var k = 1; k < 3; k++)
        {
            var acc = 0;
            for (var i = 0; i < Blocks * Feats; i++) acc += Weight(k, i) * _pool[i];
            _logits[k] = acc;
        }
        hook?.Invoke(1, "head", MemoryMarshal.AsBytes(_logits.AsSpan()));
        for (var k = 0; k < 3; k++) probs[k] = (sbyte)Math.Clamp((_logits[k] >> 1) - 60, -128, 127);
        return 0;
    }
}
