namespace WakeWord.Training.Tests;

[TestFixture]
public class DefaultRecipeTests
{
    [Test]
    public void Commands_TrainEachTeacherIntoItsOwnFolder_ThenDistilFromAllInOrder()
    {
        var recipe = DefaultRecipe.Default;
        var lines = recipe.Commands("D", Path.Combine("W", "model")).ToList();
        const string synth = "./wakeword data synth --phrase \"hey nova\" --count 10000 --stream-hours 12 --train-stream-hours 3 --seed 1 --out D";
        Assert.That(lines[0], Is.EqualTo(synth + " --defer-test-streams"), "the training data first");
        Assert.That(lines[^1], Is.EqualTo(synth), "then the same synthesis adds the test streams");
        var teachers = lines.Skip(1).Take(recipe.Teachers.Count).ToList();
        Assert.That(teachers, Has.Count.EqualTo(10));
        Assert.That(recipe.Teachers.Select(t => t.Seed).Distinct(), Is.EquivalentTo(new[] { 1, 2, 3, 4, 5 }));
        var dirs = recipe.Teachers.Select(t => recipe.TeacherDir(Path.Combine("W", "model"), t)).ToList();
        Assert.That(dirs.Distinct().Count(), Is.EqualTo(dirs.Count), "one folder per teacher");
        Assert.That(dirs, Has.All.StartWith("W" + Path.DirectorySeparatorChar + "teacher-"), "next to the model folder");
        for (var i = 0; i < teachers.Count; i++)
        {
            var t = recipe.Teachers[i];
            Assert.That(teachers[i], Does.Contain($"--out {dirs[i]} --seed {t.Seed}"));
            Assert.That(teachers[i].Contains("--coefficients"), Is.EqualTo(t.Coefficients != recipe.Features.Coefficients), teachers[i]);
            if (t.Coefficients == DefaultRecipe.AllCoefficients)
                Assert.That(teachers[i], Does.Contain("--coefficients 0").And.Contain("teacher-all-seed"));
            Assert.That(teachers[i], Does.EndWith("--stream-windows 0"), "teachers learn from the clips alone");
        }
        Assert.That(recipe.Teachers.Count(t => t.Coefficients == recipe.Features.Coefficients), Is.EqualTo(5));
        var student = lines[^2];
        var listed = student.Split(" --teacher ").Skip(1).ToList();
        Assert.That(listed, Is.EqualTo(dirs.Select(d => Path.Combine(d, "crnn.onnx"))), "the student averages the teachers in recipe order");
        Assert.That(student, Does.Not.Contain("--stream-windows"), "the student takes the trainer's default windows of the training streams");
        Assert.That(new TrainOptions().StreamWindows, Is.GreaterThan(0));
        Assert.That(lines, Has.Count.EqualTo(recipe.Teachers.Count + 3));
    }

    [Test]
    public void SynthOptions_AreTheOnesThePrintedCommandNames()
    {
        var plain = DefaultRecipe.Default.Synth("D", 2);
        Assert.That((plain.Phrase, plain.OutDir, plain.Count, plain.Seed, plain.StreamHours, plain.TrainStreamHours, plain.Jobs),
            Is.EqualTo(("hey nova", "D", 10000, 1L, 12.0, 3.0, 2)));
        Assert.That(plain.DeferTestStreams, Is.False, "train-default defers the test streams itself");
        Assert.That(DefaultRecipe.Default.Commands("D", "M").First(), Does.Not.Contain("--extra"));
        var withExtra = DefaultRecipe.Default with { ExtraVoiceEngines = ["pico"], ExtraVoiceShare = 0.1, ExtraVoicesKeepEspeak = true };
        var o = withExtra.Synth("D", 2);
        Assert.That((o.ExtraVoices, o.ExtraVoiceEngines, o.ExtraVoiceShare, o.ExtraVoicesKeepEspeak), Is.EqualTo((true, (IReadOnlyList<string>?)withExtra.ExtraVoiceEngines, 0.1, true)));
        Assert.That(withExtra.Commands("D", "M").First(),
            Does.EndWith("--seed 1 --out D --extra-voices --extra-voice-engines pico --extra-voice-share 0.1 --extra-voices-keep-espeak --defer-test-streams"));
        Assert.That(withExtra.Commands("D", "M").Last(), Does.EndWith("--extra-voices-keep-espeak"));
    }
}
