using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Checks an augmented manifest before a SageMaker training job reads it with <c>AttributeNames</c>: every line has
/// every
/// attribute, <c>-ref</c> attributes hold s3:// URIs, and keypoint labels parse against the rig.
/// </summary>
public static class ManifestChecker
{
    /// <summary>One problem per bad line and attribute, each naming the line number; empty when the manifest is
    /// fine.</summary>
    public static List<string> Check(
        IEnumerable<ManifestLine> lines, IReadOnlyList<string> attributeNames, Rig rig, out int checkedLines)
    {
        var problems = new List<string>();
        checkedLines = 0;
        foreach (var line in lines)
        {
            checkedLines++;
            if (line.Value is not { } value) { problems.Add(line.Problem!); continue; }
            foreach (var name in attributeNames)
            {
                if (!value.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    problems.Add($"line {line.Number}: attribute '{name}' is missing");
                    continue;
                }
                if (name.EndsWith("-ref", StringComparison.Ordinal))
                {
                    if (v.ValueKind != JsonValueKind.String || !S3Uri.TryParse(v.GetString(), out _))
                        problems.Add(
                            $"line {line.Number}: '{name}' is {InstanceReader.Shorten(v.GetRawText())}, expected an " +
                            $"s3:// URI");
                    continue;
                }
                if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("instances", out _))
                {
                    var labelProblems = new List<string>();
                    if (InstanceReader.Read(v, rig, name, labelProblems) is null) problems.Add(
                        $"line {line.Number}: '{name}' is not a keypoint label");
                    problems.AddRange(labelProblems.Select(p => $"line {line.Number}: {p}"));
                }
            }
        }
        return problems;
    }
}
