using System.Globalization;
using System.Text.Json;
using GtCustomPose.Cli.Tests.Templates;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>
/// The review page laid out in Debian's chromium (test/browser/review-page.mjs): columns that fill the window, reasons
/// in words with their codes, tags that stay inside their card and their image.
/// </summary>
public sealed class ReviewPageLayoutTests : IDisposable
{
    private const string Hostile = "</script><script>window.pwned=1</script><b data-injected=1>'\"&";
    private static readonly string LongCode = "reason_without_words_" + new string('x', 90) + Hostile;
    private const string LongName = "a_person_whose_name_is_long_enough_to_reach_past_the_right_edge_of_the_image";
    private static readonly JsonSerializerOptions Plain =
        new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private readonly StaticServer _server = new();

    /// <summary>A skeleton of every COCO keypoint inside the box [x0, x1] × [y0, y1].</summary>
    private static string Points(double x0, double y0, double x1, double y1) => string.Join(",",
        Rig.Coco17.Keypoints.Select((k, i) => string.Create(CultureInfo.InvariantCulture,
            $"{{\"label\":\"{k.Label}\",\"x\":{x0 + (x1 - x0) * (i % 3) / 2},\"y\":{y0 + (y1 - y0) * i / 16}}}")));

    private static ReviewItem Item(int line, string instances, string[] reasons, string[] notes) => new(
        line,
        JsonDocument.Parse($$"""
            {"image_size":{"width":640,"height":480},"instances":[{{instances}}],
             "needs_review":{{(reasons.Length > 0 ? "true" : "false")}},
             "review_reasons":{{Json(reasons)}},"notes":{{Json(notes)}}}
            """).RootElement.Clone(),
        $"s3://b/images/{line:00000}.png",
        null,
        []);

    private static string Instance(string name, string points, params string[] reasons) =>
        $"{{\"name\":{Json(name)},\"keypoints\":[{points}],\"agreement\":0.5,\"confidence\":0.6," +
        $"\"review_reasons\":{Json(reasons)}}}";

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, Plain);

    [Fact]
    public async Task ReviewPage_Window1400_ColumnsFillItReasonsInWordsAndTagsInside()
    {
        var items = new List<ReviewItem>
        {
            // At the top-left corner: the tag cannot go above the box or left of it.
            Item(1, Instance("person_1", Points(0, 0, 60, 200), "low_agreement"), ["low_agreement", LongCode], []),
            // At the right edge, with a name and reasons wider than a tag drawn from the box's left has room for.
            Item(2, Instance(LongName, Points(560, 100, 639, 470), "low_confidence", "left_right_contradicts_face"),
                ["low_confidence", "left_right_contradicts_face"], []),
        };
        for (var n = 3; n <= 7; n++)
            items.Add(Item(n, Instance("person_1", Points(200, 100, 400, 400)), [], ["left_right_swap_corrected"]));
        _server.Add("/review.html", ReviewPage.Build(items, Rig.Coco17, "Review " + Hostile));
        var shots = Repo.PathOf("artifacts", "screenshots");
        Directory.CreateDirectory(shots);

        var page = await BrowserScript.RunAsync(
            "review-page.mjs", "review layout", _server.Url("/review.html"), "1400", "900",
            Path.Combine(shots, "review-page-1400.png"));

        page.GetProperty("errors").GetArrayLength().Should().Be(0, page.ToString());
        page.GetProperty("injected").GetBoolean().Should().BeFalse("codes, names and the title are shown as text");
        page.Number("scrollWidth").Should().BeLessThanOrEqualTo(page.Number("clientWidth"), "no sideways scrolling");
        var container = page.GetProperty("container");
        var cards = page.GetProperty("items").EnumerateArray().ToList();
        cards.Should().HaveCount(7);
        var firstRow = cards.Where(c => c.GetProperty("box").Number("top") == cards[0].GetProperty("box").Number("top"))
            .ToList();
        firstRow.Should().HaveCount(3, "a 1,400 px window holds three cards side by side");
        (firstRow.Max(c => c.GetProperty("box").Number("right")) - container.Number("left"))
            .Should().BeGreaterThan(container.Number("width") - 1, "the cards share the whole width between them");

        foreach (var card in cards)
        {
            var box = card.GetProperty("box");
            foreach (var chip in card.GetProperty("chips").EnumerateArray())
            {
                chip.GetProperty("box").Number("left").Should().BeGreaterThanOrEqualTo(box.Number("left"));
                chip.GetProperty("box").Number("right").Should()
                    .BeLessThanOrEqualTo(box.Number("right"), "a tag wraps inside its card: " + chip);
            }
            var canvas = card.GetProperty("canvas");
            var (width, height) = (canvas.Number("width"), canvas.Number("height"));
            foreach (var tag in card.GetProperty("tags").EnumerateArray())
            {
                tag.Number("x").Should().BeGreaterThanOrEqualTo(0, "tag " + tag);
                tag.Number("y").Should().BeGreaterThanOrEqualTo(0, "tag " + tag);
                (tag.Number("x") + tag.Number("w")).Should().BeLessThanOrEqualTo(width, "tag " + tag);
                (tag.Number("y") + tag.Number("h")).Should().BeLessThanOrEqualTo(height, "tag " + tag);
            }
        }

        var chips = cards[0].GetProperty("chips").EnumerateArray().ToList();
        chips[0].GetProperty("text").GetString().Should().Be(ReasonWords.Of("low_agreement") + "low_agreement");
        chips[0].GetProperty("code").GetString().Should().Be("low_agreement", "the code stays as the tag's tooltip");
        chips[1].GetProperty("text").GetString().Should().Be(LongCode, "an unknown code is shown as it is, as text");
        cards[2].GetProperty("chips")[0].GetProperty("text").GetString().Should()
            .Be(ReasonWords.Of("left_right_swap_corrected") + "left_right_swap_corrected");
        cards[0].GetProperty("tags")[0].GetProperty("lines")[0].GetString().Should()
            .Be("person_1: " + ReasonWords.Of("low_agreement"));
        var wrapped = cards[1].GetProperty("tags")[0].GetProperty("lines").EnumerateArray()
            .Select(l => l.GetString()!).ToList();
        wrapped.Should().HaveCountGreaterThan(1, "a tag wider than the image wraps");
        string.Join(" ", wrapped).Should().Contain(ReasonWords.Of("low_confidence"));
        cards[1].GetProperty("instances")[0].GetString().Should()
            .Contain(ReasonWords.Of("low_confidence") + "; " + ReasonWords.Of("left_right_contradicts_face"));
        page.GetProperty("options").EnumerateArray().Select(o => o.GetString()).Should()
            .Contain(ReasonWords.Of("low_agreement") + " — low_agreement (1)");
    }

    public void Dispose() => _server.Dispose();
}
