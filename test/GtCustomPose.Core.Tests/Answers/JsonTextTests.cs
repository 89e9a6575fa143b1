using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Answers;

public class JsonTextTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData(@"[{\""name\"": \""a\""}]")]
    [InlineData(@"\\\"" \/ \b\f\n\r\t end\\")]
    [InlineData(@"\""")]
    [InlineData("")]
    public void UnescapeValidated_OneLetterEscapes_EqualsTheReadersCopy(string inside)
    {
        var quoted = System.Text.Encoding.UTF8.GetBytes($"\"{inside}\"");
        var reader = new System.Text.Json.Utf8JsonReader(quoted);
        reader.Read();
        var expected = new byte[quoted.Length];
        var length = reader.CopyString(expected);

        var actual = new byte[quoted.Length];
        JsonText.UnescapeValidated(quoted.AsSpan(1, quoted.Length - 2), actual).Should().Be(length);
        actual.AsSpan(0, length).ToArray().Should().Equal(expected.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void UnescapeValidated_UnicodeEscape_LeavesItToTheFramework()
    {
        JsonText.UnescapeValidated("""a\"b\u00e9"""u8, new byte[16]).Should().Be(-1);
    }
}
