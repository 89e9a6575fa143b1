using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.PreAnnotation;

/// <summary>
/// The pre-annotation function. Managed runtime handler:
/// <c>GtCustomPose.PreAnnotation::GtCustomPose.PreAnnotation.Function::FunctionHandler</c>.
/// </summary>
public sealed class Function
{
    private readonly PreAnnotationSettings _settings;

    /// <summary>Configured from the process environment; Lambda calls this once per execution environment.</summary>
    /// <exception cref="SettingException">A setting is invalid (<see cref="PreAnnotationEnvironment"/>).</exception>
    public Function() : this(PreAnnotationEnvironment.Read(FunctionEnvironment.Process))
    {
    }

    /// <summary>Configured explicitly (tests, the CLI).</summary>
    public Function(PreAnnotationSettings settings) => _settings = settings;

    /// <summary>Maps one pre-annotation event to <c>{"taskInput", "isHumanAnnotationRequired"}</c>.</summary>
    /// <exception cref="DataObjectException">
    /// The data object is unusable; Ground Truth shows the message as its failure reason.
    /// </exception>
    public async Task<Stream> FunctionHandler(Stream input)
    {
        JsonDocument request;
        // The event is already in memory (a MemoryStream from the runtime): a synchronous parse skips the async
        // machinery's start-up cost.
        try
        {
            request = input is MemoryStream
                ? JsonDocument.Parse(input)
                : await JsonDocument.ParseAsync(input).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new DataObjectException($"the pre-annotation event is not valid JSON: {e.Message}");
        }
        using (request)
        {
            var response = PreAnnotationMapper.Map(request.RootElement, _settings);
            var output = new MemoryStream();
            // Through a writer, not the stream overload: streaming starts on the metadata path, which this context
            // lacks.
            using (var writer = new Utf8JsonWriter(output))
                JsonSerializer.Serialize(writer, response, PreAnnotationJsonContext.Default.PreAnnotationResponse);
            output.Position = 0;
            return output;
        }
    }
}
