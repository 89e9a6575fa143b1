using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Interop;

public class ImportParityTests
{
    [Theory]
    [InlineData(ImportFormat.Coco)]
    [InlineData(ImportFormat.Cvat)]
    [InlineData(ImportFormat.LabelStudio)]
    public async Task Consolidate_SameAnswersAsAGroundTruthJob_MeanOksWithin0003OfJobLevelReconsolidation(
        ImportFormat format)
    {
        var rig = Rig.Coco17;
        var store = new InMemoryStore();
        var layout = JobOutputLayout.Parse("s3://bench/out/level1/");
        var job = await SimulatedJob.WriteAsync(
            store, layout, 240, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 12 }, seed: 21);
        var objects = job.Objects.Select(o => o!).ToList();
        var output = new MemoryStream();
        await new JobReconsolidator(store, layout, rig).RunAsync(
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(job.Manifest))), output, Stream.Null);
        var ground = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select((l, i) => Evaluation.MeanOks(objects[i].Truth, (InstanceReader.Read(
                    JsonDocument.Parse(l).RootElement.GetProperty("pose"), rig, "label", []) ?? [])
                .Select(p => RigArrays.ToArrays(p.Keypoints, rig)).ToList(), rig))
            .Average();

        using var h = new ImportHarness();
        var files = format switch
        {
            ImportFormat.Coco => ToolExports.WriteCoco(h.Folder, objects, rig),
            ImportFormat.Cvat => ToolExports.WriteCvat(h.Folder, objects, rig),
            _ => [ToolExports.WriteLabelStudio(Path.Combine(h.Folder, "export.json"), objects, rig)],
        };
        var (session, result, merged, _) = await h.RunAsync(format, files);

        session.Problems.Count.Should().Be(0);
        result.Answers.Should().Be(job.Answers);
        result.Annotators.Should().Be(objects.SelectMany(o => o.Answers).Select(a => a.WorkerId).Distinct().Count());
        Score(merged, objects, rig).Should().BeApproximately(ground, 0.003);
    }

    private static double Score(JsonElement merged, List<SimulatedObject> objects, Rig rig)
    {
        var objectOf = merged.GetProperty("images").EnumerateArray().ToDictionary(
            i => i.GetProperty("id").GetInt32(),
            i => int.Parse(i.GetProperty("file_name").GetString()!["images/".Length..^".png".Length],
                CultureInfo.InvariantCulture));
        var predicted = objects.Select(_ => new List<(double[] X, double[] Y)>()).ToList();
        foreach (var a in merged.GetProperty("annotations").EnumerateArray())
        {
            var kp = a.GetProperty("keypoints");
            var x = Enumerable.Range(0, rig.Count)
                .Select(k => kp[3 * k + 2].GetInt32() > 0 ? kp[3 * k].GetDouble() : double.NaN).ToArray();
            var y = Enumerable.Range(0, rig.Count)
                .Select(k => kp[3 * k + 2].GetInt32() > 0 ? kp[3 * k + 1].GetDouble() : double.NaN).ToArray();
            predicted[objectOf[a.GetProperty("image_id").GetInt32()]].Add((x, y));
        }
        return objects.Select((o, i) => Evaluation.MeanOks(o.Truth, predicted[i], rig)).Average();
    }
}
