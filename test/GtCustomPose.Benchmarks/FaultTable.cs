using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;
using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>faults [objects] [runs] [case...]</c>: issue 30's table. A post-annotation batch of <c>objects</c> × 3 answers
/// stored as
/// S3 objects, and the re-consolidation of a level-1 job of as many objects, through a proxy in front of moto_server
/// that injects faults: none, 20 % SlowDown, 20 % SlowDown + 5 % dropped connections, 60 % dropped connections
/// (dropped after the status line, before the body). Prints, per case, whether the run succeeded, the answers lost,
/// the labels flagged and how many labels differ from the fault-free run's.
/// </summary>
internal static class FaultTable
{
    private const string Bucket = "gtpose-faults";

    private static readonly (string Name, Func<int, Func<string, string, Fault?>> Faults)[] Cases =
    [
        ("no faults", _ => (_, _) => null),
        ("20% SlowDown", seed => FaultProxy.Random(seed, "", 1_000_000, (0.20, Fault.SlowDown))),
        ("20% SlowDown + 5% dropped", seed => FaultProxy.Random(
            seed, "", 1_000_000, (0.20, Fault.SlowDown), (0.05, new Fault.Reset()))),
        ("60% dropped", seed => FaultProxy.Random(seed, "", 1_000_000, (0.60, new Fault.Reset()))),
    ];

    /// <param name="objects">Objects of the batch and of the job.</param>
    /// <param name="runs">Runs of each faulty case.</param>
    /// <param name="only">Indexes of the faulty cases to run (1 to 3); all when empty.</param>
    public static async Task<int> Run(int objects, int runs, IReadOnlyCollection<int> only)
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync(Bucket);
        IObjectStore direct = moto.CreateStore();
        var batch = await SimulatedBatch.WriteAsync(direct, Bucket, objects);
        var layout = JobOutputLayout.Parse($"s3://{Bucket}/level1/job/");
        var job = await SimulatedJob.WriteAsync(
            direct, layout, objects, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 10 });
        Console.WriteLine($"| case | run | post-annotation ({objects} objects x 3 answers) | reconsolidate |");
        Console.WriteLine("|---|---|---|---|");
        Dictionary<string, string>? cleanBatch = null;
        string[]? cleanJob = null;
        foreach (var (name, faults) in Cases.Where((_, i) => i == 0 || only.Count == 0 || only.Contains(i)))
        {
            for (var run = 0; run < (cleanBatch is null ? 1 : runs); run++)
            {
                using var proxy = new FaultProxy(moto.Endpoint) { Inject = faults(100 + run) };
                var store = S3ObjectStore.Create(proxy.Endpoint, MotoServer.Credentials, verifyChecksums: false);
                var post = await PostAsync(store, batch);
                var re = await ReconsolidateAsync(store, layout, job.Manifest);
                cleanBatch ??= post.Labels;
                cleanJob ??= re.Lines;
                Console.WriteLine(
                    $"| {name} | {run + 1} " +
                    $"| {Describe(post.Error, post.Lost, post.Flagged, Differ(post.Labels, cleanBatch))} " +
                    $"| {Describe(re.Error, re.Lost, re.Flagged, Differ(re.Lines, cleanJob))} |");
                Console.Error.WriteLine($"{name} run {run + 1}: {proxy.Requests} requests, faults " +
                    string.Join(", ", proxy.Counts.Select(p => $"{p.Key} {p.Value}")));
            }
        }
        return 0;
    }

    private static string Describe(string? error, int lost, int flagged, int differ) => error is not null
        ? $"fails: {error}"
        : string.Create(CultureInfo.InvariantCulture,
            $"exit 0, {lost} answers lost, {flagged} flagged, {differ} labels differ");

    private static async Task<(string? Error, int Lost, int Flagged, Dictionary<string, string>? Labels)> PostAsync(
        IObjectStore store, SimulatedBatch batch)
    {
        var request = JsonSerializer.Deserialize(batch.Event, CoreJsonContext.Default.PostAnnotationRequest)!;
        try
        {
            var result = await new BatchConsolidator(Rig.Coco17, store).ConsolidateAsync(request);
            var labels = result.Labels.ToDictionary(
                l => l.DatasetObjectId,
                l => JsonSerializer.Serialize(l.Label, CoreJsonContext.Default.ConsolidatedLabel),
                StringComparer.Ordinal);
            var lost = result.Labels.Sum(l => l.Label.Workers.Count(w => w.Issues?.Any(
                i => i.Contains("could not be read", StringComparison.Ordinal)) == true));
            return (null, lost, result.NeedsReview, labels);
        }
        catch (Exception e) when (e is BatchException or ObjectStoreException or IOException or HttpRequestException)
        {
            return (Short(e), 0, 0, null);
        }
    }

    private static async Task<(string? Error, int Lost, int Flagged, string[]? Lines)> ReconsolidateAsync(
        IObjectStore store, JobOutputLayout layout, string manifest)
    {
        var options = new ReconsolidationOptions
        {
            Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)),
        };
        using var output = new MemoryStream();
        using var failures = new MemoryStream();
        try
        {
            var result = await new JobReconsolidator(store, layout, Rig.Coco17, options).RunAsync(
                _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(manifest))), output, failures);
            var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var lost = lines.Count(l => l.Contains("could not be read", StringComparison.Ordinal));
            return (null, lost, result.Flagged, lines);
        }
        catch (Exception e) when (e is ObjectStoreException or IOException or HttpRequestException)
        {
            return (Short(e), 0, 0, null);
        }
    }

    private static string Short(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}".Replace('|', '/');
        return text.Length > 140 ? text[..140] + "..." : text;
    }

    private static int Differ(Dictionary<string, string>? labels, Dictionary<string, string>? clean) =>
        labels is null || clean is null ? 0
            : clean.Count(p => !labels.TryGetValue(p.Key, out var l) || l != p.Value)
                + labels.Keys.Count(k => !clean.ContainsKey(k));

    private static int Differ(string[]? lines, string[]? clean) =>
        lines is null || clean is null ? 0
            : Math.Max(lines.Length, clean.Length) - lines.Zip(clean).Count(p => p.First == p.Second);
}
