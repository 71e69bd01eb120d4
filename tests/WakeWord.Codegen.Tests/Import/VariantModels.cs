using NUnit.Framework;
using WakeWord.Onnx;
using WakeWord.Onnx.Proto;
using static WakeWord.Onnx.OnnxModelBuilder;

namespace WakeWord.Codegen.Tests.Import;

public enum HeadKind { Gemm, MatMulAdd }
public enum Selection { YhTranspose, GatherLast, SliceLast }
public enum Body { Lstm, GlobalPoolFlatten, ConvFlatten }

/// <summary>A small CRNN-like model with one knob per importer feature, written with <see cref="OnnxModelBuilder"/>.</summary>
public sealed record Variant(
    string Direction = "bidirectional",
    bool MaxPool = false,
    bool AvgPool = false,
    bool BatchNorm = false,
    bool Relu6 = false,
    Selection Select = Selection.YhTranspose,
    HeadKind Head = HeadKind.Gemm,
    Body Body = Body.Lstm,
    int Frames = 20,
    int Features = 8,
    int Hidden = 6,
    bool WindowMean = false)
{
    public override string ToString() =>
        $"{Body} {Direction} {(WindowMean ? "window-mean " : "")}{(MaxPool ? "maxpool " : "")}{(AvgPool ? "avgpool " : "")}{(BatchNorm ? "bn " : "")}{(Relu6 ? "relu6 " : "")}{Select} {Head}";
}

public static class VariantModels
{
    public const int Classes = 3;

    public static ModelProto Build(Variant v, int seed = 7)
    {
        var rng = new Random(seed);
        float[] Rand(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
        var b = new OnnxModelBuilder("variant");
        const int c1 = 4, c2 = 5;
        b.Input("features", 1, 1, v.Frames, v.Features);
        b.Initializer("c1.w", Rand(c1 * 9, 0.5), c1, 1, 3, 3);
        b.Initializer("c1.b", Rand(c1, 0.1), c1);
        var convIn = "features";
        if (v.WindowMean)
        {
            b.Node("ReduceMean", "window_mean", ["features"], ["features_mean"], Attr("axes", [2L]), Attr("keepdims", 1L));
            b.Node("Sub", "center", ["features", "features_mean"], ["centered"]);
            convIn = "centered";
        }
        b.Node("Conv", "conv1", [convIn, "c1.w", "c1.b"], ["c1"], Attr("kernel_shape", 3L, 3L), Attr("pads", 1L, 1L, 1L, 1L), Attr("strides", 2L, 2L));
        var x = Activation(b, v, "c1", "a1");
        int h = (v.Frames + 1) / 2, w = (v.Features + 1) / 2;
        if (v.MaxPool)
        {
            b.Node("MaxPool", "pool", [x], ["p1"], Attr("kernel_shape", 2L, 2L), Attr("strides", 2L, 2L));
            (x, h, w) = ("p1", h / 2, w / 2);
        }
        if (v.AvgPool)
        {
            b.Node("AveragePool", "avg", [x], ["p2"], Attr("kernel_shape", 2L, 1L), Attr("strides", 2L, 1L));
            (x, h) = ("p2", h / 2);
        }
        b.Initializer("c2.w", Rand(c2 * c1 * 9, 0.3), c2, c1, 3, 3);
        b.Initializer("c2.b", Rand(c2, 0.1), c2);
        b.Node("Conv", "conv2", [x, "c2.w", "c2.b"], ["c2"], Attr("kernel_shape", 3L, 3L), Attr("pads", 1L, 1L, 1L, 1L));
        x = "c2";
        if (v.BatchNorm)
        {
            b.Initializer("bn.scale", Rand(c2, 1).Select(s => 1 + s / 2).ToArray(), c2);
            b.Initializer("bn.bias", Rand(c2, 0.2), c2);
            b.Initializer("bn.mean", Rand(c2, 0.3), c2);
            b.Initializer("bn.var", Rand(c2, 1).Select(s => 0.5f + s * s).ToArray(), c2);
            b.Node("BatchNormalization", "bn", [x, "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["bn_out"], Attr("epsilon", 1e-3f));
            x = "bn_out";
        }
        x = Activation(b, v, x, "a2");
        int feat;
        switch (v.Body)
        {
            case Body.GlobalPoolFlatten:
                b.Node("GlobalAveragePool", "gap", [x], ["gap"]);
                b.Node("Flatten", "flat", ["gap"], ["head_in"]);
                feat = c2;
                break;
            case Body.ConvFlatten:
                b.Node("Flatten", "flat", [x], ["head_in"]);
                feat = c2 * h * w;
                break;
            default:
                feat = Lstm(b, v, x, h, w, c2, Rand);
                break;
        }
        if (v.Head == HeadKind.Gemm)
        {
            b.Initializer("fc.w", Rand(Classes * feat, 0.5), Classes, feat);
            b.Initializer("fc.b", Rand(Classes, 0.1), Classes);
            b.Node("Gemm", "fc", ["head_in", "fc.w", "fc.b"], ["logits"], Attr("transB", 1L));
        }
        else
        {
            b.Initializer("fc.w", Rand(Classes * feat, 0.5), feat, Classes);
            b.Initializer("fc.b", Rand(Classes, 0.1), Classes);
            b.Node("MatMul", "fc", ["head_in", "fc.w"], ["mm"]);
            b.Node("Add", "fc_bias", ["mm", "fc.b"], ["logits"]);
        }
        b.Node("Softmax", "probs", ["logits"], ["probs"], Attr("axis", -1L));
        b.Output("probs", 1, Classes);
        var meta = CrnnMetadata.Plausible("test", v.Features);
        b.Metadata(CrnnMetadata.MeanKey, CrnnMetadata.FormatFloats(meta.FeatureMean));
        b.Metadata(CrnnMetadata.StdKey, CrnnMetadata.FormatFloats(meta.FeatureStd));
        b.Metadata(CrnnMetadata.ClassesKey, "wake,speech,background");
        return b.Build();
    }

    private static string Activation(OnnxModelBuilder b, Variant v, string x, string y)
    {
        if (v.Relu6)
        {
            var lo = b.Graph.Initializer.Any(t => t.Name == "zero") ? "zero" : b.Initializer("zero", [0f]);
            var hi = b.Graph.Initializer.Any(t => t.Name == "six") ? "six" : b.Initializer("six", [6f]);
            b.Node("Clip", y, [x, lo, hi], [y]);
        }
        else b.Node("Relu", y, [x], [y]);
        return y;
    }

    private static int Lstm(OnnxModelBuilder b, Variant v, string x, int h, int w, int c, Func<int, double, float[]> rand)
    {
        var nd = v.Direction == "bidirectional" ? 2 : 1;
        var hid = v.Hidden;
        var inSize = c * w;
        b.Node("Transpose", "to_seq", [x], ["seq_t"], Attr("perm", 2L, 0L, 1L, 3L));
        b.InitializerInt64("seq_shape", [h, 1, inSize], 3);
        b.Node("Reshape", "seq", ["seq_t", "seq_shape"], ["seq"]);
        b.Initializer("W", rand(nd * 4 * hid * inSize, 0.4), nd, 4 * hid, inSize);
        b.Initializer("R", rand(nd * 4 * hid * hid, 0.4), nd, 4 * hid, hid);
        b.Initializer("B", rand(nd * 8 * hid, 0.3), nd, 8 * hid);
        b.Node("LSTM", "lstm", ["seq", "W", "R", "B"], ["Y", "Y_h"], Attr("hidden_size", (long)hid), Attr("direction", v.Direction));
        var feat = nd * hid;
        switch (v.Select)
        {
            case Selection.YhTranspose:
                b.Node("Transpose", "yh_t", ["Y_h"], ["yh_bt"], Attr("perm", 1L, 0L, 2L));
                b.InitializerInt64("flat_shape", [1, feat], 2);
                b.Node("Reshape", "yh_flat", ["yh_bt", "flat_shape"], ["head_in"]);
                break;
            case Selection.GatherLast:
                b.InitializerInt64("last", [-1]);
                b.Node("Gather", "pick_last", ["Y", "last"], ["y_last"], Attr("axis", 0L)); // [D,1,H]
                b.Node("Transpose", "yl_t", ["y_last"], ["yl_bt"], Attr("perm", 1L, 0L, 2L));
                b.Node("Flatten", "yl_flat", ["yl_bt"], ["head_in"], Attr("axis", 1L));
                break;
            case Selection.SliceLast:
                b.InitializerInt64("st", [-1], 1);
                b.InitializerInt64("en", [long.MaxValue], 1);
                b.InitializerInt64("ax", [0], 1);
                b.Node("Slice", "slice_last", ["Y", "st", "en", "ax"], ["y_sl"]); // [1,D,1,H]
                b.InitializerInt64("sq_axes", [0, 2], 2);
                b.Node("Squeeze", "sq", ["y_sl", "sq_axes"], ["y_sq"]); // [D,H]
                b.InitializerInt64("us_axes", [0], 1);
                b.Node("Unsqueeze", "us", ["y_sq", "us_axes"], ["y_us"]); // [1,D,H]
                b.Node("Flatten", "yl_flat", ["y_us"], ["head_in"], Attr("axis", 1L));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(v));
        }
        return feat;
    }
}
