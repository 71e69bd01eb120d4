// twin of the ww_time_reverse, ww_select_step, ww_concat_part, ww_requantize and ww_subtract_mean helpers of the generated ww_model.c
// (codegen/src/WakeWord.Codegen/Emission/Templates/ww_model.c.liquid)
namespace WakeWord.Sim.Model;

/// <summary>
/// The byte-copy layers of the generated model, on the same arena offsets as the C code (so an in-place time
/// reverse is in place here too). Offsets and sizes are in bytes.
/// </summary>
public static class WwTensorOps
{
    /// <summary>Reverses the order of <paramref name="steps"/> rows of <paramref name="rowBytes"/>; swaps rows in place when the offsets are equal.</summary>
    public static void TimeReverse(Span<byte> arena, int inOffset, int outOffset, int steps, int rowBytes)
    {
        if (inOffset == outOffset)
        {
            for (var t = 0; t < steps / 2; t++)
            {
                var a = arena.Slice(outOffset + t * rowBytes, rowBytes);
                var b = arena.Slice(outOffset + (steps - 1 - t) * rowBytes, rowBytes);
                for (var i = 0; i < rowBytes; i++) (a[i], b[i]) = (b[i], a[i]);
            }
            return;
        }
        for (var t = 0; t < steps; t++)
            arena.Slice(inOffset + (steps - 1 - t) * rowBytes, rowBytes).CopyTo(arena.Slice(outOffset + t * rowBytes, rowBytes));
    }

    /// <summary>Copies row <paramref name="step"/> of <paramref name="rowBytes"/>.</summary>
    public static void SelectStep(Span<byte> arena, int inOffset, int outOffset, int step, int rowBytes) =>
        arena.Slice(inOffset + step * rowBytes, rowBytes).CopyTo(arena.Slice(outOffset, rowBytes));

    /// <summary>Writes one concat input: <paramref name="outer"/> rows of <paramref name="inRowBytes"/> into rows of <paramref name="outRowBytes"/> at <paramref name="offsetBytes"/>.</summary>
    public static void ConcatPart(Span<byte> arena, int inOffset, int outOffset, int outer, int inRowBytes, int outRowBytes, int offsetBytes)
    {
        for (var o = 0; o < outer; o++)
            arena.Slice(inOffset + o * inRowBytes, inRowBytes).CopyTo(arena.Slice(outOffset + o * outRowBytes + offsetBytes, inRowBytes));
    }

    /// <summary>
    /// Twin of <c>ww_requantize</c>: <c>clamp(arm_nn_requantize(x + inputOffset, mult, shift) + outputOffset, min, max)</c>
    /// per element, reading int8 or int16 (<paramref name="inBytes"/>) and writing int8 or int16 (<paramref name="outBytes"/>) in the arena.
    /// </summary>
    public static void Requantize(Span<byte> arena, int inOffset, int inBytes, int outOffset, int outBytes, int count,
        int inputOffset, int multiplier, int shift, int outputOffset, int min, int max)
    {
        for (var i = 0; i < count; i++)
        {
            int x = inBytes == 1
                ? (sbyte)arena[inOffset + i]
                : System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(arena.Slice(inOffset + 2 * i, 2));
            var v = Math.Clamp(WakeWord.Sim.Kernels.Requant.Requantize(x + inputOffset, multiplier, shift) + outputOffset, min, max);
            if (outBytes == 1) arena[outOffset + i] = (byte)(sbyte)v;
            else System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(arena.Slice(outOffset + 2 * i, 2), (short)v);
        }
    }

    /// <summary>
    /// Twin of <c>ww_subtract_mean</c>: int8 [outer][steps][inner] minus its mean over steps, per element
    /// <c>clamp(arm_nn_requantize(256 * (steps * (x + inputOffset) - sum), mult, shift) + outputOffset, -128, 127)</c> where
    /// sum is the int32 sum of <c>x + inputOffset</c> over the steps of that (outer, inner) column (each column is
    /// summed before any of it is written, so the same offsets in and out work too).
    /// </summary>
    public static void SubtractMean(Span<byte> arena, int inOffset, int outOffset, int outer, int steps, int inner,
        int inputOffset, int multiplier, int shift, int outputOffset)
    {
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var sum = 0;
                for (var t = 0; t < steps; t++) sum += (sbyte)arena[inOffset + (o * steps + t) * inner + i] + inputOffset;
                for (var t = 0; t < steps; t++)
                {
                    var at = (o * steps + t) * inner + i;
                    var x = (sbyte)arena[inOffset + at] + inputOffset;
                    var v = WakeWord.Sim.Kernels.Requant.Requantize((steps * x - sum) * 256, multiplier, shift) + outputOffset;
                    arena[outOffset + at] = (byte)(sbyte)(v < -128 ? -128 : v > 127 ? 127 : v);
                }
            }
    }
}
