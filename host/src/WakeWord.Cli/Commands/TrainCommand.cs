using System.CommandLine;
using System.Globalization;
using WakeWord.Core;
using WakeWord.Sim.Frontend;
using WakeWord.Training;
using WakeWord.Training.Data;

namespace WakeWord.Cli.Commands;

/// <summary><c>wakeword train</c>: trains the default CRNN on a dataset folder (docs/training.md).</summary>
public sealed class TrainCommand : ICliCommand
{
    public Command Build(CliContext ctx)
    {
        var d = new TrainOptions();
        var f = new FeatureOptions();
        var cmd = new Command("train", "Train the default CRNN (quantization-aware) on a dataset folder; writes crnn.onnx, curves.png, train.json.");
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder with manifest.csv.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Maximum float epochs (early stopping on validation loss).", DefaultValueFactory = _ => d.Epochs };
        var qat = new Option<int>("--qat-epochs") { Description = "Quantization-aware fine-tuning epochs after float training.", DefaultValueFactory = _ => d.QatEpochs };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same model.", DefaultValueFactory = _ => d.Seed };
        var threads = new Option<int>("--threads") { Description = "Worker threads (results do not depend on it).", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var patience = new Option<int>("--patience") { Description = "Epochs without validation improvement before stopping.", DefaultValueFactory = _ => d.Patience };
        var augment = new Option<int>("--augment") { Description = "Augmented copies per training clip (gain, noise mixing).", DefaultValueFactory = _ => f.AugmentVariants };
        var phrase = new Option<string?>("--phrase") { Description = "Wake phrase for the model metadata (default: from the manifest's source column)." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Feature cache folder (default: artifacts/work/feature-cache)." };
        var frontend = new Option<FileInfo?>("--frontend") { Description = "Front-end config JSON (default: the design defaults)." };
        foreach (var o in new Option[] { data, output, epochs, qat, seed, threads, batch, lr, patience, augment, phrase, cache, frontend }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var t = new TrainOptions
            {
                Epochs = Positive(pr.GetValue(epochs), "--epochs"), QatEpochs = NonNegative(pr.GetValue(qat), "--qat-epochs"),
                Seed = pr.GetValue(seed), Threads = Positive(pr.GetValue(threads), "--threads"),
                BatchSize = Positive(pr.GetValue(batch), "--batch"), LearningRate = pr.GetValue(lr),
                Patience = Positive(pr.GetValue(patience), "--patience"),
            };
            if (!(t.LearningRate > 0)) throw new WakeWordException("--lr: must be positive");
            var fo = new FeatureOptions
            {
                AugmentVariants = NonNegative(pr.GetValue(augment), "--augment"), Seed = t.Seed,
                CacheDir = pr.GetValue(cache)?.FullName ?? RepoPaths.WorkDir("feature-cache"),
            };
            var fe = pr.GetValue(frontend) is { } file ? FrontendConfig.Load(file.FullName) : null;
            var req = new TrainRequest(pr.GetValue(data)!.FullName, pr.GetValue(output)!.FullName, t, fo, pr.GetValue(phrase), fe);
            var s = TrainPipeline.Run(req, line => ctx.Out.WriteLine(line));
            var inv = CultureInfo.InvariantCulture;
            ctx.Out.WriteLine(string.Create(inv,
                $"wrote {s.ModelPath} ({s.Epochs} epochs, best {s.BestEpoch}, {s.Seconds:0} s); test accuracy float {s.TestAccuracyFloat:P2}, int8-simulated {s.TestAccuracyInt8Sim:P2}"));
            return 0;
        });
        return cmd;
    }

    private static int Positive(int v, string name) => v > 0 ? v : throw new WakeWordException($"{name}: must be at least 1 (got {v})");

    private static int NonNegative(int v, string name) => v >= 0 ? v : throw new WakeWordException($"{name}: must not be negative (got {v})");
}
