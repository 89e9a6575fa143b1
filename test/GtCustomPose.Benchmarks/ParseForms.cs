using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// What each skeleton-list reader costs, single thread: the hand scanner, the token reader and the general reader
/// (a document), over the same lists in the older form (name, annotations; label, x, y) and in our worker page's form
/// (with facing and visible). `parse-forms ANSWERS ROUNDS`; the fastest warm round of each is the figure.
/// </summary>
internal static class ParseForms
{
    public static int Run(int answers, int rounds)
    {
        var rig = Rig.Coco17;
        var sim = new WorkerSimulator(rig, new SimulationSettings
        {
            WorkersPerObject = 9, MaxInstances = 3, FixedInstanceCount = true,
            MissInstance = 0, MissKeypoint = 0, Occluded = 0,
        }, 1);
        var parsed = sim.Generate(answers / 9 + 1).SelectMany(o => o.Answers).Take(answers)
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig).Instances).ToList();
        var random = new Random(1);
        var forms = new Dictionary<string, List<byte[]>>
        {
            ["older form"] = parsed.Select(i => Encoding.UTF8.GetBytes(Older(i))).ToList(),
            ["page form"] = parsed.Select(i => Encoding.UTF8.GetBytes(Page(i, random))).ToList(),
        };
        var c = CultureInfo.InvariantCulture;
        var keypoints = parsed.Sum(i => i.Sum(s => s.Keypoints.Count));
        Console.WriteLine(string.Create(
            c,
            $"{parsed.Count} skeleton lists, {keypoints:N0} keypoints; fastest of {rounds - 1} warm rounds"));
        foreach (var (form, lists) in forms)
        {
            var scan = Time(rounds, lists, l => SkeletonListReader.TryScanCompact(l, rig, null));
            var tokens = Time(rounds, lists, l => SkeletonListReader.TryReadTokens(l, rig, null));
            var general = Time(rounds, lists, l =>
            {
                using var doc = JsonDocument.Parse(l);
                return InstanceReader.Read(doc.RootElement, rig, "updated_annotations", [], null);
            });
            Console.WriteLine(string.Create(
                c,
                $"{form}: hand scanner {scan:F1} ms, token reader {tokens:F1} ms, general reader {general:F1} ms"));
        }
        return 0;
    }

    private static double Time(int rounds, List<byte[]> lists, Func<byte[], List<SkeletonInstance>?> read)
    {
        var fastest = double.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            var read0 = 0;
            foreach (var l in lists)
                read0 += read(l)?.Count ?? throw new InvalidOperationException("a reader refused a list");
            if (r > 0) fastest = Math.Min(fastest, clock.Elapsed.TotalMilliseconds);
        }
        return fastest;
    }

    private static string Older(IReadOnlyList<SkeletonInstance> instances) =>
        "[" + string.Join(",", instances.Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"name":"{{i.Name}}","annotations":[{{string.Join(",", i.Keypoints.Select(k => string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"label":"{{k.Label}}","x":{{k.X}},"y":{{k.Y}}}""")))}}]}"""))) + "]";

    // As JSON.stringify writes it: name, facing, annotations; label, x, y (2 decimals), visible.
    private static string Page(IReadOnlyList<SkeletonInstance> instances, Random random) =>
        "[" + string.Join(",", instances.Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"name":"{{i.Name}}","facing":"front","annotations":[{{string.Join(",", i.Keypoints.Select(k =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $$"""{"label":"{{k.Label}}","x":{{Math.Round(k.X, 2)}}""" +
                    $$""","y":{{Math.Round(k.Y, 2)}},"visible":{{(random.Next(5) > 0
                        ? "true"
                        : "false")}}}""")))}}]}""")))
            + "]";
}
