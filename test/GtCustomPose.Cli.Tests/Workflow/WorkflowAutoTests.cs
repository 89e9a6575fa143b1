using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary><c>gtpose workflow run</c>'s default second level, <c>auto</c>: a re-label job first only when the audit
/// budget leaves flagged labels unaudited, sized by how far they exceed <c>--target-error</c>.</summary>
public sealed class WorkflowAutoTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-auto");

    // 40 sample objects under a budget of 2 leave flagged labels unaudited, with some expected wrong.
    private static readonly string[] SmallBudget = ["--sample", "--sample-size", "40", "--max-audit-share", "0.05"];

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task WorkflowRun_AutoAboveATightTarget_RelabelsTheShareThenAuditsAndSaysWhy()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            ["workflow", "run", .. SmallBudget, "--target-error", "0.005", "--out", Out("run")]);

        code.Should().Be(0, err);
        output.Should().Contain("second level       auto: an audit of 2 of 40 objects would leave")
            .And.Contain("above the 0.5 % target (0.2): re-label the 10.0 % most doubtful first")
            .And.Contain("re-label 'gtpose-relabel' (4 objects), then audit 'gtpose-audit'");
        File.ReadAllLines(Path.Combine(Out("run"), "relabel-input.manifest")).Should().HaveCount(4, "a tenth of 40");
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("run"), "report.json"))).RootElement;
        report.GetProperty("relabeled").GetInt32().Should().Be(4);
        report.GetProperty("audited").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData("0.2", 4)] // 4 of the 5 left out hold all but 0.2 of their expected wrong labels
    [InlineData("0.05", 2)]
    public async Task WorkflowRun_AutoAboveTheTarget_RelabelsWhatTheAuditWouldMissUpToTheMost(
        string maxShare, int relabeled)
    {
        var (code, output, err) = await Gtpose.RunAsync(
            ["workflow", "run", .. SmallBudget, "--target-error", "0.005", "--relabel-share", "0.05",
                "--max-relabel-share", maxShare, "--out", Out("run")]);

        code.Should().Be(0, err);
        output.Should().Contain($"re-label 'gtpose-relabel' ({relabeled} objects), then audit");
        File.ReadAllLines(Path.Combine(Out("run"), "relabel-input.manifest")).Should().HaveCount(relabeled);
    }

    [Fact]
    public async Task WorkflowRun_AutoWithinALooseTargetWithFlaggedLabelsLeftOut_RelabelsTheLeastShare()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            ["workflow", "run", .. SmallBudget, "--target-error", "0.5", "--out", Out("run")]);

        code.Should().Be(0, err);
        output.Should().Contain("within the 50.0 % target (20.0) but not all audited: re-label the 10.0 % most")
            .And.Contain("re-label 'gtpose-relabel' (4 objects), then audit 'gtpose-audit' (2 objects)");
        File.ReadAllLines(Path.Combine(Out("run"), "relabel-input.manifest")).Should().HaveCount(4);
    }

    [Fact]
    public async Task WorkflowRun_AutoWithABudgetHoldingEveryFlaggedLabel_AuditsLevelOneOnly()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "40", "--max-audit-share", "1", "--out", Out("run"));

        code.Should().Be(0, err);
        output.Should().Contain("would leave 0 flagged object(s) unaudited").And.Contain(": audit only")
            .And.NotContain("re-label 'gtpose");
        File.Exists(Path.Combine(Out("run"), "relabel-input.manifest")).Should().BeFalse();
        File.Exists(Path.Combine(Out("run"), "pooled.manifest")).Should().BeFalse();
    }

    [Fact]
    public async Task WorkflowRun_AutoWithRecordedAnswers_AuditsOnlyRatherThanMixSimulatedAnswersIn()
    {
        (await Gtpose.RunAsync(["workflow", "run", .. SmallBudget, "--second-level", "audit", "--out", Out("first")]))
            .Code.Should().Be(0);
        var answers = Out("answers.jsonl");
        await File.WriteAllLinesAsync(answers, RecordedAnswers(Path.Combine(Out("first"), "store")));

        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--manifest", Path.Combine(Out("first"), "input.manifest"), "--answers", answers,
            "--max-audit-share", "0.05", "--target-error", "0.005", "--out", Out("run"));

        code.Should().Be(0, err);
        output.Should().Contain("then audit; but the level-1 answers are recorded")
            .And.NotContain("re-label 'gtpose").And.Contain("audit 'gtpose-audit' (2 objects)");
        err.Should().Contain("the level-1 answers are recorded and this machine has no crowd for a re-label job");
        File.Exists(Path.Combine(Out("run"), "pooled.manifest")).Should().BeFalse();
    }

    /// <summary>The level-1 job's stored worker responses as recorded answers (line, workerId, answer).</summary>
    private static IEnumerable<string> RecordedAnswers(string store)
    {
        var responses = Path.Combine(
            store, "gtpose-local", "gtpose-level1", "annotations", "worker-response", "iteration-1");
        foreach (var folder in Directory.EnumerateDirectories(responses))
        {
            var line = int.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture) + 1;
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                foreach (var a in doc.RootElement.GetProperty("answers").EnumerateArray())
                    yield return JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["line"] = line,
                        ["workerId"] = a.GetProperty("workerId").GetString()!,
                        ["answer"] = a.GetProperty("answerContent"),
                    });
            }
        }
    }

    public void Dispose() => _dir.Dispose();
}
