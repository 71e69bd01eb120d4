using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using WakeWord.Core;

namespace WakeWord.Codegen.Emission;

/// <summary>
/// Renders the logic-free Liquid templates embedded next to the emitter (Emission/Templates/*.liquid) with
/// Fluid. Models are dictionaries of strings, numbers and lists prepared by the emitter; the templates only
/// print and loop. Output uses "\n" line ends and no HTML encoding.
/// </summary>
public static class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Cache = new();

    /// <summary>Renders template <paramref name="name"/> (path under Templates/, e.g. "ww_model.c" or "Layers/conv2d.call").</summary>
    public static string Render(string name, IDictionary<string, object?> model)
    {
        var template = Cache.GetOrAdd(name, Load);
        var context = new TemplateContext(Options);
        foreach (var (k, v) in model) context.SetValue(k, v);
        return template.Render(context, NullEncoder.Default).Replace("\r\n", "\n");
    }

    /// <summary>True when a template of that name is embedded.</summary>
    public static bool Exists(string name) => typeof(TemplateRenderer).Assembly.GetManifestResourceInfo(ResourceName(name)) != null;

    private static string ResourceName(string name) => "WakeWord.Codegen.Emission.Templates." + name.Replace('/', '.') + ".liquid";

    private static IFluidTemplate Load(string name)
    {
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(ResourceName(name))
            ?? throw new WakeWordException($"template {name}.liquid is not embedded in WakeWord.Codegen");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        if (!Parser.TryParse(text, out var template, out var error))
            throw new WakeWordException($"template {name}.liquid: {error}");
        return template;
    }
}
