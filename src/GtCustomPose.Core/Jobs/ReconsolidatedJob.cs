using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>A re-consolidated job's manifest (the whole-job step, or the shards assembled).</summary>
/// <param name="OutputManifestS3Uri">Every manifest line, in order, with its label.</param>
/// <param name="FailuresS3Uri">Each line without a label and why.</param>
/// <param name="Objects">Lines written.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label.</param>
public sealed record ReconsolidatedJob(
    [property: JsonPropertyName("outputManifestS3Uri")] string OutputManifestS3Uri,
    [property: JsonPropertyName("failuresS3Uri")] string FailuresS3Uri,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("flagged")] int Flagged,
    [property: JsonPropertyName("noLabel")] int NoLabel);
