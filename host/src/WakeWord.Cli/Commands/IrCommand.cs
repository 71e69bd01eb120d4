using System.CommandLine;
using WakeWord.Codegen.Import;
using WakeWord.Codegen.IR;
using WakeWord.Codegen.Passes;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword ir dump --model X.onnx [--passes]</c>: prints the imported IR (and after the standard passes).</summary>
public sealed class IrCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var cmd = new Command("ir", "Inspect the intermediate representation of a model.");
        var dump = new Command("dump", "Import an ONNX model and print its IR.");
        var model = new Option<FileInfo>("--model") { Description = "Float ONNX model.", Required = true };
        var passes = new Option<bool>("--passes") { Description = "Also run the standard passes and print the result." };
        dump.Options.Add(model);
        dump.Options.Add(passes);
        dump.SetAction(pr =>
        {
            var g = OnnxImporter.Load(pr.GetValue(model)!.FullName);
            ctx.Out.Write(IrPrinter.Print(g));
            if (pr.GetValue(passes))
            {
                foreach (var p in PassPipeline.Standard)
                {
                    g = p.Run(g);
                    ctx.Out.WriteLine($"# after {p.GetType().Name}");
                }
                ctx.Out.Write(IrPrinter.Print(g));
            }
            return 0;
        });
        cmd.Subcommands.Add(dump);
        return cmd;
    }
}
