using System.Text;
using System.Text.Json;

namespace GtCustomPose.LambdaRuntime.Tests;

public class ErrorResponseTests
{
    [Fact]
    public void From_Exception_TypeNameAndMessage() =>
        ErrorResponse.From(new InvalidDataException("bad"))
            .Should().Be(new ErrorResponse("InvalidDataException", "bad"));

    [Fact]
    public void ToUtf8Json_Message_QuotesReadAsWrittenAndTheJsonRoundTrips()
    {
        var error = new ErrorResponse("DataObjectException", "line 3: 'source-ref' is \"x\"\n<é>");
        var json = Encoding.UTF8.GetString(error.ToUtf8Json());

        json.Should().Contain("'source-ref'").And.Contain("<é>").And.NotContain("\\u0027");
        using var parsed = JsonDocument.Parse(json);
        parsed.RootElement.GetProperty("errorType").GetString().Should().Be(error.ErrorType);
        parsed.RootElement.GetProperty("errorMessage").GetString().Should().Be(error.ErrorMessage);
    }
}
