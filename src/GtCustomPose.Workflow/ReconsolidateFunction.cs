using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Functions;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Workflow;

/// <summary>
/// ReconsolidateFunction's input. <see cref="Mode"/> absent or <c>job</c>: the whole job in one invocation (CONTRACTS).
/// <c>plan</c>, <c>statistics</c>, <c>reduce</c>, <c>labels</c>, <c>assemble</c>: the steps of the Distributed Map
/// fan-out (README, job output layout), sharing the job fields; <see cref="Shard"/> is the Map item.
/// </summary>
public sealed record ReconsolidateRequest(
    string? Mode, string? ManifestS3Uri, string? JobOutputS3Uri, string? LabelAttribute, string? OutputS3Uri,
    int? ShardSize, JobShard? Shard);

/// <summary>What each mode returns (unused fields omitted): small, so Map results stay far below Step Functions'
/// limits.</summary>
public sealed record ReconsolidateResponse
{
    public string? OutputManifestS3Uri { get; init; }
    public string? FailuresS3Uri { get; init; }
    public int? Objects { get; init; }
    public int? Flagged { get; init; }
    public int? NoLabel { get; init; }
    public string? WorkS3Uri { get; init; }
    public string? ShardsBucket { get; init; }
    public string? ShardsKey { get; init; }
    public int? Shards { get; init; }
    public int? Shard { get; init; }
    public string? PartialS3Uri { get; init; }
    public string? StatisticsS3Uri { get; init; }
    public int? Workers { get; init; }
    public string? LinesS3Uri { get; init; }
}

/// <summary>Source-generated JSON of the function's events: camelCase, as Step Functions passes them; nulls
/// omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ReconsolidateRequest))]
[JsonSerializable(typeof(ReconsolidateResponse))]
internal sealed partial class ReconsolidateJsonContext : JsonSerializerContext;

/// <summary>
/// Consolidates a finished level-1 job again from its stored worker responses with statistics pooled over the whole job
/// (<see cref="JobReconsolidator"/>). Handler:
/// <c>GtCustomPose.Workflow::GtCustomPose.Workflow.ReconsolidateFunction::FunctionHandler</c>.
/// Outputs stream through a file in the temporary folder (Lambda's /tmp), never one buffer of the whole manifest.
/// </summary>
public sealed class ReconsolidateFunction
{
    private const string Name = "reconsolidate";
    private const string JsonLines = "application/jsonlines";
    private readonly IObjectStore _store;
    private readonly Rig _rig;
    private readonly ConsolidationOptions _consolidation;

    /// <summary>S3, the rig and the review thresholds from the environment (as PostAnnotation reads them).</summary>
    public ReconsolidateFunction() : this(
        RouteFunction.SharedStore.Value,
        Functions.RigSetting.Load(FunctionEnvironment.Process),
        Thresholds())
    {
    }

    /// <summary>Over an explicit store, rig and options (tests).</summary>
    public ReconsolidateFunction(IObjectStore store, Rig rig, ConsolidationOptions? consolidation = null)
    {
        _store = store;
        _rig = rig;
        _consolidation = consolidation ?? ConsolidationOptions.Default;
    }

    /// <summary>Managed-runtime entry.</summary>
    /// <exception cref="WorkflowException">A field is missing or invalid, or S3 fails.</exception>
    public Task<Stream> FunctionHandler(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>As <see cref="FunctionHandler"/>, cancellable.</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await S3Text.ReadEventAsync(
            input, ReconsolidateJsonContext.Default.ReconsolidateRequest, Name).ConfigureAwait(false);
        var manifest = S3Text.Uri(request.ManifestS3Uri, "manifestS3Uri", Name);
        var output = S3Text.Uri(request.OutputS3Uri, "outputS3Uri", Name);
        JobOutputLayout layout;
        try { layout = JobOutputLayout.Parse(request.JobOutputS3Uri ?? ""); }
        catch (FormatException e) { throw new WorkflowException($"{Name}: 'jobOutputS3Uri': {e.Message}", e); }
        var job = new JobReconsolidator(_store, layout, _rig, new ReconsolidationOptions
        {
            LabelAttribute = request.LabelAttribute ?? LabelAttributes.Default,
            Consolidation = _consolidation,
            Log = line => Log.Info($"{Name}: {line}"),
        });
        var work = new S3Uri(output.Bucket, output.Key + ".work/");
        try
        {
            var response = (request.Mode ?? "job") switch
            {
                "job" => await WholeJobAsync(job, manifest, output, cancellationToken).ConfigureAwait(false),
                "plan" =>
                    await PlanAsync(manifest, work, request.ShardSize ?? 2000, cancellationToken).ConfigureAwait(false),
                "statistics" =>
                    await StatisticsAsync(job, work, Shard(request), cancellationToken).ConfigureAwait(false),
                "reduce" => await ReduceAsync(job, work, cancellationToken).ConfigureAwait(false),
                "labels" =>
                    await LabelsAsync(job, manifest, work, Shard(request), cancellationToken).ConfigureAwait(false),
                "assemble" => await AssembleAsync(work, output, cancellationToken).ConfigureAwait(false),
                var other => throw new WorkflowException(
                    $"{Name}: 'mode' is '{other}', expected job, plan, statistics, reduce, labels or assemble"),
            };
            return S3Text.Response(response, ReconsolidateJsonContext.Default.ReconsolidateResponse);
        }
        catch (ObjectStoreException e)
        {
            throw new WorkflowException($"{Name}: {e.Message}", e);
        }
    }

    private async Task<ReconsolidateResponse> WholeJobAsync(
        JobReconsolidator job, S3Uri manifest, S3Uri output, CancellationToken ct)
    {
        await using var lines = new TempFile();
        await using var failures = new TempFile();
        var result = await job.RunAsync(
            c => _store.OpenReadAsync(manifest, c), lines.Stream, failures.Stream, ct).ConfigureAwait(false);
        var failuresUri = new S3Uri(output.Bucket, output.Key + ".failures.jsonl");
        await lines.UploadAsync(_store, output, ct).ConfigureAwait(false);
        await failures.UploadAsync(_store, failuresUri, ct).ConfigureAwait(false);
        return new ReconsolidateResponse
        {
            OutputManifestS3Uri = output.ToString(), FailuresS3Uri = failuresUri.ToString(), Objects = result.Objects,
            Flagged = result.Flagged, NoLabel = result.NoLabel,
        };
    }

    private async Task<ReconsolidateResponse> PlanAsync(S3Uri manifest, S3Uri work, int shardSize, CancellationToken ct)
    {
        if (shardSize < 1) throw new WorkflowException($"{Name}: 'shardSize' is {shardSize}, expected 1 or more");
        var lines = 0;
        using (var reader = await S3Text.OpenAsync(_store, manifest, Name, ct).ConfigureAwait(false))
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is not null) lines++;
        var shards = JobShard.Plan(lines, shardSize);
        var key = new S3Uri(work.Bucket, work.Key + "shards.json");
        await _store.WriteAsync(
            key,
            JsonSerializer.SerializeToUtf8Bytes(shards, JobsJsonContext.Default.ListJobShard),
            "application/json",
            ct).ConfigureAwait(false);
        return new ReconsolidateResponse
        {
            WorkS3Uri = work.ToString(),
            ShardsBucket = key.Bucket,
            ShardsKey = key.Key,
            Shards = shards.Count,
            Objects = lines,
        };
    }

    private async Task<ReconsolidateResponse> StatisticsAsync(
        JobReconsolidator job, S3Uri work, JobShard shard, CancellationToken ct)
    {
        var estimator = await job.EstimateShardAsync(shard, ct).ConfigureAwait(false);
        var uri = WorkFile(work, "statistics/", shard, ".json");
        await _store.WriteAsync(uri, estimator.SaveState(), "application/json", ct).ConfigureAwait(false);
        return new ReconsolidateResponse
        {
            Shard = shard.Shard,
            PartialS3Uri = uri.ToString(),
            Objects = estimator.Objects,
        };
    }

    private async Task<ReconsolidateResponse> ReduceAsync(JobReconsolidator job, S3Uri work, CancellationToken ct)
    {
        var shards = new List<BatchEstimator>();
        await foreach (var uri in _store.ListAsync(work.Bucket, work.Key + "statistics/", ct).ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await using (var stream = await _store.OpenReadAsync(uri, ct).ConfigureAwait(false))
                await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            try { shards.Add(job.LoadShard(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))); }
            catch (FormatException e) { throw new WorkflowException($"{Name}: {uri}: {e.Message}", e); }
        }
        if (shards.Count == 0) throw new WorkflowException(
            $"{Name}: no shard statistics under {work}statistics/ (run the statistics map first)");
        var estimates = job.Reduce(shards);
        var statistics = new S3Uri(work.Bucket, work.Key + "statistics.json");
        await _store.WriteAsync(
            statistics,
            JsonSerializer.SerializeToUtf8Bytes(
                BatchEstimatesDocument.From(estimates), JobsJsonContext.Default.BatchEstimatesDocument),
            "application/json",
            ct).ConfigureAwait(false);
        return new ReconsolidateResponse
        {
            StatisticsS3Uri = statistics.ToString(),
            Workers = estimates.WorkerNoise.Count,
            Shards = shards.Count,
            Objects = shards.Sum(s => s.Objects),
        };
    }

    private async Task<ReconsolidateResponse> LabelsAsync(
        JobReconsolidator job, S3Uri manifest, S3Uri work, JobShard shard, CancellationToken ct)
    {
        var document = await ReadJsonAsync(
            new S3Uri(work.Bucket, work.Key + "statistics.json"), JobsJsonContext.Default.BatchEstimatesDocument, ct)
            .ConfigureAwait(false);
        await using var lines = new TempFile();
        await using var failures = new TempFile();
        ReconsolidationResult result;
        await using (var input = await _store.OpenReadAsync(manifest, ct).ConfigureAwait(false))
            result = await job.WriteLabelsAsync(
                input,
                job.Pooled(document.ToEstimates()),
                lines.Stream,
                failures.Stream,
                shard.FirstLine,
                shard.LineCount,
                ct).ConfigureAwait(false);
        var linesUri = WorkFile(work, "labels/", shard, ".manifest");
        await lines.UploadAsync(_store, linesUri, ct).ConfigureAwait(false);
        await failures.UploadAsync(_store, WorkFile(work, "failures/", shard, ".jsonl"), ct).ConfigureAwait(false);
        var counts = new ReconsolidateResponse
        {
            Shard = shard.Shard,
            LinesS3Uri = linesUri.ToString(),
            Objects = result.Objects,
            Flagged = result.Flagged,
            NoLabel = result.NoLabel,
        };
        await _store.WriteAsync(
            WorkFile(work, "counts/", shard, ".json"),
            JsonSerializer.SerializeToUtf8Bytes(counts, ReconsolidateJsonContext.Default.ReconsolidateResponse),
            "application/json",
            ct).ConfigureAwait(false);
        return counts;
    }

    private async Task<ReconsolidateResponse> AssembleAsync(S3Uri work, S3Uri output, CancellationToken ct)
    {
        int objects = 0, flagged = 0, noLabel = 0;
        await foreach (var uri in _store.ListAsync(work.Bucket, work.Key + "counts/", ct).ConfigureAwait(false))
        {
            var c = await ReadJsonAsync(
                uri, ReconsolidateJsonContext.Default.ReconsolidateResponse, ct).ConfigureAwait(false);
            objects += c.Objects ?? 0;
            flagged += c.Flagged ?? 0;
            noLabel += c.NoLabel ?? 0;
        }
        var failuresUri = new S3Uri(output.Bucket, output.Key + ".failures.jsonl");
        // Shard files are named shard-00007: key order is shard order, so the lines come out in manifest order.
        await ConcatenateAsync(work.Key + "labels/", output, ct).ConfigureAwait(false);
        await ConcatenateAsync(work.Key + "failures/", failuresUri, ct).ConfigureAwait(false);
        return new ReconsolidateResponse
        {
            OutputManifestS3Uri = output.ToString(),
            FailuresS3Uri = failuresUri.ToString(),
            Objects = objects,
            Flagged = flagged,
            NoLabel = noLabel,
        };
    }

    private async Task ConcatenateAsync(string prefix, S3Uri target, CancellationToken ct)
    {
        await using var file = new TempFile();
        await foreach (var uri in _store.ListAsync(target.Bucket, prefix, ct).ConfigureAwait(false))
        {
            await using var part = await _store.OpenReadAsync(uri, ct).ConfigureAwait(false);
            await part.CopyToAsync(file.Stream, ct).ConfigureAwait(false);
        }
        await file.UploadAsync(_store, target, ct).ConfigureAwait(false);
    }

    private async Task<T> ReadJsonAsync<T>(
        S3Uri uri, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await _store.OpenReadAsync(uri, ct).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
                ?? throw new WorkflowException($"{Name}: {uri} is null");
        }
        catch (JsonException e) { throw new WorkflowException($"{Name}: {uri} is not valid: {e.Message}", e); }
    }

    private static S3Uri WorkFile(S3Uri work, string folder, JobShard shard, string extension) =>
        new(
            work.Bucket,
            work.Key + folder + "shard-" + shard.Shard.ToString("D5", CultureInfo.InvariantCulture) + extension);

    private static JobShard Shard(ReconsolidateRequest request) =>
        request.Shard is { Shard: >= 0, FirstLine: >= 0, LineCount: >= 1 } s ? s
            : throw new WorkflowException(
                $"{Name}: mode '{request.Mode}' needs 'shard': {{\"shard\", \"firstLine\", \"lineCount\"}} (the Map " +
                $"item)");

    // The same review settings as the consolidation function, so a job's labels follow one configuration.
    private static ConsolidationOptions Thresholds() =>
        ReviewSettings.Read(FunctionEnvironment.Process);

    /// <summary>A file in the temporary folder, deleted when disposed.</summary>
    private sealed class TempFile : IAsyncDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"gtpose-{Guid.NewGuid():N}.tmp");

        public TempFile() =>
            Stream = new FileStream(
                _path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true);

        public FileStream Stream { get; }

        public async Task UploadAsync(IObjectStore store, S3Uri uri, CancellationToken ct)
        {
            await Stream.FlushAsync(ct).ConfigureAwait(false);
            Stream.Position = 0;
            await store.WriteAsync(uri, Stream, JsonLines, ct).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(_path);
        }
    }
}
