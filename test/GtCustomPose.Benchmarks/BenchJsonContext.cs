using System.Text.Json.Serialization;

namespace GtCustomPose.Cli;

[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
