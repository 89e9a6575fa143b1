using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests.Answers;

/// <summary>
/// The batch parses an inline answer from the payload's string still escaped (<see cref="AnswerParser.ParseEscaped"/>);
/// on a fuzz corpus of whole answers it must give exactly what parsing the unescaped text gives.
/// </summary>
public class EscapedAnswerTests
{
    // As a browser's JSON.stringify escapes: quotes, backslashes and control characters only.
    private static readonly JsonSerializerOptions Browser =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Escape(string text) => JsonSerializer.Serialize(text, Browser)[1..^1];

    private static IEnumerable<string> Answers(int mutations)
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings { WorkersPerObject = 3, MaxInstances = 3 }, 5);
        var random = new Random(20261207);
        var answers = new List<string>();
        foreach (var answer in sim.Generate(30).SelectMany(o => o.Answers))
        {
            answers.Add(answer.Content);
            var list = JsonDocument.Parse(answer.Content).RootElement.GetProperty("updated_annotations").GetString()!;
            var quoted = JsonSerializer.Serialize(list, Browser);
            var head = $$"""{"updated_annotations":{{quoted}}""";
            answers.Add(head + $$""","original_annotations":{{quoted}},"image_width":"640"}""");
            answers.Add(head + ""","image_size":{"width":0,"height":9},"x":[1,{"a":null}]}""");
            answers.Add(head + ""","updated_annotations":"[]","image_width":100}""");
            answers.Add(head + "}");
            answers.Add(head + ""","no_changes_needed":"yes","total_time_in_seconds":"7"}""");
        }
        foreach (var answer in answers) yield return answer;
        string[] tokens = ["\"", "\\", "\\\"", ",", "]", "}", "{", "[", " ", "é", "\\\\\\\"", "\"label\":", "0", "-",
            "\"updated_annotations\":", "\"image_width\":", "1e400", "\\n", "null", "\"original_annotations\":\"[]\""];
        for (var i = 0; i < mutations; i++)
            yield return Mutator.Mutate(answers[random.Next(answers.Count)], random, tokens, 1 + random.Next(3), 6);
    }

    [Fact]
    public void ParseEscaped_FuzzCorpusOfAnswers_EqualsParseOfTheUnescapedText()
    {
        int fast = 0, general = 0;
        foreach (var answer in Answers(mutations: 4000))
        {
            var escaped = Encoding.UTF8.GetBytes(Escape(answer));
            // The payload reader unescapes a \u escape itself; the rest comes here.
            if (escaped.AsSpan().IndexOf("\\u"u8) >= 0) continue;

            var expected = AnswerParser.Parse("w", answer, Rig.Coco17);
            var actual = AnswerParser.ParseEscaped("w", escaped, Rig.Coco17);

            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), answer);
            if (EscapedAnswer.TryParse(escaped, out var list, out _)
                && SkeletonListReader.TryScanEscapedTwice(list, Rig.Coco17, null) is not null)
                fast++;
            else
                general++;
        }
        // Both ways were compared, and the page's own form took the fast one.
        fast.Should().BeGreaterThan(300);
        general.Should().BeGreaterThan(1000);
    }

    [Fact]
    public void TryScanEscapedTwice_ListEscapedTwice_ReadsAsTheListItself()
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings { WorkersPerObject = 2, MaxInstances = 3 }, 3);
        var random = new Random(7);
        string[] tokens = ["\"", "\\", ",", "]", "}", "{", "[", "\"x\":", "\\\"", "5", "."];
        var lists = sim.Generate(20).SelectMany(o => o.Answers).Select(a =>
            JsonDocument.Parse(a.Content).RootElement.GetProperty("updated_annotations").GetString()!).ToList();
        int read = 0, refused = 0;
        foreach (var list in lists.Concat(Enumerable.Range(0, 2000).Select(_ =>
            Mutator.Mutate(lists[random.Next(lists.Count)], random, tokens, 1 + random.Next(2), 4))))
        {
            var twice = Encoding.UTF8.GetBytes(Escape(Escape(list)));
            var expected = SkeletonListReader.TryScanCompact(Encoding.UTF8.GetBytes(list), Rig.Coco17, null);

            var actual = SkeletonListReader.TryScanEscapedTwice(twice, Rig.Coco17, null);

            if (expected is null)
            {
                actual.Should().BeNull(list);
                refused++;
                continue;
            }
            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), list);
            read++;
        }
        read.Should().BeGreaterThan(100);
        refused.Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task ReadAsync_KeepEscaped_LeavesEscapedContentAndUnescapesAUnicodeEscape()
    {
        const string plain = """{"updated_annotations":"[{\"name\":\"a\"}]"}""";
        const string unicode = """{"updated_annotations":"[{\"name\":\"é\"}]"}""";
        var payload = "[" + string.Join(",", new[] { Escape(plain), Escape(unicode).Replace("é", "\\u00e9") }
            .Select((content, i) =>
                $$$"""{"datasetObjectId": "{{{i}}}", "annotations": [{"workerId": "w",""" +
                $$$""" "annotationData": {"content": "{{{content}}}"}}]}""")) + "]";

        var items = new List<AnswerReference>();
        await foreach (var e in PayloadReader.ReadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(payload)), keepEscaped: true))
            items.Add(e.Object!.Answers.Single());

        items[0].EscapedContent.Should().NotBeNull();
        Encoding.UTF8.GetString(items[0].Content!.Value.Span).Should().Be(Escape(plain));
        items[1].EscapedContent.Should().BeNull("é is written \\u00e9, unescaped where it is read");
        Encoding.UTF8.GetString(items[1].Content!.Value.Span).Should().Be(unicode);
    }
}
