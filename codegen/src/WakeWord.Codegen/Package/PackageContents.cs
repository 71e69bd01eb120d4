using WakeWord.Codegen.Emission;
using WakeWord.Sim.Model;

namespace WakeWord.Codegen.Package;

/// <summary>Everything a firmware package is made from (all inputs of <see cref="PackageWriter"/>).</summary>
public sealed record PackageContents
{
    /// <summary>The quantized model with its memory plan.</summary>
    public required QuantizedModel Model { get; init; }
    public required EmitOptions Emit { get; init; }
    /// <summary>Target the package was generated for (host, qemu-m4, qemu-m7, stm32h7-cm4, stm32h7-cm7).</summary>
    public required string Target { get; init; }
    /// <summary>frontend.json and the ww_frontend_config.h made from it (null when no front end is packaged).</summary>
    public string? FrontendJson { get; init; }
    public string? FrontendHeader { get; init; }
    /// <summary>runtime.json and the ww_runtime_config.h made from it (null when no runtime config is packaged).</summary>
    public string? RuntimeJson { get; init; }
    public string? RuntimeHeader { get; init; }
    /// <summary>The memory planner's rendering (buffers, offsets, lifetimes).</summary>
    public string PlanText { get; init; } = "";
    /// <summary>Quantization report lines (per-layer SQNR etc.) from the quantizer, if any.</summary>
    public string QuantizationText { get; init; } = "";
}
