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
        var hidden = new Option<int>("--hidden") { Description = "LSTM hidden units per direction.", DefaultValueFactory = _ => d.Hidden };
        var conv1 = new Option<int>("--conv1-filters") { Description = "Filters of the first convolution.", DefaultValueFactory = _ => d.Conv1Filters };
        var conv2 = new Option<int>("--conv2-filters") { Description = "Filters of the second convolution.", DefaultValueFactory = _ => d.Conv2Filters };
        var seqDrop = new Option<double>("--dropout") { Description = "Dropout on the LSTM input sequence.", DefaultValueFactory = _ => d.SeqDropout };
        var fcDrop = new Option<double>("--fc-dropout") { Description = "Dropout before the fully connected layer.", DefaultValueFactory = _ => d.FcDropout };
        var masks = new Option<int>("--masks") { Description = "Time masks and coefficient masks per training window.", DefaultValueFactory = _ => d.TimeMasks };
        var partial = new Option<double>("--partial-rate") { Description = "Share of wake windows cut to part of the phrase and labelled speech.", DefaultValueFactory = _ => d.Windows.PartialRate };
        var wakeCut = new Option<double>("--wake-cut") { Description = "Largest share of the spoken phrase a wake window may cut.", DefaultValueFactory = _ => d.Windows.MaxWakeCut };
        var confusable = new Option<double>("--confusable-weight") { Description = "Extra loss weight of confusable-phrase negatives.", DefaultValueFactory = _ => d.ConfusableWeight };
        var engineBalance = Added(cmd, "--engine-balance",
            "Scale each training clip's loss weight by n^-P, n the clips of its manifest label from its engine (espeak-ng, flite, festival, ...); 0 = off, 1 = engines level.",
            d.EngineBalance);
        var colour = new Option<double>("--colour-db") { Description = "Random EQ (± dB) and tilt on augmented copies; 0 = off.", DefaultValueFactory = _ => f.ColourDb };
        var confClass = new Option<bool>("--confusable-class")
        {
            Description = "Give confusable phrases a fourth class instead of 'speech' (--confusable-class false = three classes).",
            DefaultValueFactory = _ => d.ConfusableClass,
        };
        var spans = new Option<bool>("--spans") { Description = "Place wake windows by the spoken span and add partial-phrase negatives (--partial-rate, --wake-cut)." };
        var shift = new Option<int>("--max-shift") { Description = "Largest random window shift (frames) of clips placed by their centre.", DefaultValueFactory = _ => d.MaxShiftFrames };
        var negPad = new Option<double>("--negative-pad")
        {
            Description = "Seconds of silence around non-wake clips, cut at random places with windows anywhere (utterance edges as in a stream); 0 = their loudest middle, centre ± shift.",
            DefaultValueFactory = _ => f.NegativePadSeconds,
        };
        var streamWin = new Option<int>("--stream-windows")
        {
            Description = "Random windows per epoch from the dataset's training streams (data synth --train-stream-hours); 0 = none.",
            DefaultValueFactory = _ => d.StreamWindows,
        };
        var teacher = new Option<FileInfo[]>("--teacher")
        {
            Description = "Distil from a trained crnn.onnx (repeat for an ensemble: their softened probabilities are averaged).",
        };
        var distillWeight = new Option<double>("--distill-weight") { Description = "Share of the loss that follows the teachers.", DefaultValueFactory = _ => d.DistillWeight };
        var distillT = new Option<double>("--distill-temperature") { Description = "Softmax temperature of the distillation term.", DefaultValueFactory = _ => d.DistillTemperature };
        cmd.Options.Add(teacher);
        cmd.Options.Add(distillWeight);
        cmd.Options.Add(distillT);
        cmd.Options.Add(streamWin);
        foreach (var o in new Option[] { data, output, epochs, qat, seed, threads, batch, lr, patience, augment, phrase, cache, frontend,
            hidden, conv1, conv2, seqDrop, fcDrop, masks, partial, wakeCut, confusable, spans, shift, colour, confClass, negPad }) cmd.Options.Add(o);
        var stride1 = new Option<string?>("--conv1-stride") { Description = "Conv1 stride as rows,columns (default 2,2)." };
        var stride2 = new Option<string?>("--conv2-stride") { Description = "Conv2 stride as rows,columns (default 2,2)." };
        cmd.Options.Add(stride1);
        cmd.Options.Add(stride2);
        var speed = new Option<string?>("--speed")
        {
            Description = $"Speed perturbation range of augmented copies as min,max (default {f.MinSpeed.ToString(CultureInfo.InvariantCulture)},{f.MaxSpeed.ToString(CultureInfo.InvariantCulture)}; 1,1 = off).",
        };
        cmd.Options.Add(speed);
        var tempo = new Option<string?>("--tempo")
        {
            Description = "Tempo perturbation range of augmented copies as min,max, after the speed perturbation: rate alone, pitch and formants kept (WSOLA; default 1,1 = off).",
        };
        cmd.Options.Add(tempo);
        var windowMean = Added(cmd, "--window-mean",
            "Subtract each feature's mean over the window inside the model (per-window mean normalization; --window-mean false = off).", d.WindowMean);
        var average = Added(cmd, "--weight-average",
            "Decay of a moving average of the weights over the float steps, used for validation, early stopping and QAT's start (e.g. 0.999; 0 = off).",
            d.WeightAverageDecay);
        var hardOffsets = Added(cmd, "--hard-offsets",
            "Non-wake clips train on the window, of this many random offsets, the current model finds most wake-like (1 = one random offset).",
            d.HardNegativeOffsets);
        var hardNeg = Added(cmd, "--hard-negatives",
            "Share of the non-wake clips, the most wake-like in the previous epoch, trained a second time each epoch (0 = off).", d.HardNegativeShare);
        var coefficients = Added(cmd, "--coefficients",
            "Cepstral coefficients the model uses, c0 to c(N-1); higher ones are ignored (0 = all 23). Log-energy is always used.", f.Coefficients);
        var bandUsed = Added(cmd, "--band-mask-used",
            "Draw the coefficient-band mask over the features the model uses only (c0..c(N-1) and log-energy), not over all.", d.BandMaskUsedOnly);
        cmd.SetAction(pr =>
        {
            var t = new TrainOptions
            {
                BandMaskUsedOnly = pr.GetValue(bandUsed),
                Epochs = Positive(pr.GetValue(epochs), "--epochs"), QatEpochs = NonNegative(pr.GetValue(qat), "--qat-epochs"),
                Seed = pr.GetValue(seed), Threads = Positive(pr.GetValue(threads), "--threads"),
                BatchSize = Positive(pr.GetValue(batch), "--batch"), LearningRate = pr.GetValue(lr),
                Patience = Positive(pr.GetValue(patience), "--patience"),
                Hidden = Positive(pr.GetValue(hidden), "--hidden"), Conv1Filters = Positive(pr.GetValue(conv1), "--conv1-filters"),
                Conv2Filters = Positive(pr.GetValue(conv2), "--conv2-filters"),
                SeqDropout = Fraction(pr.GetValue(seqDrop), "--dropout"), FcDropout = Fraction(pr.GetValue(fcDrop), "--fc-dropout"),
                MaxShiftFrames = NonNegative(pr.GetValue(shift), "--max-shift"),
                ConfusableClass = pr.GetValue(confClass), StreamWindows = NonNegative(pr.GetValue(streamWin), "--stream-windows"),
                Conv1Stride = pr.GetValue(stride1) is { } s1 ? ModelCommand.ParseStride(s1, "--conv1-stride") : d.Conv1Stride,
                Conv2Stride = pr.GetValue(stride2) is { } s2 ? ModelCommand.ParseStride(s2, "--conv2-stride") : d.Conv2Stride,
                WindowMean = pr.GetValue(windowMean),
                WeightAverageDecay = Fraction(pr.GetValue(average), "--weight-average"),
                HardNegativeShare = Fraction(pr.GetValue(hardNeg), "--hard-negatives"),
                HardNegativeOffsets = pr.GetValue(hardOffsets) is >= 1 and <= 64 ? pr.GetValue(hardOffsets)
                    : throw new WakeWordException($"--hard-offsets: must be 1..64 (got {pr.GetValue(hardOffsets)})"),
                TimeMasks = NonNegative(pr.GetValue(masks), "--masks"), FeatureMasks = NonNegative(pr.GetValue(masks), "--masks"),
                EngineBalance = pr.GetValue(engineBalance) is >= 0 and <= 1 ? pr.GetValue(engineBalance)
                    : throw new WakeWordException($"--engine-balance: must be in [0, 1] (got {pr.GetValue(engineBalance)})"),
                ConfusableWeight = pr.GetValue(confusable) is var cw && cw > 0 && cw <= 100 ? cw
                    : throw new WakeWordException($"--confusable-weight: must be in (0, 100] (got {pr.GetValue(confusable)})"),
                Teachers = (pr.GetValue(teacher) ?? []).Select(fi => fi.FullName).ToArray(),
                DistillWeight = pr.GetValue(distillWeight) is >= 0 and <= 1 ? pr.GetValue(distillWeight)
                    : throw new WakeWordException($"--distill-weight: must be in [0, 1] (got {pr.GetValue(distillWeight)})"),
                DistillTemperature = pr.GetValue(distillT) is >= 0.5 and <= 20 ? pr.GetValue(distillT)
                    : throw new WakeWordException($"--distill-temperature: must be in [0.5, 20] (got {pr.GetValue(distillT)})"),
                Windows = d.Windows with
                {
                    PartialRate = Fraction(pr.GetValue(partial), "--partial-rate"), MaxWakeCut = Fraction(pr.GetValue(wakeCut), "--wake-cut"),
                    UseSpans = pr.GetValue(spans), NegativeAnywhere = pr.GetValue(negPad) > 0,
                },
            };
            if (!(t.LearningRate > 0)) throw new WakeWordException("--lr: must be positive");
            var speedRange = pr.GetValue(speed) is { } sp ? ParseSpeed(sp) : (Min: f.MinSpeed, Max: f.MaxSpeed);
            var tempoRange = pr.GetValue(tempo) is { } tp ? ParseSpeed(tp, "--tempo") : (Min: f.MinTempo, Max: f.MaxTempo);
            var fo = new FeatureOptions
            {
                AugmentVariants = NonNegative(pr.GetValue(augment), "--augment"), Seed = t.Seed,
                ColourDb = pr.GetValue(colour) is >= 0 and <= 12 ? pr.GetValue(colour) : throw new WakeWordException("--colour-db: must be 0..12"),
                NegativePadSeconds = pr.GetValue(negPad) is >= 0 and <= 5 ? pr.GetValue(negPad) : throw new WakeWordException("--negative-pad: must be 0..5 seconds"),
                MinSpeed = speedRange.Min, MaxSpeed = speedRange.Max, MinTempo = tempoRange.Min, MaxTempo = tempoRange.Max, Coefficients = pr.GetValue(coefficients),
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

    /// <summary>An option with a description and a default, added to <paramref name="cmd"/>.</summary>
    private static Option<T> Added<T>(Command cmd, string name, string description, T defaultValue)
    {
        var o = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        cmd.Options.Add(o);
        return o;
    }

    /// <summary>"min,max" speed (or tempo) factors, 0.5 &lt;= min &lt;= max &lt;= 2.</summary>
    internal static (double Min, double Max) ParseSpeed(string text, string option = "--speed")
    {
        var parts = text.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)
            && lo is >= 0.5 and <= 2 && hi is >= 0.5 and <= 2 && lo <= hi)
            return (lo, hi);
        throw new WakeWordException($"{option}: expected min,max with 0.5 <= min <= max <= 2 (got '{text}')");
    }

    private static int Positive(int v, string name) => v > 0 ? v : throw new WakeWordException($"{name}: must be at least 1 (got {v})");

    private static double Fraction(double v, string name) =>
        v is >= 0 and < 1 ? v : throw new WakeWordException($"{name}: must be in [0, 1) (got {v})");

    private static int NonNegative(int v, string name) => v >= 0 ? v : throw new WakeWordException($"{name}: must not be negative (got {v})");
}
