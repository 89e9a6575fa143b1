using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Exports;

/// <summary>Source-generated JSON for the report's <c>--json</c> twin (snake_case, trim-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(JobReportData))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
