using System.Text.Json.Serialization;

namespace GtCustomPose.Cli.Json;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(GtCustomPose.Cli.Jobs.JobSummary))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
