using System.CommandLine;
using System.Globalization;
using WakeWord.Codegen.Quantization;
using WakeWord.Core;
using WakeWord.Onnx;

namespace WakeWord.Cli.Commands;

/// <summary>
/// <c>wakeword model init --seed N --out X.onnx [--conv2-stride R,C] [--window-mean]</c>: writes the default CRNN with
/// seeded He-random weights (conv2's stride overridable to try other LSTM lengths).
/// </summary>
public sealed class ModelCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("model", "Create and inspect float ONNX models.");
        var init = new Command("init", "Write the default CRNN with seeded random (He) weights and plausible feature normalization.");
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "Output .onnx path.", Required = true };
        var phrase = new Option<string>("--phrase") { Description = "Wake phrase stored in the metadata.", DefaultValueFactory = _ => "hey wakeword" };
        init.Options.Add(seed);
        init.Options.Add(output);
        var conv2Stride = new Option<string?>("--conv2-stride") { Description = "Conv2 stride as rows,columns (e.g. 2,2); default: the default CRNN's." };
        init.Options.Add(phrase);
        init.Options.Add(conv2Stride);
        var windowMean = new Option<bool>("--window-mean") { Description = "Subtract each feature's mean over the window before conv1 (ReduceMean + Sub)." };
        init.Options.Add(windowMean);
        init.SetAction(pr =>
        {
            var path = pr.GetValue(output)!.FullName;
            var shape = new CrnnShape { WindowMean = pr.GetValue(windowMean) };
            if (pr.GetValue(conv2Stride) is { } stride) shape = shape with { Conv2Stride = ParseStride(stride, "--conv2-stride") };
            var model = CrnnOnnxBuilder.Build(shape, CrnnWeights.RandomHe(shape, pr.GetValue(seed)),
                CrnnMetadata.Plausible(pr.GetValue(phrase)!, shape.Features));
            // Check that ONNX Runtime loads and runs it before it replaces anything.
            using (var reference = new FloatReference(model))
            {
                var probs = reference.Run(new float[shape.Frames * shape.Features])[CrnnOnnxBuilder.OutputName];
                ctx.Out.WriteLine("probs on zero features: " + string.Join(" ", probs.Select(p => p.ToString("F4", CultureInfo.InvariantCulture))));
            }
            OnnxModelBuilder.Save(model, path);
            ctx.Out.WriteLine($"wrote {path}");
            return 0;
        });
        cmd.Subcommands.Add(init);
        return cmd;
    }

    /// <summary>Parses "R,C" (or "S" for both) into a stride of 1..4 per axis.</summary>
    internal static (int H, int W) ParseStride(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length is < 1 or > 2)
            throw new WakeWordException($"{option}: '{text}' is not rows,columns");
        var v = new int[2];
        for (var i = 0; i < 2; i++)
        {
            var part = parts[Math.Min(i, parts.Length - 1)].Trim();
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out v[i]) || v[i] is < 1 or > 4)
                throw new WakeWordException($"{option}: '{text}' needs strides between 1 and 4");
        }
        return (v[0], v[1]);
    }
}
