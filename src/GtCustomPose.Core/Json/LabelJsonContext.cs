using System.Text.Json;
using System.Text.Json.Serialization;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core;

/// <summary>
/// Labels as the post-annotation response writes them: <see cref="CoreJsonContext"/>'s names and rules, the same
/// bytes, with doubles written by <see cref="DecimalDoubleConverter"/>. The shortest-text formatting of a double was a
/// third of writing the largest batch's response; a converter costs the generated fast path, so it is kept out of the
/// context the other functions use.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DecimalDoubleConverter)])]
[JsonSerializable(typeof(ConsolidatedLabel))]
internal sealed partial class LabelJsonContext : JsonSerializerContext;
