using WakeWord.Core;
using WakeWord.Onnx;
using WakeWord.Training.Export;
using WakeWord.Training.Model;

namespace WakeWord.Training.Tests;

/// <summary>Teachers read from ONNX, their soft targets, and a student that learns from a teacher alone.</summary>
[TestFixture]
public class DistillationTests
{
    private static readonly CrnnShape Toy = new(Frames: 16, Features: 8, Conv1Filters: 4, Conv2Filters: 4, Hidden: 8, Classes: 3);
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("wakeword-distill-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static CrnnMetadata Identity(int features, float mean = 0, float std = 1) =>
        new("hey nova", Enumerable.Repeat(mean, features).ToArray(), Enumerable.Repeat(std, features).ToArray(), CrnnMetadata.DefaultClasses);

    [Test]
    public void ReadShape_RoundTripsEverySize()
    {
        var shape = new CrnnShape(Frames: 20, Features: 10, Conv1Filters: 5, Conv2Filters: 7, Hidden: 6, Classes: 4)
        {
            Conv1Stride = (1, 2), Conv2Stride = (2, 1),
        };
        var p = new CrnnLayout(shape).Pack(CrnnWeights.RandomHe(shape, 2));
        var meta = Identity(10) with { Classes = [.. CrnnMetadata.DefaultClasses, "confusable"] };
        var m = CrnnExport.Build(shape, p, meta);
        Assert.That(CrnnExport.ReadShape(m, "m.onnx"), Is.EqualTo(shape));
    }

    [Test]
    public void Teacher_SoftTargets_AreItsProbabilitiesAtTheTemperature_InItsOwnNormalization()
    {
        // Teacher normalization differs from the student's: the teacher must see the same front-end features.
        var tShape = Toy with { Hidden = 12 };
        var tParams = new CrnnLayout(tShape).Pack(CrnnWeights.RandomHe(tShape, 4));
        var path = Path.Combine(_dir, "teacher.onnx");
        CrnnExport.Save(path, tShape, tParams, Identity(Toy.Features, mean: 100, std: 50));
        var studentMean = Enumerable.Repeat(80f, Toy.Features).ToArray();
        var studentStd = Enumerable.Repeat(25f, Toy.Features).ToArray();
        var teacher = Teacher.Load(path, Toy, CrnnMetadata.DefaultClasses, studentMean, studentStd, chunks: 2);
        Assert.That(teacher.Shape, Is.EqualTo(tShape));

        var rng = new Random(5);
        var features = Enumerable.Range(0, Toy.Frames * Toy.Features).Select(_ => 60f + 80f * (float)rng.NextDouble()).ToArray();
        var studentX = features.Select(f => (f - 80f) / 25f).ToArray();
        var soft = new float[3];
        teacher.AddSoftTargets(studentX, chunk: 1, temperature: 2f, soft);

        var model = new Crnn(tShape);
        var ws = new CrnnWorkspace<double>(tShape);
        model.Forward<double>(tParams.Select(v => (double)v).ToArray(), features.Select(f => (f - 100.0) / 50.0).ToArray(), ws, ForwardOptions.Inference);
        var z = ws.Logits.Select(v => v / 2).ToArray();
        var e = z.Select(v => Math.Exp(v - z.Max())).ToArray();
        for (var k = 0; k < 3; k++) Assert.That(soft[k], Is.EqualTo(e[k] / e.Sum()).Within(1e-5), $"class {k}");
        Assert.That(soft.Sum(), Is.EqualTo(1f).Within(1e-5));
    }

    [Test]
    public void Teacher_Load_NamesTheMismatch()
    {
        var path = Path.Combine(_dir, "t.onnx");
        var other = Toy with { Frames = 20 };
        CrnnExport.Save(path, other, new CrnnLayout(other).Pack(CrnnWeights.RandomHe(other, 1)), Identity(Toy.Features));
        var mean = new float[Toy.Features];
        var std = Enumerable.Repeat(1f, Toy.Features).ToArray();
        var e = Assert.Throws<WakeWordException>(() => Teacher.Load(path, Toy, CrnnMetadata.DefaultClasses, mean, std, 1))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("20 x 8"));
        CrnnExport.Save(path, Toy, new CrnnLayout(Toy).Pack(CrnnWeights.RandomHe(Toy, 1)), Identity(Toy.Features));
        e = Assert.Throws<WakeWordException>(() => Teacher.Load(path, Toy, ["wake", "speech", "noise"], mean, std, 1))!;
        Assert.That(e.Message, Does.Contain("classes"));
        e = Assert.Throws<WakeWordException>(() => Teacher.Load(Path.Combine(_dir, "none.onnx"), Toy, CrnnMetadata.DefaultClasses, mean, std, 1))!;
        Assert.That(e.Message, Does.Contain("--teacher").And.Contain("not found"));
    }

    [Test]
    public void Student_LearnsFromTheTeacherAlone_WhenItsOwnLabelsAreWrong()
    {
        var train = ToyData.Make(Toy, 240, 1, variants: 2);
        var val = ToyData.Make(Toy, 90, 2);
        var opt = new TrainOptions { Epochs = 12, QatEpochs = 0, Seed = 3, Threads = 2, BatchSize = 16, MaxShiftFrames = 2, LearningRate = 5e-3, TimeMasks = 0, FeatureMasks = 0 };
        var teacherShape = Toy with { Hidden = 12 };
        var teacher = new Trainer(teacherShape, opt).Train(train, val);
        var path = Path.Combine(_dir, "teacher.onnx");
        CrnnExport.Save(path, teacherShape, teacher.Parameters, Identity(Toy.Features));

        // Every training label shifted to a wrong class: only the teacher knows better.
        var wrong = train.Select(t => t with { Label = (t.Label + 1) % 3 }).ToList();
        var mean = new float[Toy.Features];
        var std = Enumerable.Repeat(1f, Toy.Features).ToArray();
        double StudentAccuracy(double alpha, List<TrainSample> earlyStopping)
        {
            var teachers = new[] { Teacher.Load(path, Toy, CrnnMetadata.DefaultClasses, mean, std, Trainer.Chunks) };
            var o = opt with { Teachers = [path], DistillWeight = alpha, DistillTemperature = 2, ClassWeighting = false };
            var student = new Trainer(Toy, o, teachers: teachers);
            var r = student.Train(wrong, earlyStopping);
            return student.Evaluate(val, r.Parameters, null).Accuracy;
        }
        Assert.That(StudentAccuracy(1.0, val), Is.GreaterThan(0.85), "distilled from the teacher alone");
        // Control: the same run from the labels alone learns the wrong classes (early stopping on equally wrong labels).
        var wrongVal = val.Select(t => t with { Label = (t.Label + 1) % 3 }).ToList();
        Assert.That(StudentAccuracy(0.0, wrongVal), Is.LessThan(0.2), "from the wrong labels alone");
    }
}
