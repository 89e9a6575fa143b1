using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Simulation;

/// <summary>Settings of <see cref="SimulatedAuditor"/>.</summary>
public sealed record AuditorSettings
{
    /// <summary>A skeleton whose OKS to the truth is below this is redrawn. Default 0.8.</summary>
    public double FixBelowOks { get; init; } = 0.8;

    /// <summary>The expert's click noise relative to a keypoint's OKS tolerance (a careful worker has 0.2). Default
    /// 0.1.</summary>
    public double Noise { get; init; } = 0.1;
}

/// <summary>One audit answer and what the auditor did.</summary>
/// <param name="Content">The crowd-2d-skeleton form our page writes (<c>updated_annotations</c>,
/// <c>no_changes_needed</c>, ...).</param>
/// <param name="NoChangesNeeded">The auditor found nothing to fix.</param>
/// <param name="Redrawn">Skeletons redrawn or added.</param>
/// <param name="Removed">Skeletons removed (no such person).</param>
public sealed record AuditAnswer(string Content, bool NoChangesNeeded, int Redrawn, int Removed);

/// <summary>
/// An expert auditor against the simulator's truth: shown the level-1 label, keeps every skeleton within
/// <see cref="AuditorSettings.FixBelowOks"/> of the person it stands for, redraws the others and the people the label
/// missed from the truth's visible keypoints with a small click noise, removes skeletons of no one, and ticks
/// "no changes needed" when nothing was wrong. Deterministic for a seed.
/// </summary>
public sealed class SimulatedAuditor(Rig rig, int seed, AuditorSettings? settings = null)
{
    private readonly Random _random = new(seed);
    private readonly AuditorSettings _settings = settings ?? new AuditorSettings();

    /// <summary>The auditor's answer for an object whose level-1 label is <paramref name="initial"/> (null:
    /// none).</summary>
    public AuditAnswer Audit(ConsolidatedLabel? initial, IReadOnlyList<TruthInstance> truth, ImageSize size)
    {
        var shown = initial?.Instances ?? [];
        var arrays = shown.Select(
            i => RigArrays.ToArrays(i.Keypoints.Select(k => new Keypoint(k.Label, k.X, k.Y)), rig)).ToList();
        var assignment = Match(truth, arrays);
        var kept = new bool[shown.Count];
        var drawn = new List<(string Name, string Facing, double[] X, double[] Y)>();
        var redrawn = 0;
        for (var t = 0; t < truth.Count; t++)
        {
            var p = assignment[t];
            if (p >= 0 && Evaluation.Oks(truth[t], arrays[p].X, arrays[p].Y, rig) >= _settings.FixBelowOks)
            {
                kept[p] = true;
                drawn.Add((shown[p].Name, shown[p].Facing ?? "unknown", arrays[p].X, arrays[p].Y));
                continue;
            }
            redrawn++;
            var (x, y) = Redraw(truth[t]);
            drawn.Add((p >= 0 ? shown[p].Name : $"skeleton_{shown.Count + redrawn}", "unknown", x, y));
        }
        // A matched skeleton that was redrawn is replaced, not removed; one matched to no person is removed.
        var removed = Enumerable.Range(0, shown.Count).Count(p => !kept[p] && !assignment.Contains(p));
        var noChanges = redrawn == 0 && removed == 0;
        var original = Skeletons(
            shown.Select((s, i) => (s.Name, s.Facing ?? "unknown", arrays[i].X, arrays[i].Y)).ToList());
        var updated = noChanges ? original : Skeletons(drawn);
        return new AuditAnswer(Form(updated, original, noChanges, size), noChanges, redrawn, removed);
    }

    private int[] Match(IReadOnlyList<TruthInstance> truth, List<(double[] X, double[] Y)> shown)
    {
        if (shown.Count == 0) return Enumerable.Repeat(-1, truth.Count).ToArray();
        var cost = new double[truth.Count, shown.Count];
        for (var t = 0; t < truth.Count; t++)
            for (var p = 0; p < shown.Count; p++)
                cost[t, p] = 1 - Evaluation.Oks(truth[t], shown[p].X, shown[p].Y, rig);
        var assignment = Hungarian.Solve(cost);
        // A skeleton nowhere near the person stands for no one.
        for (var t = 0; t < truth.Count; t++)
            if (assignment[t] >= 0 && cost[t, assignment[t]] > 0.9) assignment[t] = -1;
        return assignment;
    }

    private (double[] X, double[] Y) Redraw(TruthInstance truth)
    {
        var scale = Math.Sqrt(truth.Area);
        double[] x = new double[rig.Count], y = new double[rig.Count];
        for (var i = 0; i < rig.Count; i++)
        {
            if (!truth.Visible[i]) { x[i] = y[i] = double.NaN; continue; }
            var sd = _settings.Noise * scale * 2 * rig.Sigmas[i];
            x[i] = Math.Round(truth.X[i] + Gaussian() * sd, 2);
            y[i] = Math.Round(truth.Y[i] + Gaussian() * sd, 2);
        }
        return (x, y);
    }

    private string Skeletons(List<(string Name, string Facing, double[] X, double[] Y)> skeletons)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (name, facing, x, y) in skeletons)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("facing", facing);
                w.WriteStartArray("annotations");
                for (var i = 0; i < rig.Count; i++)
                {
                    if (double.IsNaN(x[i])) continue;
                    w.WriteStartObject();
                    w.WriteString("label", rig.Keypoints[i].Label);
                    w.WriteNumber("x", x[i]);
                    w.WriteNumber("y", y[i]);
                    w.WriteBoolean("visible", true);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private string Form(string updated, string original, bool noChanges, ImageSize size)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("updated_annotations", updated);
            w.WriteString("original_annotations", original);
            w.WriteBoolean("no_changes_needed", noChanges);
            w.WriteNumber("total_time_in_seconds", Math.Round(5 + _random.NextDouble() * (noChanges ? 10 : 60)));
            w.WriteNumber("image_width", size.Width);
            w.WriteNumber("image_height", size.Height);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
