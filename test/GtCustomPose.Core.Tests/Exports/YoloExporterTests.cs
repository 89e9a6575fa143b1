using System.Globalization;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;
using static GtCustomPose.Core.Tests.Exports.ExportManifests;

namespace GtCustomPose.Core.Tests.Exports;

/// <summary>The Ultralytics pose layout: docs.ultralytics.com/datasets/pose (rows, data.yaml keys).</summary>
public sealed class YoloExporterTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-yolo");

    private (YoloExporter Yolo, ProblemLog Problems) Export(params string[] lines)
    {
        var problems = new ProblemLog();
        var yolo = new YoloExporter(_dir, Rig.Coco17, null);
        var labels = new LabelReader(Manifest(lines), "pose", problems);
        foreach (var line in labels.Read()) yolo.Add(line, "train", includeNeedsReview: false, problems);
        yolo.WriteDataYaml("pose");
        return (yolo, problems);
    }

    private static double[][] Rows(string file) => File.ReadAllLines(file)
        .Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    private static IEnumerable<double> Coordinates(double[] row) =>
        row[1..5].Concat(Enumerable.Range(0, 17).SelectMany(k => new[] { row[5 + 3 * k], row[6 + 3 * k] }));

    private static IEnumerable<double> Visibilities(double[] row) =>
        Enumerable.Range(0, 17).Select(k => row[7 + 3 * k]);

    [Fact]
    public void Add_OnePerson_RowHasClassBoxAndThreeValuesPerKeypointNormalised()
    {
        var (yolo, problems) = Export(Line("s3://b/img/a.png", Label(false, new ImageSize(200, 100),
            Person(
                "p",
                Point("nose", 100, 20, true),
                Point("left_eye", 110, 30, false),
                Point("left_ankle", 120, 80)))));
        problems.Count.Should().Be(0, string.Join("\n", problems.First));
        yolo.Skeletons.Should().Be(1);
        var row = Rows(Path.Combine(_dir, "labels", "train", "a.txt")).Single();
        row.Should().HaveCount(5 + 17 * 3);
        row[0].Should().Be(0);
        Coordinates(row).Should().OnlyContain(v => v >= 0 && v <= 1);
        Visibilities(row).Should().OnlyContain(v => v == 0 || v == 1 || v == 2);
        // Extent 100..120 x 20..80, padded by 10% of its longer side (60) = 6 px each side.
        row[1].Should().BeApproximately(110.0 / 200, 1e-6);
        row[2].Should().BeApproximately(50.0 / 100, 1e-6);
        row[3].Should().BeApproximately(32.0 / 200, 1e-6);
        row[4].Should().BeApproximately(72.0 / 100, 1e-6);
        row[5..8].Should().Equal(0.5, 0.2, 2);
        row[8..11].Should().Equal([0.55, 0.3, 1], "an occluded keypoint is v=1");
        row[11..14].Should().Equal([0, 0, 0], "an unplaced keypoint is 0 0 0");
        row[(5 + 15 * 3)..(5 + 16 * 3)].Should().Equal([0.6, 0.8, 2], "visibility not stated is v=2");
    }

    [Fact]
    public void Add_PointsOutsideTheImage_ClampedToTheUnitRange()
    {
        Export(Line(
            "s3://b/a.png",
            Label(false, new ImageSize(100, 100), Person("p", Point("nose", -5, 50), Point("left_eye", 130, 99)))));
        var row = Rows(Path.Combine(_dir, "labels", "train", "a.txt")).Single();
        Coordinates(row).Should().OnlyContain(v => v >= 0 && v <= 1);
        row[5].Should().Be(0);
        row[8].Should().Be(1);
    }

    [Fact]
    public void Add_NeedsReview_LeftOutAndCounted()
    {
        var (yolo, _) = Export(
            Line("s3://b/a.png", Label(false, new ImageSize(100, 100), Person("p", Point("nose", 5, 5)))),
            Line("s3://b/b.png", Label(true, new ImageSize(100, 100), Person("p", Point("nose", 5, 5)))));
        yolo.ExcludedForReview.Should().Be(1);
        File.ReadAllLines(Path.Combine(_dir, "train.txt")).Should().Equal("./images/train/a.png");
        File.Exists(Path.Combine(_dir, "labels", "train", "b.txt")).Should().BeFalse();
    }

    [Fact]
    public void Add_SameFileNameInTwoFolders_StemsKeptApart()
    {
        Export(Line("s3://b/cam1/0001.png", Label(false, new ImageSize(100, 100), Person("p", Point("nose", 5, 5)))),
            Line("s3://b/cam2/0001.png", Label(false, new ImageSize(100, 100))));
        File.ReadAllLines(Path.Combine(_dir, "train.txt")).Should()
            .Equal("./images/train/0001.png", "./images/train/0001-line2.png");
        File.ReadAllLines(Path.Combine(_dir, "train-sources.tsv")).Should().Equal(
            "s3://b/cam1/0001.png\t./images/train/0001.png", "s3://b/cam2/0001.png\t./images/train/0001-line2.png");
        File.ReadAllText(Path.Combine(_dir, "labels", "train", "0001-line2.txt")).Should()
            .BeEmpty("an image with nobody is a background image");
    }

    [Fact]
    public void Add_NoImageSize_ProblemNamesTheLine()
    {
        var (yolo, problems) = Export(Line("s3://b/a.png", Label(false, null, Person("p", Point("nose", 5, 5)))));
        yolo.Skeletons.Should().Be(0);
        problems.First.Should().ContainSingle().Which.Should().StartWith("line 1:").And.Contain("image_size");
    }

    [Fact]
    public void WriteDataYaml_Coco17_KptShapeAndFlipIdxMapEachLeftToItsRight()
    {
        Export(Line("s3://b/a.png", Label(false, new ImageSize(100, 100))));
        var yaml = File.ReadAllLines(Path.Combine(_dir, "data.yaml"));
        yaml.Should().Contain("kpt_shape: [17, 3]")
            .And.Contain("train: train.txt")
            .And.Contain("names:")
            .And.Contain("  0: 'coco-person-17'");
        var flip = yaml.Single(l => l.StartsWith("flip_idx: ", StringComparison.Ordinal))["flip_idx: ".Length..]
            .Trim('[', ']')
            .Split(", ").Select(int.Parse).ToArray();
        flip.Order().Should().Equal(Enumerable.Range(0, 17), "flip_idx is a permutation");
        var labels = Rig.Coco17.Keypoints.Select(k => k.Label).ToArray();
        for (var i = 0; i < 17; i++)
        {
            flip[flip[i]].Should().Be(i, "flipping twice is the identity");
            if (labels[i].StartsWith("left_", StringComparison.Ordinal))
            {
                labels[flip[i]].Should().Be("right_" + labels[i][5..]);
            }
            if (!labels[i].Contains('_', StringComparison.Ordinal))
            {
                flip[i].Should().Be(i, "a centre keypoint maps to itself");
            }
        }
    }

    public void Dispose() => _dir.Dispose();
}
