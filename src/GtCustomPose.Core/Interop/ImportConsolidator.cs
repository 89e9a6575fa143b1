using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Consolidates other tools' multi-annotator exports with the engine of the Ground Truth path: the answers of every
/// image are joined across files, each annotator's click noise and the crowd's facing habits are estimated over all
/// of them (<see cref="JobStatistics"/>, as <see cref="JobReconsolidator"/> does for a Ground Truth job), then each
/// image is consolidated by <see cref="Consolidator"/> with those statistics. Two passes over the session's spool.
/// </summary>
internal sealed class ImportConsolidator(ImportSession session, Rig rig, ConsolidationOptions? options = null)
{
    private readonly ConsolidationOptions _options = options ?? ConsolidationOptions.Default;

    /// <summary>Both passes; <paramref name="write"/> receives every image once, in no particular order.</summary>
    public async Task<ImportResult> RunAsync(Action<ImportedLabel> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var estimator = await JobStatistics.EstimateAsync(
            AllAnswers(cancellationToken), rig, _options, 64, cancellationToken).ConfigureAwait(false);
        var pooled = JobStatistics.Pool(_options, estimator.Build());
        var done = new bool[session.Images.Count];
        var annotators = new HashSet<string>(StringComparer.Ordinal);
        long answers = 0, people = 0;
        int flagged = 0, single = 0, none = 0;
        foreach (var chunk in session.Spool.Read().Chunk(256))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var labels = chunk.AsParallel().AsOrdered().Select(g => Label(g, pooled)).ToList();
            foreach (var (label, objectAnswers) in labels)
            {
                done[label.Index] = true;
                answers += objectAnswers.Count;
                foreach (var a in objectAnswers) annotators.Add(a.WorkerId);
                if (objectAnswers.Count == 1) single++;
                if (label.Label is null) none++;
                if (label.Label is not { NeedsReview: false }) flagged++;
                people += label.Label?.Instances.Count ?? 0;
                write(label);
            }
        }
        for (var i = 0; i < done.Length; i++)
        {
            if (done[i]) continue;
            none++;
            flagged++;
            write(new ImportedLabel(i, session.Images[i], null, 0));
        }
        return new ImportResult(
            session.Images.Count, annotators.Count, answers, people, flagged, single, none, Duplicates);
    }

    /// <summary>Answers left out as a second answer of the same annotator to the same image.</summary>
    public long Duplicates { get; private set; }

    private (ImportedLabel, List<WorkerAnswer>) Label(SpooledImage group, ConsolidationOptions pooled)
    {
        var answers = Answers(group, report: true);
        var image = session.Images[group.Image];
        var label = answers.Count == 0 ? null : Consolidator.Consolidate(answers, rig, image.Size, pooled);
        return (new ImportedLabel(group.Image, image, label, answers.Count), answers);
    }

    private async IAsyncEnumerable<IReadOnlyList<WorkerAnswer>> AllAnswers(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var group in session.Spool.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answers = Answers(group, report: false);
            if (answers.Count > 0) yield return answers;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// The image's answers, one per annotator (a second answer of the same annotator is left out and, when
    /// <paramref name="report"/>, reported), skeletons built under the rules of the Ground Truth path's readers.
    /// </summary>
    internal List<WorkerAnswer> Answers(SpooledImage group, bool report)
    {
        var image = session.Images[group.Image];
        var files = session.Files;
        var kept = new Dictionary<int, SpooledAnswer>();
        foreach (var a in group.Answers.OrderBy(a => a.Answer))
        {
            if (files[a.File].Excluded is not null) continue;
            if (kept.TryAdd(a.Annotator, a)) continue;
            if (!report) continue;
            lock (session) Duplicates++;
            var first = files[kept[a.Annotator].File];
            var again = first.Index == a.File ? "twice in this file" : $"in {first.Path} already";
            Report($"{files[a.File].Path}: image '{image.Key}': annotator '{session.Annotators[a.Annotator]}' " +
                $"answered it {again}; this answer is left out, not counted twice");
        }
        var byAnswer = group.Skeletons.Where(s => files[s.File].Excluded is null).ToLookup(s => s.Answer);
        var result = new List<WorkerAnswer>(kept.Count);
        foreach (var a in kept.Values.OrderBy(a => a.Answer))
        {
            var problems = new List<string>();
            var instances = new List<SkeletonInstance>();
            foreach (var s in byAnswer[a.Answer])
            {
                var where = $"{files[s.File].Path}: image '{image.Key}': skeleton {s.SourceId}";
                var points = Points(s, files[s.File], image.Size, where, problems, report);
                if (points.Count > 0) instances.Add(new SkeletonInstance($"skeleton_{instances.Count + 1}", points));
            }
            result.Add(new WorkerAnswer(session.Annotators[a.Annotator], AnswerFormat.Crowd2dSkeleton, instances,
                image.Size, null, null, null, problems));
        }
        return result;
    }

    private List<Keypoint> Points(SpooledSkeleton s, ImportFile file, ImageSize? size, string where,
        List<string> problems, bool report)
    {
        Span<bool> seen = stackalloc bool[rig.Count];
        var collector = new PointCollector(rig, size, seen, s.Points.Length);
        foreach (var p in s.Points)
        {
            var name = file.Names[p.Name];
            var index = p.Name < file.RigIndex.Length ? file.RigIndex[p.Name] : -1;
            var verdict = collector.Add(index, p.X, p.Y, p.Visible);
            var problem = verdict switch
            {
                PointVerdict.Kept => null,
                PointVerdict.UnknownLabel => $"keypoint '{name}' is not in rig '{rig.Name}'; left out",
                PointVerdict.BadX or PointVerdict.BadY => $"keypoint '{name}': x, y is not a pair of numbers; left out",
                PointVerdict.FarOutside => $"keypoint '{name}' at ({p.X}, {p.Y}) is far outside the " +
                    $"{size?.Width}x{size?.Height} image; left out",
                _ => $"keypoint '{name}' is placed twice; the first is kept",
            };
            if (problem is null && size is { } b && (p.X < 0 || p.Y < 0 || p.X > b.Width || p.Y > b.Height))
            {
                // Kept, as the Ground Truth path keeps a click just past the edge; the user hears of it.
                if (report) Report($"{where}: keypoint '{name}' at ({p.X}, {p.Y}) is outside the " +
                    $"{b.Width}x{b.Height} image; kept");
                continue;
            }
            if (problem is null) continue;
            problems.Add($"{s.SourceId}: {problem}");
            if (report) Report($"{where}: {problem}");
        }
        return collector.Points;
    }

    private void Report(string line)
    {
        lock (session) session.Problems.Add(line);
    }
}
