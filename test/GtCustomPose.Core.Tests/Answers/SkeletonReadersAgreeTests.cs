using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests.Answers;

/// <summary>
/// The rules have one source: on a fuzz corpus of skeleton lists (the page's own form, older forms, mutated), every
/// reader hands the same points, and the answer as a whole the same problem lines, whichever reader took it.
/// </summary>
public class SkeletonReadersAgreeTests
{
    private static readonly ImageSize Image = new(1280, 720);

    private static IEnumerable<string> Corpus(int mutations)
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings { WorkersPerObject = 3, MaxInstances = 3 }, 9);
        var random = new Random(20261202);
        var lists = new List<string>();
        var facings = Enum.GetValues<Facing>();
        foreach (var answer in sim.Generate(40).SelectMany(o => o.Answers))
        {
            var old = JsonDocument.Parse(answer.Content).RootElement.GetProperty("updated_annotations").GetString()!;
            lists.Add(old);
            var instances = AnswerParser.Parse("w", answer.Content, Rig.Coco17).Instances.Select(i => i with
            {
                Facing = facings[random.Next(facings.Length)],
                Keypoints = i.Keypoints.Select(k => k with { Visible = random.Next(4) > 0 }).ToArray(),
            }).ToArray();
            lists.Add(Fixtures.PageList(instances));
        }
        foreach (var list in lists) yield return list;
        string[] tokens = ["-", "0", "01", ".", "e5", "\"", "\\", ",", "]", "}", "{", "[", " ", "é", "\"label\":",
            "\"nose\"", "1e400", "\"visible\":", "true", "false", "null", "\"facing\":", "\"front\"", "\"sideways\"",
            "\"name\":", "\" \"", ",\"visible\":1", ",\"facing\":\"back\"", "\"left_eye\"", "5000"];
        for (var i = 0; i < mutations; i++)
        {
            yield return Mutator.Mutate(
                lists[random.Next(lists.Count)],
                random,
                tokens,
                edits: 1 + random.Next(3),
                longestCut: 6);
        }
    }

    private static (List<SkeletonInstance>? Instances, List<string> Problems)? General(string list)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(list); }
        catch (JsonException) { return null; }
        using (doc)
        {
            var problems = new List<string>();
            try
            {
                var read = InstanceReader.Read(doc.RootElement, Rig.Coco17, "updated_annotations", problems, Image);
                return (read, problems);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    [Fact]
    public void EveryReader_FuzzCorpus_HandsTheSamePointsAndProblemLines()
    {
        int scanned = 0, tokens = 0, general = 0;
        foreach (var list in Corpus(mutations: 6000))
        {
            var utf8 = Encoding.UTF8.GetBytes(list);
            var expected = General(list);
            var scan = SkeletonListReader.TryScanCompact(utf8, Rig.Coco17, Image);
            var read = SkeletonListReader.TryReadTokens(utf8, Rig.Coco17, Image);
            foreach (var fast in new[] { scan, read })
            {
                if (fast is null) continue;
                expected.Should().NotBeNull(list);
                expected!.Value.Problems.Should()
                    .BeEmpty("a fast reader took a list the rules find fault with: " + list);
                fast.Should().BeEquivalentTo(expected.Value.Instances, o => o.WithStrictOrdering(), list);
            }
            if (scan is not null) scanned++;
            else if (read is not null) tokens++;
            else general++;

            // The answer as a whole: the list as text (fast readers first) and as an array (the general reader only).
            if (expected is not { Instances: not null } e) continue;
            var size = $$""", "image_width": {{Image.Width}}, "image_height": {{Image.Height}}""";
            var asText = AnswerParser.Parse(
                "w",
                JsonSerializer.Serialize(new { updated_annotations = list }).TrimEnd('}') + size + "}",
                Rig.Coco17);
            var asArray = AnswerParser.Parse("w", $$"""{"updated_annotations": {{list}}{{size}}}""", Rig.Coco17);
            asText.Instances.Should().BeEquivalentTo(e.Instances, o => o.WithStrictOrdering(), list);
            asText.Problems.Should().Equal(e.Problems, list);
            asArray.Instances.Should().BeEquivalentTo(e.Instances, o => o.WithStrictOrdering(), list);
            asArray.Problems.Should().Equal(e.Problems, list);
        }
        // Each reader took a share of the corpus, so each was compared.
        scanned.Should().BeGreaterThan(200);
        tokens.Should().BeGreaterThan(20);
        general.Should().BeGreaterThan(1000);
    }
}
