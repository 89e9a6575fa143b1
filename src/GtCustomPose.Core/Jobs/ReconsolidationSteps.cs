using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A job-level re-consolidation as the workflow runs it over an object store: the whole job in one step, or the
/// Distributed Map's steps (plan, statistics per shard, reduce, labels per shard, assemble), which share a work folder
/// beside the output (<see cref="WorkFolder"/>). Every step is idempotent, so a retried state repeats harmlessly; the
/// output manifest is written last, so its presence means the run is complete.
/// </summary>
public sealed class ReconsolidationSteps(IObjectStore store, JobReconsolidator job)
{
    private const string JsonLines = "application/jsonlines", Json = "application/json";

    /// <summary>The work folder of a re-consolidation writing <paramref name="output"/>: <c>&lt;output&gt;.work/</c>.
    /// </summary>
    public static S3Uri WorkFolder(S3Uri output) => new(output.Bucket, output.Key + ".work/");

    /// <summary>Both passes over the whole job in one step.</summary>
    public async Task<ReconsolidatedJob> WholeJobAsync(S3Uri manifest, S3Uri output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var lines = new TempFile();
        await using var failures = new TempFile();
        var result = await job.RunAsync(
            c => store.OpenReadAsync(manifest, c), lines.Stream, failures.Stream, ct).ConfigureAwait(false);
        var failuresUri = Failures(output);
        await failures.UploadAsync(store, failuresUri, JsonLines, ct).ConfigureAwait(false);
        await WriteSummaryAsync(
            output, new ReconsolidationSummary(
                result.Objects, result.Labeled, result.Flagged, result.NoLabel, result.Counts), ct)
            .ConfigureAwait(false);
        await lines.UploadAsync(store, output, JsonLines, ct).ConfigureAwait(false);
        return new ReconsolidatedJob(
            output.ToString(), failuresUri.ToString(), result.Objects, result.Flagged, result.NoLabel);
    }

    /// <summary>Counts the manifest's lines and writes <c>shards.json</c>: shards of <paramref name="shardSize"/>
    /// lines.</summary>
    /// <exception cref="JobStepException"><paramref name="shardSize"/> is below 1.</exception>
    public async Task<ShardPlan> PlanAsync(S3Uri manifest, S3Uri work, int shardSize, CancellationToken ct)
    {
        if (shardSize < 1) throw new JobStepException($"'shardSize' is {shardSize}, expected 1 or more");
        var lines = 0;
        await using (var stream = await store.OpenReadAsync(manifest, ct).ConfigureAwait(false))
        using (var reader = new StreamReader(stream))
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is not null) lines++;
        var shards = JobShard.Plan(lines, shardSize);
        var key = new S3Uri(work.Bucket, work.Key + "shards.json");
        await store.WriteAsync(
            key, JsonSerializer.SerializeToUtf8Bytes(shards, JobsJsonContext.Default.ListJobShard), Json, ct)
            .ConfigureAwait(false);
        return new ShardPlan(work.ToString(), key.Bucket, key.Key, shards.Count, lines);
    }

    /// <summary>One shard's statistics, saved under <c>statistics/</c>; the files it read under <c>reads/</c>, for the
    /// shard's labels step to match (<see cref="ShardReads"/>).</summary>
    public async Task<ShardStatistics> StatisticsAsync(S3Uri work, JobShard shard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var reads = new ShardReads(shard.Shard);
        var estimator = await job.EstimateShardAsync(shard, reads, ct).ConfigureAwait(false);
        var document = reads.ToDocument() with { StatisticsStep = job.Counts };
        var readsUri = WorkFile(work, "reads/", shard, ".json");
        // The reads first: the reduce lists statistics/, so a shard it merges always has its reads saved.
        await store.WriteAsync(
            readsUri, JsonSerializer.SerializeToUtf8Bytes(document, JobsJsonContext.Default.ShardReadsDocument), Json,
            ct).ConfigureAwait(false);
        var uri = WorkFile(work, "statistics/", shard, ".json");
        await store.WriteAsync(uri, estimator.SaveState(), Json, ct).ConfigureAwait(false);
        return new ShardStatistics(
            shard.Shard, uri.ToString(), estimator.Objects, readsUri.ToString(), document.Files, document.Fingerprint);
    }

    /// <summary>Every shard's statistics reduced to the job's, written to <c>statistics.json</c>.</summary>
    /// <exception cref="JobStepException">No shard statistics, or one that does not parse.</exception>
    public async Task<ReducedStatistics> ReduceAsync(S3Uri work, CancellationToken ct)
    {
        var shards = new List<BatchEstimator>();
        await foreach (var uri in store.ListAsync(work.Bucket, work.Key + "statistics/", ct).ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await using (var stream = await store.OpenReadAsync(uri, ct).ConfigureAwait(false))
                await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            try { shards.Add(job.LoadShard(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))); }
            catch (FormatException e) { throw new JobStepException($"{uri}: {e.Message}", e); }
        }
        if (shards.Count == 0) throw new JobStepException(
            $"no shard statistics under {work}statistics/ (run the statistics map first)");
        var estimates = job.Reduce(shards);
        var statistics = new S3Uri(work.Bucket, work.Key + "statistics.json");
        await store.WriteAsync(
            statistics,
            JsonSerializer.SerializeToUtf8Bytes(
                BatchEstimatesDocument.From(estimates), JobsJsonContext.Default.BatchEstimatesDocument),
            Json,
            ct).ConfigureAwait(false);
        return new ReducedStatistics(
            statistics.ToString(), estimates.WorkerNoise.Count, shards.Count, shards.Sum(s => s.Objects));
    }

    /// <summary>One shard's lines labelled with the reduced statistics; its counts saved under <c>counts/</c>. Every
    /// object must have exactly the files the shard's statistics step read (<c>reads/</c>).</summary>
    /// <exception cref="JobStepException">The reduced statistics or the shard's reads are missing or invalid, or an
    /// object's files changed since the statistics step.</exception>
    public async Task<ShardLabels> LabelsAsync(S3Uri manifest, S3Uri work, JobShard shard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var document = await ReadJsonAsync(
            new S3Uri(work.Bucket, work.Key + "statistics.json"), JobsJsonContext.Default.BatchEstimatesDocument, ct)
            .ConfigureAwait(false);
        var (reads, statisticsStep) = await ReadShardReadsAsync(work, shard, ct).ConfigureAwait(false);
        await using var lines = new TempFile();
        await using var failures = new TempFile();
        ReconsolidationResult result;
        await using (var input = await store.OpenReadAsync(manifest, ct).ConfigureAwait(false))
            result = await job.WriteLabelsAsync(
                input, job.Pooled(document.ToEstimates()), lines.Stream, failures.Stream, shard.FirstLine,
                shard.LineCount, reads, ct).ConfigureAwait(false);
        var linesUri = WorkFile(work, "labels/", shard, ".manifest");
        await lines.UploadAsync(store, linesUri, JsonLines, ct).ConfigureAwait(false);
        await failures.UploadAsync(store, WorkFile(work, "failures/", shard, ".jsonl"), JsonLines, ct)
            .ConfigureAwait(false);
        var counts = new ShardLabels(
            shard.Shard, linesUri.ToString(), result.Objects, result.Flagged, result.NoLabel,
            result.Counts.PlusRetries(statisticsStep));
        await store.WriteAsync(
            WorkFile(work, "counts/", shard, ".json"),
            JsonSerializer.SerializeToUtf8Bytes(counts, JobsJsonContext.Default.ShardLabels),
            Json,
            ct).ConfigureAwait(false);
        return counts;
    }

    /// <summary>The shards' lines and failures concatenated in manifest order; the counts summed and saved beside the
    /// output (<see cref="ReconsolidationSummary"/>).</summary>
    /// <exception cref="JobStepException">A shard's counts are invalid.</exception>
    public async Task<ReconsolidatedJob> AssembleAsync(S3Uri work, S3Uri output, CancellationToken ct)
    {
        int objects = 0, flagged = 0, noLabel = 0;
        AnswerCounts? answers = AnswerCounts.None;
        await foreach (var uri in store.ListAsync(work.Bucket, work.Key + "counts/", ct).ConfigureAwait(false))
        {
            var c = await ReadJsonAsync(uri, JobsJsonContext.Default.ShardLabels, ct).ConfigureAwait(false);
            objects += c.Objects;
            flagged += c.Flagged;
            noLabel += c.NoLabel;
            // Counts saved by a version that did not count answers: the job's are not known.
            answers = c.Answers is { } a ? answers?.Plus(a) : null;
        }
        var failuresUri = Failures(output);
        // Shard files are named shard-00007: key order is shard order, so the lines come out in manifest order.
        await ConcatenateAsync(work.Key + "failures/", failuresUri, ct).ConfigureAwait(false);
        if (answers is not null)
            await WriteSummaryAsync(
                output,
                new ReconsolidationSummary(objects, objects - noLabel, flagged, noLabel, answers.Plus(job.Counts)),
                ct).ConfigureAwait(false);
        await ConcatenateAsync(work.Key + "labels/", output, ct).ConfigureAwait(false);
        return new ReconsolidatedJob(output.ToString(), failuresUri.ToString(), objects, flagged, noLabel);
    }

    private Task WriteSummaryAsync(S3Uri output, ReconsolidationSummary summary, CancellationToken ct) =>
        store.WriteAsync(
            S3Uri.Parse(ReconsolidationSummary.PathOf(output.ToString())),
            JsonSerializer.SerializeToUtf8Bytes(summary, JobsJsonContext.Default.ReconsolidationSummary), Json, ct);

    private async Task<(ShardReads Reads, AnswerCounts? StatisticsStep)> ReadShardReadsAsync(
        S3Uri work, JobShard shard, CancellationToken ct)
    {
        var uri = WorkFile(work, "reads/", shard, ".json");
        ShardReadsDocument document;
        try
        {
            document = await ReadJsonAsync(uri, JobsJsonContext.Default.ShardReadsDocument, ct).ConfigureAwait(false);
        }
        catch (ObjectStoreException e) when (!e.Transient)
        {
            throw new JobStepException(
                $"labels shard {shard.Shard}: what its statistics step read cannot be had ({uri}: {e.Reason}); run " +
                "the statistics map again", e);
        }
        if (document.Shard != shard.Shard)
            throw new JobStepException($"{uri} is not valid: it is shard {document.Shard}'s, expected {shard.Shard}");
        try { return (ShardReads.From(document), document.StatisticsStep); }
        catch (FormatException e) { throw new JobStepException($"{uri} is not valid: {e.Message}", e); }
    }

    private static S3Uri Failures(S3Uri output) => new(output.Bucket, output.Key + ".failures.jsonl");

    private async Task ConcatenateAsync(string prefix, S3Uri target, CancellationToken ct)
    {
        await using var file = new TempFile();
        await foreach (var uri in store.ListAsync(target.Bucket, prefix, ct).ConfigureAwait(false))
        {
            await using var part = await store.OpenReadAsync(uri, ct).ConfigureAwait(false);
            await part.CopyToAsync(file.Stream, ct).ConfigureAwait(false);
        }
        await file.UploadAsync(store, target, JsonLines, ct).ConfigureAwait(false);
    }

    private async Task<T> ReadJsonAsync<T>(S3Uri uri, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await store.OpenReadAsync(uri, ct).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
                ?? throw new JobStepException($"{uri} is null");
        }
        catch (JsonException e) { throw new JobStepException($"{uri} is not valid: {e.Message}", e); }
    }

    private static S3Uri WorkFile(S3Uri work, string folder, JobShard shard, string extension) =>
        new(
            work.Bucket,
            work.Key + folder + "shard-" + shard.Shard.ToString("D5", CultureInfo.InvariantCulture) + extension);
}
