using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

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
