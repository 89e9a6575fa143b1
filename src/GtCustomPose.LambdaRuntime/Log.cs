using System.Text;
using System.Text.Json;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// One JSON line per message on standard output (CloudWatch Logs keeps it), with the current request id.
/// Messages carry counts, timings and ids of data objects; never worker answers, worker ids or image URLs.
/// </summary>
public static class Log
{
    private static readonly AsyncLocal<string?> CurrentRequest = new();
    private static readonly Lock Gate = new();

    /// <summary>Request id stamped on messages of the current invocation.</summary>
    public static string? RequestId { get => CurrentRequest.Value; set => CurrentRequest.Value = value; }

    /// <summary>Where lines go; standard output by default.</summary>
    public static TextWriter Output { get; set; } = Console.Out;

    /// <summary>The clock of the lines' timestamps; <see cref="TimeProvider.System"/> by default.</summary>
    public static TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Logs at INFO.</summary>
    public static void Info(string message) => Write("INFO", message);

    /// <summary>Logs at ERROR.</summary>
    public static void Error(string message) => Write("ERROR", message);

    private static void Write(string level, string message)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", Time.GetUtcNow());
            w.WriteString("level", level);
            if (RequestId is { } id) w.WriteString("requestId", id);
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (Gate) Output.WriteLine(line);
    }
}
