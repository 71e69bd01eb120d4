using System.CommandLine;
using System.Globalization;
using WakeWord.Codegen.Quantization;
using WakeWord.Onnx;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword model init --seed N --out X.onnx</c>: writes the default CRNN with seeded He-random weights.</summary>
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
        init.Options.Add(phrase);
        init.SetAction(pr =>
        {
            var path = pr.GetValue(output)!.FullName;
            var shape = new CrnnShape();
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
}
