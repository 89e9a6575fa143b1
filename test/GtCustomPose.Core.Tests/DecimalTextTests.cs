using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Tests;

/// <summary>The quick double text of the response writer against the writer's own.</summary>
public class DecimalTextTests
{
    private static string Writers(double value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) writer.WriteNumberValue(value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static TheoryData<double> Edges => new()
    {
        0, -0.0, 1, -1, 0.1, 0.001, 0.0011, 0.00099, 1e-4, 1e-5, 999_999_999.5, 1e9, 123456.789, 0.1 + 0.2,
        double.Epsilon, double.MaxValue, 1e15, 1e16, 4503599627370496.5, 2.5e-7, 0.3333333333333333,
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void TryWrite_EdgeValues_WritesTheWritersTextOrLeavesItToTheWriter(double value)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxBytes];
        if (DecimalText.TryWrite(value, text, out var written))
            Encoding.UTF8.GetString(text[..written]).Should().Be(Writers(value));
    }

    [Fact]
    public void TryWrite_RoundedAndRandomValues_WritesTheWritersText()
    {
        var random = new Random(21);
        Span<byte> text = stackalloc byte[DecimalText.MaxBytes];
        var quick = 0;
        for (var trial = 0; trial < 300_000; trial++)
        {
            var raw = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-4, 11));
            // Mostly as labels round them (1 to 4 decimals), some not rounded at all.
            var value = trial % 8 == 0 ? raw : Math.Round(raw, random.Next(0, 7));
            if (!DecimalText.TryWrite(value, text, out var written)) continue;
            quick++;
            Encoding.UTF8.GetString(text[..written]).Should().Be(Writers(value), $"{value:R}");
        }
        quick.Should().BeGreaterThan(200_000, "rounded values in range take the quick path");
    }

    [Fact]
    public void Serialize_ALabel_SameBytesAsTheCoreContext()
    {
        var label = new ConsolidatedLabel(
            new ImageSize(640, 480),
            [
                new ConsolidatedInstance("person",
                    [
                        new ConsolidatedKeypoint("nose", 320.5, 100, 0.93, 3, true),
                        new ConsolidatedKeypoint("left_eye", -0.0, 1e-7, null, 1),
                        new ConsolidatedKeypoint("right_eye", 1e21, 0.1 + 0.2, 0, 2, false),
                    ],
                    new BoundingBox(1.5, 2, 300.1, 400), 0.812, 0.75, ["far apart"], "front"),
            ],
            true, ["low agreement"],
            [new WorkerSummary("w1", 0.9, false, true, null, 12.345678912, 2), new WorkerSummary("w2", null, true, null,
                true, 7)],
            new ConsolidationInfo("test", 2, "coco17"), ["a note"], 0.0421);

        JsonSerializer.Serialize(label, LabelJsonContext.Default.ConsolidatedLabel)
            .Should().Be(JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel));
    }
}
