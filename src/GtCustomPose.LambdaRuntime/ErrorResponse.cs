using System.Text.Encodings.Web;
using System.Text.Json;

namespace GtCustomPose.LambdaRuntime;

/// <summary>The error body the Lambda Runtime API (and <c>gtpose invoke</c>) reports for a failed invocation.</summary>
/// <param name="ErrorType">The exception's type name, e.g. <c>DataObjectException</c>.</param>
/// <param name="ErrorMessage">The exception's message; never a stack trace.</param>
public sealed record ErrorResponse(string ErrorType, string ErrorMessage)
{
    // Relaxed: a message naming 'a field' reads as written, not as \u0027; quotes and control characters are escaped.
    private static readonly JsonWriterOptions WriterOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The error Lambda shows for <paramref name="error"/>: its type name and message.</summary>
    public static ErrorResponse From(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.GetType().Name, error.Message);
    }

    /// <summary><c>{"errorType": …, "errorMessage": …}</c> as UTF-8 JSON.</summary>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", ErrorType);
            writer.WriteString("errorMessage", ErrorMessage);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
