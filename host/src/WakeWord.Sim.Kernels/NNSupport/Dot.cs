using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WakeWord.Sim.Kernels.NNSupport;

/// <summary>
/// Integer dot products for the kernels' hot loops: int8/int16 widened to int16 pairs and summed in int32
/// (AVX2 <c>vpmaddwd</c>), scalar tail. Every sum wraps modulo 2^32 exactly like the C accumulators, so the
/// result equals the C loop's for any order of summation.
/// </summary>
internal static class Dot
{
    /// <summary>Σ a[i] * b[i] over a.Length (b at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int S8S8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int n = a.Length;
        if ((uint)b.Length < (uint)n) throw new ArgumentException("b shorter than a");
        ref sbyte pa = ref MemoryMarshal.GetReference(a);
        ref sbyte pb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        int sum = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                var a0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pa, (nuint)i));
                var b0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pb, (nuint)i));
                var a1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pa, (nuint)(i + 16)));
                var b1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pb, (nuint)(i + 16)));
                acc = Avx2.Add(acc, Avx2.Add(Avx2.MultiplyAddAdjacent(a0, b0), Avx2.MultiplyAddAdjacent(a1, b1)));
            }
            for (; i <= n - 16; i += 16)
            {
                var a0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pa, (nuint)i));
                var b0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(a0, b0));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum = unchecked(sum + Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i));
        return sum;
    }

    /// <summary>Σ a[i] * b[i] for int16 a, int8 b, over a.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int S16S8(ReadOnlySpan<short> a, ReadOnlySpan<sbyte> b)
    {
        int n = a.Length;
        if ((uint)b.Length < (uint)n) throw new ArgumentException("b shorter than a");
        ref short pa = ref MemoryMarshal.GetReference(a);
        ref sbyte pb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        int sum = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var a0 = Vector256.LoadUnsafe(ref pa, (nuint)i);
                var b0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(a0, b0));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum = unchecked(sum + Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i));
        return sum;
    }

    /// <summary>Σ a[i] * b[i] for int16 a and b (int16 products fit; pairs summed in int32 wrap like C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int S16S16(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        int n = a.Length;
        if ((uint)b.Length < (uint)n) throw new ArgumentException("b shorter than a");
        ref short pa = ref MemoryMarshal.GetReference(a);
        ref short pb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        int sum = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                // vpmaddwd wraps its pair sum modulo 2^32, as the C int32 sum does.
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i)));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum = unchecked(sum + Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i));
        return sum;
    }
}
