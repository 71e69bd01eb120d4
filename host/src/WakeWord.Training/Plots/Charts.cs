using ScottPlot;

namespace WakeWord.Training.Plots;

/// <summary>PNG charts of training and evaluation (ScottPlot).</summary>
internal static class Charts
{
    /// <summary>Loss (left axis) and accuracy (right axis) per epoch, train and validation; QAT epochs marked.</summary>
    public static void TrainingCurves(IReadOnlyList<EpochRecord> history, string path)
    {
        var plt = new Plot();
        var x = history.Select(h => (double)h.Epoch).ToArray();
        var tl = plt.Add.Scatter(x, history.Select(h => h.TrainLoss).ToArray());
        tl.LegendText = "train loss";
        var vl = plt.Add.Scatter(x, history.Select(h => h.ValLoss).ToArray());
        vl.LegendText = "val loss";
        var ta = plt.Add.Scatter(x, history.Select(h => h.TrainAccuracy).ToArray());
        ta.LegendText = "train accuracy";
        ta.Axes.YAxis = plt.Axes.Right;
        ta.LinePattern = LinePattern.Dashed;
        var va = plt.Add.Scatter(x, history.Select(h => h.ValAccuracy).ToArray());
        va.LegendText = "val accuracy";
        va.Axes.YAxis = plt.Axes.Right;
        va.LinePattern = LinePattern.Dashed;
        var firstQat = history.FirstOrDefault(h => h.Phase == "qat");
        if (firstQat != null)
        {
            var line = plt.Add.VerticalLine(firstQat.Epoch - 0.5);
            line.LabelText = "QAT";
        }
        plt.Title("WakeWord CRNN training");
        plt.XLabel("epoch");
        plt.YLabel("cross-entropy");
        plt.Axes.Right.Label.Text = "accuracy";
        plt.ShowLegend(Alignment.UpperCenter);
        Save(plt, path, 1000, 560);
    }

    /// <summary>DET curves: false-reject rate against false accepts per hour, one line per model.</summary>
    public static void Det(IReadOnlyList<(string Name, double[] FaPerHour, double[] Frr)> curves, string path, double maxFaPerHour = 10)
    {
        var plt = new Plot();
        foreach (var (name, fa, frr) in curves)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < fa.Length; i++)
            {
                if (fa[i] > maxFaPerHour) continue;
                xs.Add(fa[i]);
                ys.Add(frr[i] * 100);
            }
            if (xs.Count == 0) continue;
            var s = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            s.LegendText = name;
        }
        plt.Title("DET: false rejects vs false accepts");
        plt.XLabel("false accepts per hour");
        plt.YLabel("false-reject rate (%)");
        plt.Axes.SetLimitsX(0, maxFaPerHour);
        plt.ShowLegend(Alignment.UpperRight);
        Save(plt, path, 900, 560);
    }

    /// <summary>Saves as PNG whatever the file name ends with (atomic writers use temporary names).</summary>
    private static void Save(Plot plt, string path, int width, int height)
    {
        var png = path + ".png";
        plt.SavePng(png, width, height);
        File.Move(png, path, overwrite: true);
    }
}
