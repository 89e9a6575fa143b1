using System.Text.Json;
using System.Text.Json.Serialization;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;

namespace GtCustomPose.Core;

/// <summary>
/// Source-generated JSON metadata for every contract type (trim- and Native-AOT-safe). Labels and task inputs use
/// snake_case names; Ground Truth's own envelope fields keep their documented camelCase names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(PreAnnotationResponse))]
[JsonSerializable(typeof(PostAnnotationRequest))]
[JsonSerializable(typeof(ConsolidatedLabel))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
