using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Consolidation;

/// <summary>Source-generated JSON of <see cref="EstimatorState"/> (trim- and AOT-safe), compact.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EstimatorState))]
internal sealed partial class EstimatorStateJsonContext : JsonSerializerContext;
