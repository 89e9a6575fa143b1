using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

/// <summary>The pre-annotation Lambda's response: <c>{"taskInput": ..., "isHumanAnnotationRequired":
/// true}</c>.</summary>
public sealed record PreAnnotationResponse(
    [property: JsonPropertyName("taskInput")] TaskInput TaskInput,
    [property: JsonPropertyName("isHumanAnnotationRequired")] bool IsHumanAnnotationRequired);
