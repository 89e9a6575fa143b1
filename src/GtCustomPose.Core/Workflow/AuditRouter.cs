using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Workflow;

/// <summary>Settings of <see cref="AuditRouter"/>.</summary>
public sealed record RouteOptions
{
    /// <summary>The level-1 label attribute. Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = "pose";

    /// <summary>Share (0 to 1) of the objects that need no review drawn into the QA sample. Default 0.05.</summary>
    public double SampleRate { get; init; } = 0.05;

    /// <summary>Seed of the QA sample: the same seed and inputs give the same selection. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>A keypoint whose confidence is below this is listed as doubtful. Default 0.6.</summary>
    public double DoubtfulKeypointConfidence { get; init; } = 0.6;

    /// <summary>The level-1 job's name for the hint; default: the line's
    /// <c>&lt;attribute&gt;-metadata.job-name</c>.</summary>
    public string? SourceJob { get; init; }
}

/// <summary>Counts of one routing; <see cref="Problems"/> names each line that could not be read as it
/// should.</summary>
public sealed record RouteSummary(
    int Objects, int Selected, int Flagged, int NoLabel, int Sampled, int Invalid, IReadOnlyList<string> Problems);

/// <summary>
/// Chooses what goes to the audit job: every object whose label needs review, every object without a label, and a
/// seeded uniform QA sample of the rest. Each chosen line is written as it was (pass-through keys and the label, which
/// the audit job shows as its chained label) plus a <see cref="AuditHint"/> under <c>gtpose-audit</c>.
/// </summary>
/// <remarks>
/// The QA draw hashes (seed, object key) instead of walking a seeded random generator over the input order: an
/// object's draw depends on nothing but itself, so re-consolidating, reordering, or adding and removing other lines
/// never changes which of the remaining objects are sampled, and a retried state reproduces its output exactly.
/// </remarks>
public static class AuditRouter
{
    /// <summary>Streams <paramref name="level1"/> (JSON Lines) to the audit manifest
    /// <paramref name="audit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is not within 0..1.</exception>
    public static async Task<RouteSummary> RouteAsync(
        TextReader level1, TextWriter audit, RouteOptions options, CancellationToken cancellationToken = default)
    {
        if (options.SampleRate is not (>= 0 and <= 1)) throw new ArgumentOutOfRangeException(
            nameof(options), options.SampleRate, "the sample rate must be from 0 to 1");
        int objects = 0, flagged = 0, noLabel = 0, sampled = 0, invalid = 0;
        var problems = new List<string>();
        foreach (var line in ManifestLine.Read(level1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Value is not { } value)
            {
                invalid++;
                problems.Add($"{line.Problem}; not routed");
                continue;
            }
            objects++;
            var hint = Choose(value, line.Number, options, problems);
            if (hint is null) continue;
            switch (hint.Selection)
            {
                case AuditSelection.Flagged: flagged++; break;
                case AuditSelection.NoLabel: noLabel++; break;
                default: sampled++; break;
            }
            await audit.WriteLineAsync(AuditLine(value, hint)).ConfigureAwait(false);
        }
        return new RouteSummary(objects, flagged + noLabel + sampled, flagged, noLabel, sampled, invalid, problems);
    }

    /// <summary>The hint for one level-1 line, or null when the line is not sent to the audit.</summary>
    public static AuditHint? Choose(JsonElement line, int number, RouteOptions options, List<string>? problems = null)
    {
        var label = WorkflowLine.Label(line, options.LabelAttribute, out var problem);
        var job = options.SourceJob ?? WorkflowLine.JobName(line, options.LabelAttribute);
        if (problem is not null) problems?.Add(
            $"{WorkflowLine.Describe(number, line)}: {problem}; sent to the audit as {AuditHint.NoLabel}");
        if (label is null) return new AuditHint([AuditHint.NoLabel], [], job, options.LabelAttribute, number);
        if (label.NeedsReview)
        {
            var reasons = label.ReviewReasons.Count > 0 ? label.ReviewReasons : [AuditHint.NeedsReview];
            return new AuditHint(reasons, Doubtful(label, reasons, options), job, options.LabelAttribute, number);
        }
        var key = WorkflowLine.ObjectKey(line) ?? $"line:{number}";
        return InSample(options.Seed, key, options.SampleRate)
            ? new AuditHint([AuditHint.QaSample], [], job, options.LabelAttribute, number)
            : null;
    }

    /// <summary>
    /// Whether the object is in the QA sample: the first 8 bytes of SHA-256("seed\nkey") read as a fraction of 2^64
    /// fall
    /// below the rate. Uniform, independent across objects, and the same on every machine and runtime.
    /// </summary>
    public static bool InSample(long seed, string objectKey, double rate)
    {
        if (rate <= 0) return false;
        if (rate >= 1) return true;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}\n{objectKey}")), hash);
        var u = (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
        return u < rate;
    }

    /// <summary>
    /// The skeletons the label's per-skeleton reasons name, else (a label that names none) all of them, each with its
    /// keypoints of low confidence or few votes (placed by at most half as many workers as its best-placed keypoint).
    /// </summary>
    private static DoubtfulInstance[] Doubtful(
        ConsolidatedLabel label, IReadOnlyList<string> reasons, RouteOptions options)
    {
        var named = label.Instances.Where(i => i.ReviewReasons is { Count: > 0 }).ToList();
        var doubtful = named.Count > 0 ? named : label.Instances.ToList();
        return doubtful.Select(i =>
        {
            var most = i.Keypoints.Count == 0 ? 0 : i.Keypoints.Max(k => k.Votes);
            var keypoints = i.Keypoints
                .Where(k => k.Confidence < options.DoubtfulKeypointConfidence || (most > 1 && k.Votes * 2 <= most))
                .Select(k => k.Label).ToArray();
            return new DoubtfulInstance(i.Name, i.ReviewReasons is { Count: > 0 } r ? r : reasons, keypoints);
        }).ToArray();
    }

    private static string AuditLine(JsonElement line, AuditHint hint)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in line.EnumerateObject())
                if (p.Name != AuditHint.Key) p.WriteTo(w);
            w.WritePropertyName(AuditHint.Key);
            JsonSerializer.Serialize(w, hint, WorkflowJsonContext.Default.AuditHint);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
