using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>
/// What run-job writes: in --out the files it always wrote, and in the store a job output laid out as Ground Truth lays
/// it out under s3://bucket/job-name/ (worker responses per object, consolidation requests and responses, the output
/// manifest).
/// </summary>
public sealed class RunJobLayoutTests(RunJobLayoutTests.SampleJob job) : IClassFixture<RunJobLayoutTests.SampleJob>
{
    private readonly string _dir = job.Dir;
    private readonly string _stdout = job.Stdout, _stderr = job.Stderr;

    private string JobOutput => Path.Combine(_dir, "store", "gtpose-local", "gtpose-local-job");

    /// <summary>One sample job of 12 objects that every test reads.</summary>
    public sealed class SampleJob : IAsyncLifetime
    {
        private readonly TempFolder _folder = new("gtpose-layout");

        public string Dir => _folder;
        public string Stdout { get; private set; } = "";
        public string Stderr { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var (code, stdout, stderr) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "12", "--out",
                Dir);
            code.Should().Be(0, stderr);
            (Stdout, Stderr) = (stdout, stderr);
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void RunJob_OutFolder_KeepsManifestTasksSummaryAndFailures()
    {
        File.ReadAllLines(Path.Combine(_dir, "output.manifest")).Should().HaveCount(12);
        Directory.GetFiles(Path.Combine(_dir, "tasks"), "*.html").Should().HaveCount(12);
        File.ReadAllText(Path.Combine(_dir, "failures.jsonl")).Should().BeEmpty();
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "summary.json"))).RootElement;
        summary.GetProperty("job_output").GetString().Should().Be("s3://gtpose-local/gtpose-local-job/");
        summary.GetProperty("label_attribute").GetString().Should().Be("pose");
    }

    [Fact]
    public void RunJob_WorkerResponses_OneTimestampedFilePerAnswerInAFolderPerObject()
    {
        var root = Path.Combine(JobOutput, "annotations", "worker-response", "iteration-1");
        Directory.GetDirectories(root).Select(Path.GetFileName)
            .Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => i.ToString()));
        foreach (var folder in Directory.GetDirectories(root))
        {
            var files = Directory.GetFiles(folder);
            files.Should().HaveCount(5, "five simulated workers answer each object");
            files.Select(Path.GetFileName).Should().AllSatisfy(f =>
                f.Should().MatchRegex(@"^\d{4}-\d\d-\d\d_\d\d:\d\d:\d\d\.json$"));
            foreach (var file in files)
            {
                var answer = JsonDocument.Parse(File.ReadAllText(file)).RootElement
                    .GetProperty("answers").EnumerateArray().Single();
                answer.GetProperty("workerId").GetString().Should().NotBeNullOrEmpty();
                answer.GetProperty("answerContent").ValueKind.Should().Be(JsonValueKind.Object);
                answer.GetProperty("answerContent").TryGetProperty("updated_annotations", out _).Should().BeTrue();
                answer.GetProperty("timeSpentInSeconds").GetDouble().Should().BeGreaterThan(0);
                DateTime.Parse(answer.GetProperty("acceptanceTime").GetString()!,
                    System.Globalization.CultureInfo.InvariantCulture)
                    .Should().BeBefore(DateTime.Parse(answer.GetProperty("submissionTime").GetString()!,
                        System.Globalization.CultureInfo.InvariantCulture));
                answer.GetProperty("workerMetadata").ValueKind.Should().Be(JsonValueKind.Null);
            }
        }
    }

    [Fact]
    public void RunJob_ConsolidationRequestsAndResponses_OnePairPerBatchHoldingTheStoredAnswers()
    {
        var consolidated = Path.Combine(JobOutput, "annotations", "consolidated-annotation");
        var requests = Directory.GetFiles(Path.Combine(consolidated, "consolidation-request",
            "iteration-1")).Order(StringComparer.Ordinal).ToList();
        var responses = Directory.GetFiles(Path.Combine(consolidated, "consolidation-response",
            "iteration-1")).Order(StringComparer.Ordinal).ToList();
        requests.Select(Path.GetFileName).Should().Equal(responses.Select(Path.GetFileName));
        var entries = requests.Select(r => JsonDocument.Parse(File.ReadAllText(r)).RootElement).ToList();
        entries.Select(e => e.GetArrayLength()).Should().Equal(10, 2);
        var first = entries[0][0];
        first.GetProperty("datasetObjectId").GetString().Should().Be("0");
        var stored = Directory.GetFiles(Path.Combine(JobOutput, "annotations", "worker-response", "iteration-1",
            "0")).Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("answers")[0]).ToList();
        var sent = first.GetProperty("annotations").EnumerateArray().ToList();
        sent.Select(a => a.GetProperty("workerId").GetString()).Should().Equal(stored.Select(s =>
            s.GetProperty("workerId").GetString()));
        var content = JsonDocument.Parse(
            sent[0].GetProperty("annotationData").GetProperty("content").GetString()!).RootElement;
        JsonElement.DeepEquals(content,
            stored[0].GetProperty("answerContent")).Should().BeTrue("the request carries the stored answer");
        var ids = responses.SelectMany(r => JsonDocument.Parse(File.ReadAllText(r)).RootElement.EnumerateArray())
            .Select(e => e.GetProperty("datasetObjectId").GetString());
        ids.Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => i.ToString()));
    }

    [Fact]
    public void RunJob_OutputManifestInTheStore_IsTheOutFoldersManifest()
    {
        File.ReadAllBytes(Path.Combine(JobOutput, "manifests", "output", "output.manifest"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(_dir, "output.manifest")));
    }

    [Fact]
    public void RunJob_NotATerminal_PlainProgressLinesOnStderrAndTheSummaryOnStdout()
    {
        _stderr.Should().Contain("sample images: 12/12").And.Contain("pre-annotation: 12/12")
            .And.Contain("consolidation: 1/2 (10 objects)").And.Contain("consolidation: 2/2 (2 objects)");
        _stdout.Should().NotContain("pre-annotation:");
        Regex.IsMatch(_stderr, @"\x1b\[").Should().BeFalse("no terminal codes when stderr is not a terminal");
    }

    [Fact]
    public void RunJob_Summary_EndsWithTheNextCommandsForThisJobsAttributeAndStore()
    {
        var next = _stdout[_stdout.IndexOf("Next:", StringComparison.Ordinal)..].Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var manifest = Path.Combine(_dir, "output.manifest");
        var store = Path.Combine(_dir, "store");
        next.Should().Equal(
            "Next:",
            $"gtpose export coco --manifest {manifest} --label-attribute pose --out {Path.Combine(_dir, "coco.json")}",
            $"gtpose export review --manifest {manifest} --label-attribute pose --out " +
                $"{Path.Combine(_dir, "review.html")} --store {store} " +
            "--worker-responses s3://gtpose-local/gtpose-local-job/annotations/worker-response/iteration-1/",
            $"gtpose workflow reconsolidate --manifest {Path.Combine(_dir, "input.manifest")} --job-output " +
                $"s3://gtpose-local/gtpose-local-job/ " +
            $"--label-attribute pose --out {Path.Combine(_dir, "reconsolidated.manifest")} --store {store}");
    }
}
