using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Workflow;

/// <summary>Reading events and manifests, writing manifests and responses, for the workflow functions.</summary>
internal static class S3Text
{
    public static async Task<T> ReadEventAsync<T>(Stream input, JsonTypeInfo<T> type, string function)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(input, type).ConfigureAwait(false)
                ?? throw new WorkflowException($"{function}: the event is null");
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{function}: the event is not valid: {e.Message}", e);
        }
    }

    public static S3Uri Uri(string? value, string field, string function) =>
        S3Uri.TryParse(value, out var uri)
            ? uri
            : throw new WorkflowException(
                $"{function}: '{field}' is '{value ?? "(missing)"}', expected an s3://bucket/key URI");

    public static async Task<StreamReader> OpenAsync(
        IObjectStore store, S3Uri uri, string function, CancellationToken cancellationToken)
    {
        try
        {
            return new StreamReader(
                await store.OpenReadAsync(uri, cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        }
        catch (ObjectStoreException e) { throw new WorkflowException($"{function}: cannot read {e.Message}", e); }
    }

    /// <summary>A text writer over a buffer that <see cref="WriteAsync"/> then stores as one object.</summary>
    public static (MemoryStream Buffer, StreamWriter Writer) Buffer()
    {
        var buffer = new MemoryStream();
        return (buffer, new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" });
    }

    public static async Task WriteAsync(
        IObjectStore store,
        S3Uri uri,
        MemoryStream buffer,
        string contentType,
        string function,
        CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(
                uri, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), contentType, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ObjectStoreException e) { throw new WorkflowException($"{function}: cannot write {e.Message}", e); }
    }

    public static Stream Response<T>(T value, JsonTypeInfo<T> type)
    {
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output)) JsonSerializer.Serialize(writer, value, type);
        output.Position = 0;
        return output;
    }
}
