// twin of arm_convolve_get_buffer_sizes_s8.c, arm_convolve_get_buffer_sizes_s16.c,
// arm_depthwise_conv_get_buffer_sizes_s8.c, arm_fully_connected_get_buffer_sizes_s8.c / _s16.c,
// arm_avgpool_get_buffer_sizes_s8.c
using WakeWord.Sim.Kernels.Convolution;

namespace WakeWord.Sim.Kernels;

/// <summary>
/// Scratch (<c>ctx.buf</c>) sizes in bytes, as CMSIS-NN's <c>*_get_buffer_size</c> functions return them per build:
/// <see cref="KernelTarget.PureC"/> = the generic query on a host build, <see cref="KernelTarget.Dsp"/> = the
/// <c>_dsp</c> query (= generic on Cortex-M4/M7 with gcc), <see cref="KernelTarget.Mve"/> = the <c>_mve</c> query.
/// The memory planner reserves these; generated init code re-checks them on the device.
/// </summary>
public static class ScratchSize
{
    /// <summary>Twin of <c>arm_convolve_wrapper_s8_get_buffer_size</c> (and its _dsp / _mve variants).</summary>
    public static int ConvolveWrapperS8(KernelTarget target, in ConvParams convParams, in Dims inputDims, in Dims filterDims, in Dims outputDims)
    {
        bool is1x1 = ArmConvolveWrapperS8.IsConvolve1x1(convParams, inputDims, filterDims);
        switch (target)
        {
            case KernelTarget.Mve:
                if (is1x1) return 0;
                if (ArmConvolveWrapperS8.IsConvolve1XN(convParams, inputDims, filterDims))
                    return Convolve1XNS8Mve(convParams, inputDims, filterDims, outputDims);
                return ConvolveS8(KernelTarget.Mve, inputDims, filterDims);
            default:
                // 1x1 fast needs a buffer only with Arm Compiler 6 (DSP); gcc and pure C need none.
                return is1x1 ? 0 : ConvolveS8(target, inputDims, filterDims);
        }
    }

    /// <summary>Twin of <c>arm_convolve_s8_get_buffer_size</c> / <c>_mve</c>.</summary>
    public static int ConvolveS8(KernelTarget target, in Dims inputDims, in Dims filterDims)
    {
        int cols = filterDims.W * filterDims.H * inputDims.C;
        if (target == KernelTarget.Mve) return 4 * ((cols + 15) / 16) * 16;
        int aligned = cols % 4 != 0 ? cols + 4 - cols % 4 : cols;
        return 2 * aligned * sizeof(short);
    }

    private static int Convolve1XNS8Mve(in ConvParams p, in Dims inputDims, in Dims filterDims, in Dims outputDims)
    {
        int padX = p.Padding.W, strideX = p.Stride.W, outX = outputDims.W;
        int totalPad = (outX - 1) * strideX + filterDims.W - inputDims.W;
        int asymPad = totalPad % 2;
        int rightPadNum = padX + asymPad != 0 ? Math.Max(1, (padX + asymPad + strideX - 1) / strideX) : 0;
        int leftPadNum = padX != 0 ? Math.Max(1, (padX + strideX - 1) / strideX) : 0;
        int noPadNum = Math.Max(outX - (rightPadNum + leftPadNum), 0);
        if (rightPadNum + noPadNum + leftPadNum != outX) return ConvolveS8(KernelTarget.Mve, inputDims, filterDims);
        int padSizeLeft = padX * inputDims.C;
        int padSizeRight = asymPad != 0 ? rightPadNum * inputDims.C : padSizeLeft;
        int numElemLeft = filterDims.W * inputDims.C;
        int numElemRight = numElemLeft - inputDims.C;
        return Math.Max(numElemLeft + padSizeLeft, numElemRight + padSizeRight);
    }

    /// <summary>Twin of <c>arm_depthwise_conv_wrapper_s8_get_buffer_size</c> (and _dsp / _mve; gcc thresholds).</summary>
    public static int DepthwiseConvWrapperS8(KernelTarget target, in DwConvParams dwConvParams, in Dims inputDims, in Dims filterDims, in Dims outputDims)
    {
        var p = dwConvParams;
        bool optPath = inputDims.C == outputDims.C && inputDims.N == 1 && p.Dilation.W == 1 && p.Dilation.H == 1;
        bool is3x3 = filterDims.W == 3 && filterDims.H == 3 && p.Padding.H <= 1 && p.Padding.W <= 1;
        switch (target)
        {
            case KernelTarget.PureC:
                return 0;
            case KernelTarget.Dsp:
                return optPath && !is3x3 ? inputDims.C * filterDims.W * filterDims.H * sizeof(short) : 0;
            default:
                int size = optPath ? 4 * 124 * filterDims.W * filterDims.H : 0;
                const int oneInputChannelToConvThreshold = 1; // gcc; Arm Compiler 6 uses 8
                if (inputDims.C == 1 && outputDims.C > oneInputChannelToConvThreshold)
                {
                    var conv = new ConvParams(p.InputOffset, p.OutputOffset, p.Stride, p.Padding, p.Dilation, p.Activation);
                    var convFilter = new Dims(filterDims.C, filterDims.H, filterDims.W, filterDims.N);
                    int toConv = ConvolveWrapperS8(KernelTarget.Mve, conv, inputDims, convFilter, outputDims) +
                        filterDims.C * filterDims.H * filterDims.W * filterDims.N;
                    if (toConv > size) return toConv;
                }
                return size;
        }
    }

    /// <summary>Twin of <c>arm_convolve_wrapper_s16_get_buffer_size</c> (and _dsp / _mve).</summary>
    public static int ConvolveWrapperS16(KernelTarget target, in ConvParams convParams, in Dims inputDims, in Dims filterDims, in Dims outputDims)
    {
        _ = convParams; _ = outputDims;
        int cols = inputDims.C * filterDims.W * filterDims.H;
        return target == KernelTarget.Mve ? 4 * ((cols + 7) / 8) * 8 * sizeof(short) : 2 * cols * sizeof(short);
    }

    /// <summary>Twin of <c>arm_fully_connected_s8_get_buffer_size</c> (and _dsp / _mve): MVE keeps kernel sums.</summary>
    public static int FullyConnectedS8(KernelTarget target, in Dims filterDims) => target == KernelTarget.Mve ? filterDims.C * sizeof(int) : 0;

    /// <summary>Twin of <c>arm_fully_connected_s16_get_buffer_size</c> (and _dsp / _mve).</summary>
    public static int FullyConnectedS16(KernelTarget target, in Dims filterDims)
    {
        _ = target; _ = filterDims;
        return 0;
    }

    /// <summary>Twin of <c>arm_avgpool_s8_get_buffer_size</c> (and _dsp / _mve).</summary>
    public static int AvgpoolS8(KernelTarget target, int dimDstWidth, int chSrc)
    {
        _ = dimDstWidth;
        return target == KernelTarget.Dsp ? chSrc * sizeof(int) : 0;
    }
}
