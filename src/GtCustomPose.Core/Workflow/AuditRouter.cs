using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// Chooses what goes to the audit job: every object whose label needs review, every object without a label, and a
/// seeded uniform QA sample of the rest; with a cap on the audit's size, the flagged objects riskiest first
/// (<see cref="RouteOptions.MaxAuditShare"/>). Each chosen line is written as it was (pass-through keys and the label,
/// which the audit job shows as its chained label) plus a <see cref="AuditHint"/> under <c>gtpose-audit</c>.
/// </summary>
/// <remarks>
/// The QA draw hashes (seed, object key) instead of walking a seeded random generator over the input order: an
/// object's draw depends on nothing but itself, so re-consolidating, reordering, or adding and removing other lines
/// never changes which of the remaining objects are sampled, and a retried state reproduces its output exactly.
/// </remarks>
public static class AuditRouter
{
    /// <summary>Streams <paramref name="level1"/> (JSON Lines) to the audit manifest <paramref name="audit"/>; with a
    /// cap (<see cref="RouteOptions.MaxAuditShare"/> below 1) the chosen lines are held until the end, in input
    /// order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate or the cap is not within 0..1.</exception>
    public static async Task<RouteSummary> RouteAsync(
        TextReader level1, TextWriter audit, RouteOptions options, CancellationToken cancellationToken = default)
    {
        if (options.SampleRate is not (>= 0 and <= 1)) throw new ArgumentOutOfRangeException(
            nameof(options), options.SampleRate, "the sample rate must be from 0 to 1");
        if (options.MaxAuditShare is not (>= 0 and <= 1)) throw new ArgumentOutOfRangeException(
            nameof(options), options.MaxAuditShare, "the largest audit share must be from 0 to 1");
        var tally = new Tally();
        // A cap needs the object count and every flagged label's risk before it can choose.
        var held = options.MaxAuditShare < 1 ? new List<Candidate>() : null;
        foreach (var line in ManifestLine.Read(level1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Value is not { } value)
            {
                tally.Invalid++;
                tally.Problems.Add($"{line.Problem}; not routed");
                continue;
            }
            tally.Objects++;
            var (hint, label) = Choose(value, line.Number, options, tally.Problems, out var key);
            if (hint is null) continue;
            if (held is not null)
            {
                var inSample = label is not null && InSample(options.Seed, key, options.SampleRate);
                held.Add(new Candidate(value, hint, label, inSample));
                continue;
            }
            tally.Count(hint.Selection);
            await audit.WriteLineAsync(AuditLine(value, hint)).ConfigureAwait(false);
        }
        if (held is not null)
            foreach (var (value, hint) in WithinCap(held, options, tally))
            {
                tally.Count(hint.Selection);
                await audit.WriteLineAsync(AuditLine(value, hint)).ConfigureAwait(false);
            }
        return tally.Summary();
    }

    /// <summary>The hint for one level-1 line, or null when the line is not sent to the audit.</summary>
    public static AuditHint? Choose(JsonElement line, int number, RouteOptions options, List<string>? problems = null)
        => Choose(line, number, options, problems, out _).Hint;

    private static (AuditHint? Hint, ConsolidatedLabel? Flagged) Choose(
        JsonElement line, int number, RouteOptions options, List<string>? problems, out string key)
    {
        var label = WorkflowLine.Label(line, options.LabelAttribute, out var problem);
        var job = options.SourceJob ?? WorkflowLine.JobName(line, options.LabelAttribute);
        key = WorkflowLine.ObjectKey(line) ?? $"line:{number}";
        if (problem is not null) problems?.Add(
            $"{WorkflowLine.Describe(number, line)}: {problem}; sent to the audit as {AuditHint.NoLabel}");
        if (label is null) return (new AuditHint([AuditHint.NoLabel], [], job, options.LabelAttribute, number), null);
        if (label.NeedsReview)
        {
            var reasons = label.ReviewReasons.Count > 0 ? label.ReviewReasons : [AuditHint.NeedsReview];
            return (new AuditHint(reasons, Doubtful(label, reasons, options), job, options.LabelAttribute, number),
                label);
        }
        return InSample(options.Seed, key, options.SampleRate)
            ? (new AuditHint([AuditHint.QaSample], [], job, options.LabelAttribute, number), null)
            : (null, null);
    }

    /// <summary>
    /// Objects without a label, the QA sample and flagged objects the QA draw picks always go; the other flagged
    /// objects fill what the cap leaves, riskiest first. A drawn flagged object ranked past the cut goes as a QA
    /// sample (with its review reasons): the QA sample is then a uniform draw over every object the audit would
    /// otherwise leave alone, over-budget flagged ones included, so its estimate covers them too.
    /// </summary>
    private static List<(JsonElement Line, AuditHint Hint)> WithinCap(
        List<Candidate> held, RouteOptions options, Tally tally)
    {
        var budget = (int)Math.Floor(options.MaxAuditShare * tally.Objects + 1e-9);
        var room = budget - held.Count(c => c.Flagged is null || c.InSample);
        var ranked = held.Where(c => c.Flagged is not null)
            .OrderBy(c => c.Flagged!, Comparer<ConsolidatedLabel>.Create(AuditRisk.Compare))
            .ThenBy(c => c.Hint.Line);
        var outcome = new Dictionary<Candidate, AuditHint?>(ReferenceEqualityComparer.Instance);
        var pastCut = false;
        foreach (var c in ranked)
        {
            if (c.InSample)
                outcome[c] = pastCut ? c.Hint with { Reasons = [AuditHint.QaSample, .. c.Hint.Reasons] } : c.Hint;
            else if (room > 0) { outcome[c] = c.Hint; room--; }
            else { outcome[c] = null; tally.OverBudget++; pastCut = true; }
        }
        return held
            .Select(c => (c.Line, Hint: c.Flagged is null ? c.Hint : outcome[c]))
            .Where(c => c.Hint is not null)
            .Select(c => (c.Line, c.Hint!))
            .ToList();
    }

    /// <summary>
    /// Whether the object is in the QA sample: the first 8 bytes of SHA-256("seed\nkey") read as a fraction of 2^64
    /// fall below the rate. Uniform, independent across objects, and the same on every machine and runtime.
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

    private sealed record Candidate(JsonElement Line, AuditHint Hint, ConsolidatedLabel? Flagged, bool InSample);

    private sealed class Tally
    {
        public int Objects, Flagged, NoLabel, Sampled, Invalid, OverBudget;
        public List<string> Problems { get; } = [];

        public void Count(AuditSelection selection)
        {
            switch (selection)
            {
                case AuditSelection.Flagged: Flagged++; break;
                case AuditSelection.NoLabel: NoLabel++; break;
                default: Sampled++; break;
            }
        }

        public RouteSummary Summary() => new(
            Objects, Flagged + NoLabel + Sampled, Flagged, NoLabel, Sampled, Invalid, Problems, OverBudget);
    }
}
