using System.Text.Json.Serialization;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

/// <summary>One worker's line of the report.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Objects">Objects the worker answered.</param>
/// <param name="MeanAgreement">Mean of the worker's agreement (OKS to the consensus, 0 to 1) where stated.</param>
/// <param name="SwapRate">Fraction of the worker's answers with a mirrored skeleton or swapped left/right pair.</param>
/// <param name="OutlierClicks">Points of the worker left out of estimates as outlier clicks.</param>
/// <param name="MedianSeconds">Median time on task, seconds, where stated.</param>
/// <param name="AnswersWithIssues">Answers with parts (or all) unusable.</param>
/// <param name="Attention">
/// Who to look at first, higher first: (1 − mean agreement) + swap rate + outlier clicks per answer ÷ rig keypoints
/// + answers with issues ÷ answers. Each term is 0 for a worker who always matches the consensus.
/// </param>
public sealed record WorkerRow(string WorkerId, int Objects, double? MeanAgreement, double SwapRate, int OutlierClicks,
    double? MedianSeconds, int AnswersWithIssues, double Attention);

/// <summary>Counts of values in equal bins from 0 to 1 (the last bin holds 1).</summary>
public sealed record Histogram(IReadOnlyList<int> Counts, int Values);

/// <summary>How often a reason was given.</summary>
public sealed record ReasonCount(string Reason, int Objects, bool SetsReview);

/// <summary>How hard one keypoint was.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="Skeletons">Consolidated skeletons it was placed in.</param>
/// <param name="MeanConfidence">Mean keypoint confidence (0 to 1; lower means the workers' clicks spread
/// wider).</param>
/// <param name="MissedRate">Fraction of the workers who drew a skeleton that did not place this keypoint in it.</param>
/// <param name="OccludedRate">Fraction of placements the consensus marks occluded.</param>
public sealed record KeypointRow(
    string Label, int Skeletons, double? MeanConfidence, double MissedRate, double OccludedRate);

/// <summary>A job's worker quality and label statistics, from its output manifest.</summary>
/// <remarks><see cref="Answers"/>: the answers listed, read, lost and retried, when the manifest's re-consolidation
/// saved them (<see cref="Jobs.ReconsolidationSummary"/>); null when not known.</remarks>
public sealed record JobReportData(
    string LabelAttribute,
    string Rig,
    int Objects,
    int NeedsReview,
    int Skeletons,
    IReadOnlyList<WorkerRow> Workers,
    Histogram Agreement,
    Histogram Confidence,
    IReadOnlyList<ReasonCount> Reasons,
    IReadOnlyList<KeypointRow> Keypoints)
{
    /// <summary>What was done with the job's stored answers; null when the manifest came without those counts.
    /// </summary>
    public Jobs.AnswerCounts? Answers { get; init; }
}

/// <summary>Source-generated JSON for the report's <c>--json</c> twin (snake_case, trim-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(JobReportData))]
public sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>Builds <see cref="JobReportData"/> in one pass over the manifest; memory holds per-worker times
/// only.</summary>
public static class JobReport
{
    /// <summary>Bins of the agreement and confidence histograms.</summary>
    public const int Bins = 20;

    /// <summary>Reads every labelled line of <paramref name="labels"/> (a full reader, not skeletons only).</summary>
    public static JobReportData Build(LabelReader labels, Rig rig)
    {
        var workers = new Dictionary<string, WorkerTally>(StringComparer.Ordinal);
        var reasons = new Dictionary<(string, bool), int>();
        var keypoints = rig.Keypoints.Select(_ => new KeypointTally()).ToArray();
        var agreement = new int[Bins];
        var confidence = new int[Bins];
        int objects = 0, review = 0, skeletons = 0, agreements = 0, confidences = 0;
        foreach (var line in labels.Read())
        {
            var label = line.Label;
            objects++;
            if (label.NeedsReview) review++;
            foreach (var r in label.ReviewReasons ?? []) reasons[(r, true)] = reasons.GetValueOrDefault((r, true)) + 1;
            foreach (var r in label.Notes ?? []) reasons[(r, false)] = reasons.GetValueOrDefault((r, false)) + 1;
            foreach (var w in label.Workers ?? [])
            {
                if (!workers.TryGetValue(w.WorkerId, out var t)) workers[w.WorkerId] = t = new WorkerTally();
                t.Add(w);
            }
            foreach (var instance in label.Instances)
            {
                skeletons++;
                if (instance.Agreement is { } a) { agreement[Bin(a)]++; agreements++; }
                if (instance.Confidence is { } c) { confidence[Bin(c)]++; confidences++; }
                var drawnBy = instance.Keypoints.Count == 0 ? 0 : instance.Keypoints.Max(k => k.Votes);
                var placed = new bool[rig.Count];
                foreach (var k in instance.Keypoints)
                {
                    var i = rig.IndexOf(k.Label);
                    if (i < 0) continue;
                    placed[i] = true;
                    keypoints[i].Add(k, drawnBy);
                }
                for (var i = 0; i < rig.Count; i++) if (!placed[i]) keypoints[i].Possible += drawnBy;
            }
        }
        var rows = workers.Select(w => w.Value.Row(w.Key, rig.Count)).OrderByDescending(w => w.Attention)
            .ThenBy(w => w.WorkerId, StringComparer.Ordinal).ToArray();
        return new JobReportData(labels.LabelAttribute, rig.Name, objects, review, skeletons, rows,
            new Histogram(agreement, agreements), new Histogram(confidence, confidences),
            reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key.Item1, StringComparer.Ordinal)
                .Select(r => new ReasonCount(r.Key.Item1, r.Value, r.Key.Item2)).ToArray(),
            rig.Keypoints.Select((k, i) => keypoints[i].Row(k.Label)).ToArray());
    }

    private static int Bin(double value) => Math.Clamp((int)(value * Bins), 0, Bins - 1);

    private sealed class WorkerTally
    {
        private readonly List<double> _seconds = [];
        private double _agreementSum;
        private int _objects, _agreements, _swaps, _outliers, _issues;

        public void Add(Consolidation.WorkerSummary w)
        {
            _objects++;
            if (w.Agreement is { } a) { _agreementSum += a; _agreements++; }
            if (w.LeftRightSwapped) _swaps++;
            _outliers += w.Outliers ?? 0;
            if (w.Issues is { Count: > 0 }) _issues++;
            if (w.TotalTimeInSeconds is { } s && double.IsFinite(s)) _seconds.Add(s);
        }

        public WorkerRow Row(string id, int rigKeypoints)
        {
            double? mean = _agreements > 0 ? _agreementSum / _agreements : null;
            var swapRate = (double)_swaps / _objects;
            var attention =
                (1 - (mean ?? 1)) + swapRate + (double)_outliers / _objects / rigKeypoints + (double)_issues / _objects;
            return new WorkerRow(
                id,
                _objects,
                Round(mean),
                Math.Round(swapRate, 4),
                _outliers,
                Median(_seconds),
                _issues,
                Math.Round(attention, 4));
        }

        private static double? Median(List<double> values)
        {
            if (values.Count == 0) return null;
            values.Sort();
            var m = values.Count / 2;
            return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
        }
    }

    private sealed class KeypointTally
    {
        private double _confidenceSum;
        private int _skeletons, _confidences, _occluded, _votes;

        public int Possible { get; set; }

        public void Add(Consolidation.ConsolidatedKeypoint k, int drawnBy)
        {
            _skeletons++;
            if (k.Confidence is { } c) { _confidenceSum += c; _confidences++; }
            if (k.Visible == false) _occluded++;
            _votes += Math.Min(k.Votes, drawnBy);
            Possible += drawnBy;
        }

        public KeypointRow Row(string label) =>
            new(label, _skeletons, Round(_confidences > 0 ? _confidenceSum / _confidences : null),
            Possible > 0
                ? Math.Round(1 - (double)_votes / Possible, 4)
                : 0, _skeletons > 0 ? Math.Round((double)_occluded / _skeletons, 4)
                : 0);
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;
}
