using System.Globalization;
using System.Text;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Tests.Exports;

public sealed class FractionFormatTests
{
    private static string Expected(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Written(double value)
    {
        var buffer = new byte[FractionFormat.MaxBytes];
        FractionFormat.TryWrite(value, buffer, out var written).Should().BeTrue();
        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    [Fact]
    public void TryWrite_RandomFractions_MatchTheCustomFormat()
    {
        var random = new Random(7);
        for (var i = 0; i < 1_000_000; i++)
        {
            // Pixel coordinates with one or two decimals over usual image sizes, raw doubles, and small ones.
            var size = random.Next(1, 8000);
            var value = i % 4 == 0 ? random.NextDouble()
                : i % 4 == 3 ? Math.Pow(10, -8 * random.NextDouble())
                : Math.Round(random.NextDouble() * size, i % 4) / size;
            var written = Written(value);
            if (written != Expected(value)) written.Should().Be(Expected(value), $"for {value:R}");
        }
    }

    [Fact]
    public void TryWrite_ValuesAtAndBesideRoundingTies_MatchTheCustomFormat()
    {
        var random = new Random(11);
        for (var i = 0; i < 200_000; i++)
        {
            var tie = (random.Next(0, 1_000_000) + 0.5) / 1e6;
            var value = tie;
            for (var step = 0; step < 4; step++, value = Math.BitIncrement(value))
                Written(value).Should().Be(Expected(value), $"for {value:R}");
            value = tie;
            for (var step = 0; step < 4; step++, value = Math.BitDecrement(value))
                Written(value).Should().Be(Expected(value), $"for {value:R}");
        }
    }

    [Fact]
    public void TryWrite_WholeAndHalfPixelsOverUsualSizes_MatchTheCustomFormat()
    {
        foreach (var size in new[] { 640, 1080, 1280, 1920, 3840, 4032, 7 })
            for (var half = 0; half <= 2 * size; half++)
                Written(half / 2.0 / size).Should().Be(Expected(half / 2.0 / size), $"for {half / 2.0} / {size}");
    }

    [Fact]
    public void TryWrite_EdgeValues_MatchTheCustomFormat()
    {
        double[] values =
        [
            0.0, -0.0, 1.0, 1e-300, 4.9e-7, 5e-7, 0.9999994, 0.9999995, 0.99999999, 0.25, 0.1234565,
            0.5000152587890625, double.Epsilon, Math.BitDecrement(1.0), double.NaN,
        ];
        foreach (var value in values) Written(value).Should().Be(Expected(value), $"for {value:R}");
    }
}
