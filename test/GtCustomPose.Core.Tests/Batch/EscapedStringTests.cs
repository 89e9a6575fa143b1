using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;

namespace GtCustomPose.Core.Tests.Batch;

/// <summary>
/// The payload reader finds an inline answer's escaped string itself (<see cref="PayloadReader.EscapedStringEnd"/>)
/// and shows the reader letters in its place: it must end each string where <see cref="Utf8JsonReader"/> ends it, and
/// take only strings the reader accepts.
/// </summary>
public sealed class EscapedStringTests
{
    // Runs of backslashes and quotes across the 64-byte blocks, every escape JSON has, control characters, and UTF-8
    // (valid and not).
    private static readonly byte[][] Pieces =
    [
        "a"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "\\\""u8.ToArray(), "\\\\"u8.ToArray(),
        "\\\\\\\""u8.ToArray(), "\\/"u8.ToArray(), "\\n"u8.ToArray(), "\\t"u8.ToArray(), "\\b"u8.ToArray(),
        "\\u00e9"u8.ToArray(), "\\x"u8.ToArray(), "\\u"u8.ToArray(), "é"u8.ToArray(), [0xFF], [0x01], [0x1F],
        "0123456789"u8.ToArray(), "{\\\"label\\\":\\\"nose\\\",\\\"x\\\":12.5}"u8.ToArray(),
    ];

    private static byte[] RandomText(Random random)
    {
        var text = new List<byte>();
        var pieces = random.Next(0, 60);
        for (var i = 0; i < pieces; i++)
        {
            // Mostly ordinary escaped text, so many strings are whole and valid.
            var piece = random.Next(4) == 0
                ? Pieces[random.Next(Pieces.Length)]
                : Pieces[random.Next(2) == 0 ? 18 : 17];
            text.AddRange(piece);
        }
        if (random.Next(8) != 0) text.Add((byte)'"');
        text.AddRange("}, {\"x\": 1}"u8.ToArray());
        return [.. text];
    }

    [Fact]
    public void EscapedStringEnd_RandomStrings_EndsWhereTheReaderEndsOrDeclines()
    {
        var random = new Random(20261207);
        int taken = 0, declined = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomText(random);
            var quoted = new byte[text.Length + 1];
            quoted[0] = (byte)'"';
            text.CopyTo(quoted, 1);
            int? readerEnd = null;
            var escaped = false;
            try
            {
                var reader = new Utf8JsonReader(quoted, isFinalBlock: false, default);
                if (reader.Read())
                {
                    readerEnd = (int)reader.BytesConsumed - 2;
                    escaped = reader.ValueIsEscaped;
                }
            }
            catch (JsonException)
            {
                readerEnd = null;
            }

            var end = PayloadReader.EscapedStringEnd(text);

            var shown = Encoding.UTF8.GetString(text);
            if (end >= 0)
            {
                readerEnd.Should().Be(end, shown);
                escaped.Should().BeTrue(shown);
                taken++;
            }
            else
            {
                // Whatever the reader reads as an escaped string without a \u in it must be taken.
                var mustTake = readerEnd is { } e && escaped && text.AsSpan(0, e).IndexOf("\\u"u8) < 0;
                mustTake.Should().BeFalse(shown);
                declined++;
            }
        }
        taken.Should().BeGreaterThan(2000);
        declined.Should().BeGreaterThan(2000);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(61)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_KeepEscaped_AnyReadSize_TakesEachStringAsThePayloadHasIt(int chunk)
    {
        // Strings of every length around the 64-byte blocks, so backslash runs cross them.
        var contents = Enumerable.Range(0, 140).Select(n =>
            "{\\\"updated_annotations\\\":\\\"" + string.Concat(Enumerable.Repeat("\\\\", n % 5)) +
            new string('x', n) + "\\\"}").ToList();
        var payload = "[" + string.Join(",", contents.Select((c, i) =>
            $$$"""{"datasetObjectId": "{{{i}}}", "annotations": [{"workerId": "w", "annotationData":""" +
            $$$""" {"content" :  "{{{c}}}", "after": [1, "\\"]}, "next": "w{{{i}}}"}]}""")) + "]";
        var expected = contents.Select(c => JsonDocument.Parse("\"" + c + "\"").RootElement.GetString()).ToList();

        var items = new List<(string Id, AnswerReference Answer)>();
        await foreach (var e in PayloadReader.ReadAsync(
            new PayloadReaderTests.TrickleStream(Encoding.UTF8.GetBytes(payload), chunk), keepEscaped: true))
            items.Add((e.Object!.DatasetObjectId, e.Object.Answers.Single()));

        items.Select(i => i.Id).Should().Equal(Enumerable.Range(0, contents.Count).Select(i => $"{i}"));
        for (var i = 0; i < items.Count; i++)
        {
            var raw = Encoding.UTF8.GetString(items[i].Answer.Content!.Value.Span);
            if (items[i].Answer.EscapedContent is null) raw.Should().Be(expected[i], "an unescaped string");
            else raw.Should().Be(contents[i], "the string as the payload escapes it");
        }
        items.Count(i => i.Answer.EscapedContent is not null).Should().BeGreaterThan(100);
    }
}
