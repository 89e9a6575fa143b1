using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;

namespace GtCustomPose.Core.Tests.Batch;

public sealed class PayloadReaderTests
{
    private static async Task<List<(DataObjectAnswers? Item, string? Problem, int Index)>> Read(
        string payload,
        int chunk = int.MaxValue)
    {
        var result = new List<(DataObjectAnswers?, string?, int)>();
        await foreach (var e in PayloadReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(payload), chunk)))
        {
            (e.Object is null).Should().Be(e.Failure is not null, "an element is an object or a failure, never both");
            e.Failure?.Index.Should().Be(e.Index);
            result.Add((e.Object, e.Failure?.Reason, e.Index));
        }
        return result;
    }

    private static string Text(AnswerReference a) => Encoding.UTF8.GetString(a.Content!.Value.Span);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_AnyReadSize_YieldsTheSameObjectsAndUnescapedContent(int chunk)
    {
        var answer = """{"updated_annotations":"[{\"name\":\"é \\\"a\\\"\"}]"}""";
        var payload = "[" + string.Join(",", Enumerable.Range(0, 5).Select(i =>
            $$$"""{"datasetObjectId": "{{{i}}}", "dataObject": {"s3Uri": "s3://b/{{{i}}}.png"},""" +
            $$$""" "annotations": [{"workerId": "w{{{i}}}",""" +
            $$$""" "annotationData": {"content": {{{JsonSerializer.Serialize(answer)}}}}}]}""")) + "]";

        var items = await Read(payload, chunk);

        items.Select(i => i.Item!.DatasetObjectId).Should().Equal("0", "1", "2", "3", "4");
        items.Should().OnlyContain(i => i.Problem == null);
        items.Select(i => Text(i.Item!.Answers.Single())).Should().AllBe(answer);
        items.Select(i => i.Item!.Answers.Single().WorkerId).Should().Equal("w0", "w1", "w2", "w3", "w4");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public async Task ReadAsync_ByteOrderMark_IsSkipped(int chunk)
    {
        var items = await Read("\uFEFF[{\"datasetObjectId\": \"a\", \"annotations\": []}]", chunk);
        items.Single().Item!.DatasetObjectId.Should().Be("a");
    }

    [Fact]
    public async Task ReadAsync_ElementLargerThanTheBuffer_IsReadWhole()
    {
        var big = new string('x', 3 << 20);
        var payload =
            """[{"datasetObjectId": "a", "annotations": [{"workerId": "w",""" +
            $$$""" "annotationData": {"content": "{\"pad\": \"{{{big}}}\"}"}}]},""" +
            """ {"datasetObjectId": "b", "annotations": []}]""";

        var items = await Read(payload, 100_000);

        items.Select(i => i.Item!.DatasetObjectId).Should().Equal("a", "b");
        Text(items[0].Item!.Answers.Single()).Should().HaveLength(big.Length + 11);
    }

    [Fact]
    public async Task ReadAsync_FieldsInAnyOrder_ObjectContentAndStoredAnswers_AreRead()
    {
        var payload = """
            [{"annotations": [{"annotationData": {"s3Uri": "s3://b/k", "content": null}, "workerId": "w1"},
                              {"workerId": "w2", "annotationData": {"content": {"a": [1, 2]}}}],
              "datasetObjectId": 17}]
            """;

        var item = (await Read(payload)).Single().Item!;

        item.DatasetObjectId.Should().Be("17");
        item.Answers[0].Should().Be(new AnswerReference("w1", null, "s3://b/k", null));
        Text(item.Answers[1]).Should().Be("""{"a": [1, 2]}""");
    }

    [Fact]
    public async Task ReadAsync_MalformedElements_BecomeProblemsNamingObjectAndField()
    {
        var payload = """
            [5, {"annotations": []}, {"datasetObjectId": {"x": 1}}, {"datasetObjectId": "n"},
             {"datasetObjectId": "m", "annotations": [3, {"workerId": "w"},
            """ + """
             {"annotationData": {"content": 4}}, {"annotationData": {}}]}]
            """;

        var items = await Read(payload);

        items.Select(i => i.Problem).Take(4).Should().Equal(
            "payload[0] is a JSON Number, expected an object",
            "payload[1] has no datasetObjectId",
            """payload[2].datasetObjectId is {"x": 1}, expected a string""",
            "data object n: 'annotations' is missing or not an array");
        items.Take(4).Select(i => i.Item).Should().AllBeEquivalentTo((DataObjectAnswers?)null);
        (await PayloadReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(payload))).ToListAsync())
            .Take(4).Select(e => e.Failure!.DatasetObjectId).Should().Equal(null, null, null, "n");
        items[4].Item!.Answers.Select(a => (a.WorkerId, a.Problem)).Should().Equal(
            ("(answer 0)", "data object m, annotations[0] is not an object"),
            ("w", "data object m, annotations[1].annotationData is missing or not an object"),
            ("(answer 2)", "data object m, annotations[2].annotationData.content is a JSON Number, expected a string"),
            ("(answer 3)", "data object m, annotations[3].annotationData has neither 'content' nor 's3Uri'"));
    }

    [Fact]
    public async Task ReadAsync_HalfSurrogateEscapes_MakeThatValueUnusableNotTheBatch()
    {
        var payload = """
            [{"datasetObjectId": "\ud800", "annotations": []},
             {"datasetObjectId": "b", "annotations": [{"workerId": "\udc00",
            """ + """
             "annotationData": {"content": "{\"x\": \"\ud800\"}"}},
                                                      {"workerId": "w", "annotationData": {"s3Uri": "s3://b/\ud800"}}]}]
            """;

        var items = await Read(payload);

        items[0].Problem.Should().StartWith("payload[0].datasetObjectId is");
        items[1].Item!.Answers.Select(a => (a.WorkerId, a.Problem)).Should().Equal(
            ("(answer 0)",
                "data object b, annotations[0].annotationData.content escapes half a UTF-16 surrogate pair, " +
                "which is not text"),
            ("w", "data object b, annotations[1].annotationData has neither 'content' nor 's3Uri'"));
    }

    [Fact]
    public async Task ReadAsync_TooManyAnswers_KeepsTheFirstAndReportsTheRest()
    {
        var answers = string.Join(
            ",",
            Enumerable.Range(0, 40).Select(i =>
                $$$"""{"workerId": "w{{{i}}}", "annotationData": {"content": "{}"}}"""));

        var item = (await Read($$"""[{"datasetObjectId": "a", "annotations": [{{answers}}]}]""")).Single().Item!;

        item.Answers.Should().HaveCount(PayloadReader.MaxAnswersPerObject + 1);
        item.Answers[^1].Problem.Should().Be("data object a: 40 answers, only the first 32 are used");
    }

    [Theory]
    [InlineData("[{\"datasetObjectId\": \"a\", \"annotations\": [] ")]
    [InlineData("[] []")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task ReadAsync_NotOneCompleteArray_Throws(string payload)
    {
        var act = () => Read(payload, 3);
        await act.Should().ThrowAsync<JsonException>();
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    internal sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
