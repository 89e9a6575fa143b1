using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// Where a Ground Truth labeling job keeps its output, under <c>S3OutputPath/&lt;job-name&gt;/</c> (developer guide,
/// "Labeling job output data"): one file per worker answer under
/// <c>annotations/worker-response/iteration-1/&lt;datasetObjectId&gt;/&lt;timestamp&gt;.json</c>, each consolidation
/// request
/// and response under <c>annotations/consolidated-annotation/</c>, and <c>manifests/output/output.manifest</c>.
/// The local job runner writes the same, so whatever reads a real job's output reads a local one.
/// </summary>
internal sealed record JobLayout(string Bucket, string JobName)
{
    /// <summary>The job output URI: <c>s3://bucket/job-name/</c>.</summary>
    public string JobOutput => $"s3://{Bucket}/{JobName}/";

    /// <summary>The folder of every worker answer of the job's (only) labeling pass.</summary>
    public string WorkerResponses => $"{JobOutput}annotations/worker-response/iteration-1/";

    public S3Uri WorkerResponse(string objectId, DateTimeOffset submitted) =>
        new(Bucket, $"{JobName}/annotations/worker-response/iteration-1/{objectId}/{Timestamp(submitted)}.json");

    public S3Uri ConsolidationRequest(DateTimeOffset sent) =>
        new(Bucket,
            $"{JobName}/annotations/consolidated-annotation/consolidation-request/iteration-1/{Timestamp(sent)}.json");

    public S3Uri ConsolidationResponse(DateTimeOffset sent) =>
        new(Bucket,
            $"{JobName}/annotations/consolidated-annotation/consolidation-response/iteration-1/{Timestamp(sent)}.json");

    public S3Uri OutputManifest => new(Bucket, $"{JobName}/manifests/output/output.manifest");

    /// <summary>The guide's file name form, <c>2021-03-08_23:06:49</c> (UTC).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd_HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// One worker-response file (<see cref="Core.Jobs.WorkerResponseFile.Create"/>), accepted as long before
    /// <paramref name="submitted"/> as the answer's <c>total_time_in_seconds</c> says.
    /// </summary>
    public static byte[] WorkerResponseFile(string workerId, string content, DateTimeOffset submitted)
    {
        var spent = 0.0;
        try
        {
            using var answer = JsonDocument.Parse(content);
            if (answer.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("total_time_in_seconds", out var t) && Seconds(t) is { } seconds)
            {
                spent = seconds;
            }
        }
        catch (JsonException) { }
        return Core.Jobs.WorkerResponseFile.Create(workerId, content, submitted.AddSeconds(-spent), submitted);
    }

    // A form posts every field as text ("42.5"); the element's own JSON writes a number.
    private static double? Seconds(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            && double.IsFinite(s) && s >= 0 ? s : null;
    }
}
