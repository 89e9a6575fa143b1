using System.Text.Json;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Interop;

public class CvatAndLabelStudioImportTests
{
    private static string Job(string assignee, string points, string name = "frames/a.jpg") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <annotations>
          <version>1.1</version>
          <meta>
            <job>
              <id>12</id>
              <owner><username>owner</username><email>owner@example.com</email></owner>
              <assignee><username>{assignee}</username><email></email></assignee>
              <labels>
                <label><name>person</name><color>#33ddff</color><type>skeleton</type><attributes></attributes>
                  <svg>&lt;line data-type="edge" data-node-from="1" data-node-to="3"&gt;&lt;/line&gt;
                  &lt;circle data-type="element node" data-node-id="1" data-label-name="head"&gt;&lt;/circle&gt;
                  &lt;circle data-type="element node" data-node-id="3" data-label-name="tail"&gt;&lt;/circle&gt;</svg>
                </label>
                <label><name>head</name><type>points</type><attributes></attributes><parent>person</parent></label>
                <label><name>tail</name><type>points</type><attributes></attributes><parent>person</parent></label>
              </labels>
            </job>
            <dumped>2026-12-06 10:00:00+00:00</dumped>
          </meta>
          <image id="0" name="{name}" width="400" height="300">
            <box label="car" source="manual" occluded="0" xtl="1" ytl="1" xbr="5" ybr="5" z_order="0"></box>
            <skeleton label="person" source="manual" z_order="0">
              {points}
            </skeleton>
          </image>
        </annotations>
        """;

    private static string Point(string label, string xy, int outside = 0, int occluded = 0) =>
        $"<points label=\"{label}\" source=\"manual\" outside=\"{outside}\" occluded=\"{occluded}\" " +
        $"points=\"{xy}\"></points>";

    [Fact]
    public async Task Consolidate_CvatJobs_AssigneesAnnotatorsSkeletonFromMeta()
    {
        using var h = new ImportHarness();
        var a = h.File("a.xml", Job("alice", Point("head", "100.5,50") + Point("tail", "150,80", occluded: 1)));
        var b = h.File("b.xml", Job("bob", Point("head", "101.5,52") + Point("tail", "3,4", outside: 1)));
        var (session, result, merged, rig) = await h.RunAsync(ImportFormat.Cvat, [a, b]);

        session.Annotators.Should().Equal("alice", "bob");
        rig.Keypoints.Select(k => k.Label).Should().Equal("head", "tail");
        rig.Edges.Should().ContainSingle(e => e.From == "head" && e.To == "tail");
        session.Skipped.Should().ContainKey("<box> shapes (not skeletons)").WhoseValue.Should().Be(2);
        result.People.Should().Be(1);
        var kp = merged.GetProperty("annotations")[0].GetProperty("keypoints").EnumerateArray()
            .Select(v => v.GetDouble()).ToArray();
        kp[0].Should().BeApproximately(101, 0.11);
        kp[2].Should().Be(2);
        (kp[3], kp[4], kp[5]).Should().Be((150, 80, 1), "only alice placed the tail, occluded; bob's was outside");
    }

    [Fact]
    public async Task Consolidate_CvatPointOfUnknownLabel_OneLineNamingFileImageAndLabel()
    {
        using var h = new ImportHarness();
        var a = h.File("a.xml", Job("alice", Point("head", "100,50") + Point("tail", "150,80")));
        var b = h.File("b.xml", Job("bob", Point("head", "101,52") + Point("fin", "150,80")));
        var (session, _, _, _) = await h.RunAsync(ImportFormat.Cvat, [a, b]);

        session.Problems.First.Should().ContainSingle().Which.Should()
            .Be($"{b}: image 'frames/a.jpg': skeleton 1: points label 'fin' is not a point of skeleton 'person'; " +
                "left out");
    }

    [Fact]
    public async Task Consolidate_CvatPointOutsideTheImage_ReportedAndKept()
    {
        using var h = new ImportHarness();
        var a = h.File("a.xml", Job("alice", Point("head", "410,50") + Point("tail", "150,80")));
        var b = h.File("b.xml", Job("bob", Point("head", "405,52") + Point("tail", "151,80")));
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Cvat, [a, b]);

        session.Problems.First.Should().HaveCount(2).And.OnlyContain(p => p.Contains("outside the 400x300 image"));
        session.Problems.First[0].Should().Contain("image 'frames/a.jpg'").And.Contain("keypoint 'head'");
        result.People.Should().Be(1);
    }

    [Fact]
    public async Task Consolidate_InvalidXml_FileLeftOutNamingTheLine()
    {
        using var h = new ImportHarness();
        var a = h.File("a.xml", Job("alice", Point("head", "100,50") + Point("tail", "150,80")));
        var bad = h.File("b.xml", Job("bob", Point("head", "101,52"))[..300]);
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Cvat, [a, bad]);

        session.Problems.First.Should().ContainSingle().Which.Should().StartWith($"{bad}: not valid CVAT XML (line");
        result.Answers.Should().Be(1);
    }

    private static string Task(int id, string image, params string[] annotations) =>
        $$"""{"id": {{id}}, "data": {"image": "{{image}}"}, "annotations": [{{string.Join(",", annotations)}}]}""";

    private static string Annotation(int user, string results, bool cancelled = false) =>
        $$"""{"id": {{user * 10}}, "completed_by": {{user}}, "was_cancelled": {{(cancelled ? "true" : "false")}},""" +
        $$""" "result": [{{results}}]}""";

    private static string Key(string id, string label, double x, double y, string? parent = null, bool size = true)
    {
        var parentId = parent is null ? "" : $"\"parentID\": \"{parent}\", ";
        var original = size ? "\"original_width\": 200, \"original_height\": 100, " : "";
        return FormattableString.Invariant(
            $"{{\"id\": \"{id}\", \"type\": \"keypointlabels\", {parentId}{original}\"value\": ") +
            FormattableString.Invariant(
                $"{{\"x\": {x}, \"y\": {y}, \"width\": 0.5, \"keypointlabels\": [\"{label}\"]}}}}");
    }

    [Fact]
    public async Task Consolidate_LabelStudioTasks_PercentToPixelsPeopleByParent()
    {
        using var h = new ImportHarness();
        var rig = new Rig("pair", [new KeypointClass("head", "#fff", 0.05), new KeypointClass("tail", "#fff", 0.05)],
            [new RigEdge("head", "tail", "#fff")]);
        string Person(string p, double dx) =>
            Key(p + "h", "head", 10 + dx, 10, p) + "," + Key(p + "t", "tail", 10 + dx, 50, p);
        var export = h.File("export.json", "[" + Task(1, "/data/upload/a.jpg",
            Annotation(1, Person("p1", 0) + "," + Person("p2", 50)),
            Annotation(2, Person("q1", 0.5) + "," + Person("q2", 50.5)),
            Annotation(3, Person("r1", 30), cancelled: true)) + "]");
        var (session, result, merged, _) = await h.RunAsync(ImportFormat.LabelStudio, [export], rig);

        session.Annotators.Should().Equal("user 1", "user 2");
        session.Skipped.Should().ContainKey("cancelled annotations");
        result.People.Should().Be(2);
        var heads = merged.GetProperty("annotations").EnumerateArray()
            .Select(a => a.GetProperty("keypoints")[0].GetDouble()).Order().ToArray();
        heads[0].Should().BeApproximately(20.5, 0.11, "10.25 % of 200 px");
        heads[1].Should().BeApproximately(120.5, 0.11);
        merged.GetProperty("images")[0].GetProperty("width").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task Consolidate_LabelStudioResultWithoutOriginalSize_OneLineNamingTaskAndResult()
    {
        using var h = new ImportHarness();
        var export = h.File("export.json", "[" + Task(7, "a.jpg",
            Annotation(1, Key("k1", "head", 10, 10) + "," + Key("k2", "tail", 10, 50, size: false)),
            Annotation(2, Key("k3", "head", 10, 10) + "," + Key("k4", "tail", 10, 50))) + "]");
        var (session, _, _, _) = await h.RunAsync(ImportFormat.LabelStudio, [export]);

        session.Problems.First.Should().ContainSingle().Which.Should()
            .Be($"{export}: task 7: annotation 10: result k2: no original_width and original_height; left out");
    }

    [Fact]
    public async Task Consolidate_LabelStudioSameUserTwice_SecondLeftOutAndReported()
    {
        using var h = new ImportHarness();
        var export = h.File("export.json", "[" + Task(7, "a.jpg",
            Annotation(1, Key("k1", "head", 10, 10)), Annotation(1, Key("k2", "head", 12, 10)),
            Annotation(2, Key("k3", "head", 11, 10))) + "]");
        var (session, result, _, _) = await h.RunAsync(ImportFormat.LabelStudio, [export]);

        result.Answers.Should().Be(2);
        result.DuplicateAnswers.Should().Be(1);
        session.Problems.First.Should().ContainSingle().Which.Should().Contain("annotator 'user 1'")
            .And.Contain("twice in this file");
    }

    [Fact]
    public void Walk_ElementLargerThanTheBuffer_ReadWhole()
    {
        var big = string.Join(",", Enumerable.Range(0, 40_000).Select(i => i.ToString(
            System.Globalization.CultureInfo.InvariantCulture)));
        var text = $$"""{"skip": {"a": [1, 2]}, "annotator": "x", "items": [{"v": [{{big}}]}, 7, "s"], "n": 3}""";
        var seen = new List<string>();
        var scalars = new List<(string, string)>();
        new JsonStreamWalker
        {
            Wanted = n => n == "items",
            Element = (array, e) => seen.Add($"{array}:{e.ValueKind}:{(e.ValueKind == JsonValueKind.Object
                ? e.GetProperty("v").GetArrayLength() : 0)}"),
            Scalar = (n, v) => scalars.Add((n, v)),
        }.Walk(new OneByteAtATime(System.Text.Encoding.UTF8.GetBytes(text), 4096));

        seen.Should().Equal("items:Object:40000", "items:Number:0", "items:String:0");
        scalars.Should().Equal(("annotator", "x"), ("n", "3"));
    }

    /// <summary>Hands out at most a few bytes per read, as a slow stream does.</summary>
    private sealed class OneByteAtATime(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
