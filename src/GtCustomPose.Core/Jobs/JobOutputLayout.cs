using System.Globalization;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// Where a Ground Truth labeling job's output lives: <c>s3://bucket/prefix/job-name/</c>, the job's name being the
/// last folder (the developer guide's "Labeling job output data", Output Directories). Keys below it:
/// <c>annotations/worker-response/iteration-1/&lt;datasetObjectId&gt;/&lt;yyyy-MM-dd_HH:mm:ss&gt;.json</c>, one file
/// per worker answer, and <c>manifests/output/output.manifest</c>. Full layout and sources: docs/contracts.md.
/// </summary>
/// <param name="Bucket">The output bucket.</param>
/// <param name="Prefix">The job's folder, ending with <c>/</c> (<c>prefix/job-name/</c>).</param>
public sealed record JobOutputLayout(string Bucket, string Prefix)
{
    /// <summary>The only iteration a job without automated data labeling writes.</summary>
    public const string Iteration = "iteration-1";

    /// <summary>The job's name: the last folder of <see cref="Prefix"/>.</summary>
    public string JobName => Prefix.TrimEnd('/').Split('/')[^1];

    /// <summary>Key prefix of every worker response of iteration 1.</summary>
    public string WorkerResponsePrefix => $"{Prefix}annotations/worker-response/{Iteration}/";

    /// <summary>Key prefix of one data object's worker responses.</summary>
    public string ObjectPrefix(string datasetObjectId) => $"{WorkerResponsePrefix}{datasetObjectId}/";

    /// <summary>
    /// The key of one worker response submitted at <paramref name="submitted"/> (UTC, whole seconds, as the guide's
    /// example <c>2021-03-08_23:06:49.json</c>).
    /// </summary>
    public S3Uri ResponseUri(string datasetObjectId, DateTimeOffset submitted) =>
        new(
            Bucket,
            ObjectPrefix(datasetObjectId) + submitted.UtcDateTime.ToString(
                "yyyy-MM-dd_HH:mm:ss", CultureInfo.InvariantCulture) + ".json");

    /// <summary>The job's output manifest.</summary>
    public S3Uri OutputManifest => new(Bucket, $"{Prefix}manifests/output/output.manifest");

    /// <summary>
    /// The data object id of a worker-response key (<c>…/iteration-1/17/…json</c> → <c>17</c>); false for any key
    /// that is not a file directly in an object's folder.
    /// </summary>
    public bool TryGetObjectId(string key, out string datasetObjectId)
    {
        datasetObjectId = "";
        if (!key.StartsWith(WorkerResponsePrefix, StringComparison.Ordinal)) return false;
        var rest = key.AsSpan(WorkerResponsePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[(slash + 1)..].IndexOf('/') >= 0 || !rest.EndsWith(
            ".json", StringComparison.Ordinal)) return false;
        datasetObjectId = rest[..slash].ToString();
        return true;
    }

    /// <summary>Parses <c>s3://bucket/prefix/job-name/</c> (the trailing slash optional).</summary>
    /// <exception cref="FormatException">Not an s3:// URI with a key.</exception>
    public static JobOutputLayout Parse(string jobOutputUri)
    {
        var text = jobOutputUri.TrimEnd('/');
        if (!S3Uri.TryParse(text, out var uri))
            throw new FormatException(
                $"job output '{jobOutputUri}' is not s3://bucket/prefix/job-name/ (the S3OutputPath followed by the " +
                $"job's name)");
        return new JobOutputLayout(uri.Bucket, uri.Key + "/");
    }
}
