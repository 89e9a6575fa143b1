using System.Text.Json.Serialization;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;

namespace GtCustomPose.Core;

/// <summary>The error body the Lambda Runtime API and <c>gtpose invoke</c> report.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage);
