using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// Chooses what goes to the audit job within a budget (<see cref="AuditBudget"/>): every object without a label, a
/// seeded uniform QA sample, and the flagged objects by p_wrong, highest first (<see cref="AuditRisk.PWrong"/>). Each
/// chosen line is written as it was (pass-through keys and the label, which the audit job shows as its chained label)
/// plus a <see cref="AuditHint"/> under <c>gtpose-audit</c>, in input order.
/// </summary>
/// <remarks>
/// The QA draw hashes (seed, object key) instead of walking a seeded random generator over the input order: an
/// object's draw depends on nothing but itself, so re-consolidating or reordering lines never changes which objects
/// are sampled, and a retried state reproduces its output exactly. The budget needs the object count and every
/// label's p_wrong, so each line is held (as UTF-8) until the end: about the manifest's size in memory.
/// </remarks>
public static class AuditRouter
{
    /// <summary>Streams <paramref name="level1"/> (JSON Lines) to the audit manifest
    /// <paramref name="audit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate or the budget is not within 0..1.</exception>
    public static async Task<RouteSummary> RouteAsync(
        TextReader level1, TextWriter audit, RouteOptions options, CancellationToken cancellationToken = default)
    {
        Validate(options);
        return await WriteAsync(Hold(level1, options, cancellationToken), audit, options, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Reads every line of <paramref name="level1"/> once, for one or more budgets.</summary>
    internal static HeldLines Hold(TextReader level1, RouteOptions options, CancellationToken cancellationToken)
    {
        // The budget needs the object count and every label's p_wrong: each line is held, as UTF-8, until the end.
        var held = new HeldLines();
        foreach (var line in ManifestLine.Read(level1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (line.Value is not { } value)
            {
                held.Invalid++;
                held.Problems.Add($"{line.Problem}; not routed");
                continue;
            }
            held.Objects++;
            var (hint, label) = Choose(value, line.Number, options, held.Problems, out var key);
            var kind = label is null ? BudgetKind.NoLabel
                : label.NeedsReview ? BudgetKind.Flagged : BudgetKind.Unflagged;
            held.Candidates.Add(new BudgetCandidate(line.Number, kind,
                label is null ? 0 : AuditRisk.PWrong(value, options.LabelAttribute, label), Draw(options.Seed, key)));
            held.Lines[line.Number] = (JsonSerializer.SerializeToUtf8Bytes(value,
                CoreJsonContext.Default.JsonElement), hint ?? Sampled(value, line.Number, options),
                WorkflowLine.SourceRef(value));
        }
        return held;
    }

    /// <summary>What routing <paramref name="held"/> under <paramref name="options"/>' budget would choose, without
    /// writing it.</summary>
    internal static RouteSummary Summarize(HeldLines held, RouteOptions options) => Plan(held, options).Summary;

    /// <summary>Writes the lines <paramref name="options"/>' budget chooses from <paramref name="held"/>, in input
    /// order.</summary>
    internal static async Task<RouteSummary> WriteAsync(
        HeldLines held, TextWriter audit, RouteOptions options, CancellationToken cancellationToken)
    {
        var (chosen, summary) = Plan(held, options);
        foreach (var (number, hint) in chosen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var doc = JsonDocument.Parse(held.Lines[number].Line);
            await audit.WriteLineAsync(AuditLine(doc.RootElement, hint)).ConfigureAwait(false);
        }
        return summary;
    }

    private static (List<(int Line, AuditHint Hint)> Chosen, RouteSummary Summary) Plan(
        HeldLines held, RouteOptions options)
    {
        Validate(options);
        var choice = AuditBudget.Choose(held.Candidates, options);
        var sample = choice.Sample.ToHashSet();
        var tally = new Tally();
        var chosen = new List<(int Line, AuditHint Hint)>();
        foreach (var number in choice.NoLabel.Concat(choice.Ranked).Concat(choice.Sample).Order())
        {
            var hint = held.Lines[number].Hint;
            if (sample.Contains(number) && hint.Selection != AuditSelection.QaSample)
                hint = hint with { Reasons = [AuditHint.QaSample, .. hint.Reasons] };
            else if (!sample.Contains(number) && hint.Selection == AuditSelection.QaSample)
                hint = hint with { Reasons = [AuditHint.HighPWrong] };
            tally.Count(hint.Selection);
            chosen.Add((number, hint));
        }
        var left = choice.Left
            .Select(c => new LeftOut(c.Line, held.Lines[c.Line].SourceRef, Math.Round(c.PWrong, 4)))
            .ToList();
        return (chosen, tally.Summary(held, choice.Budget, left) with { SampleWanted = choice.SampleWanted });
    }

    private static void Validate(RouteOptions options)
    {
        if (options.SampleRate is not (>= 0 and <= 1)) throw new ArgumentOutOfRangeException(
            nameof(options), options.SampleRate, "the sample rate must be from 0 to 1");
        if (options.MaxAuditShare is not (>= 0 and <= 1)) throw new ArgumentOutOfRangeException(
            nameof(options), options.MaxAuditShare, "the largest audit share must be from 0 to 1");
    }

    /// <summary>The hint for one level-1 line that needs the audit (flagged or without a label), or null when only the
    /// QA sample could send it.</summary>
    public static AuditHint? Choose(JsonElement line, int number, RouteOptions options, List<string>? problems = null)
        => Choose(line, number, options, problems, out _).Hint;

    private static (AuditHint? Hint, ConsolidatedLabel? Label) Choose(
        JsonElement line, int number, RouteOptions options, List<string>? problems, out string key)
    {
        var label = WorkflowLine.Label(line, options.LabelAttribute, out var problem);
        var job = options.SourceJob ?? WorkflowLine.JobName(line, options.LabelAttribute);
        key = WorkflowLine.ObjectKey(line) ?? $"line:{number}";
        if (problem is not null) problems?.Add(
            $"{WorkflowLine.Describe(number, line)}: {problem}; sent to the audit as {AuditHint.NoLabel}");
        if (label is null) return (new AuditHint([AuditHint.NoLabel], [], job, options.LabelAttribute, number), null);
        if (!label.NeedsReview) return (null, label);
        var reasons = label.ReviewReasons.Count > 0 ? label.ReviewReasons : [AuditHint.NeedsReview];
        return (new AuditHint(reasons, Doubtful(label, reasons, options), job, options.LabelAttribute, number), label);
    }

    private static AuditHint Sampled(JsonElement line, int number, RouteOptions options) => new(
        [AuditHint.QaSample], [], options.SourceJob ?? WorkflowLine.JobName(line, options.LabelAttribute),
        options.LabelAttribute, number);

    /// <summary>
    /// The object's QA draw, uniform in [0, 1): the first 8 bytes of SHA-256("seed\nkey") as a fraction of 2^64.
    /// Independent across objects, and the same on every machine and runtime.
    /// </summary>
    public static double Draw(long seed, string objectKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}\n{objectKey}")), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Whether the object's <see cref="Draw"/> falls below <paramref name="rate"/>.</summary>
    public static bool InSample(long seed, string objectKey, double rate) =>
        rate > 0 && (rate >= 1 || Draw(seed, objectKey) < rate);

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

    private sealed class Tally
    {
        public int Flagged, NoLabel, Sampled, Ranked;

        public void Count(AuditSelection selection)
        {
            switch (selection)
            {
                case AuditSelection.Flagged: Flagged++; break;
                case AuditSelection.NoLabel: NoLabel++; break;
                case AuditSelection.Ranked: Ranked++; break;
                default: Sampled++; break;
            }
        }

        public RouteSummary Summary(HeldLines held, int budget, IReadOnlyList<LeftOut> left) => new(
            held.Objects, Flagged + NoLabel + Sampled + Ranked, Flagged, NoLabel, Sampled, held.Invalid, held.Problems,
            left.Count, budget, Math.Round(left.Sum(l => l.PWrong), 2), left, Ranked);
    }
}
