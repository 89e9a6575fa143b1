using System.Text.Json.Serialization;
using GtCustomPose.Core.Pre;

namespace GtCustomPose.PreAnnotation;

/// <summary>
/// The function's own JSON context: it only writes its response, so it is generated for serialization alone. That
/// writes through generated code without building property metadata first, which is most of the first call's cost
/// with the shared <see cref="GtCustomPose.Core.CoreJsonContext"/> (docs/performance.md). Same names as Core's.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PreAnnotationResponse))]
internal sealed partial class PreAnnotationJsonContext : JsonSerializerContext;
