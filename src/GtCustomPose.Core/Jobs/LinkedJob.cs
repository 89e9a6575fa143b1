using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A second-level job (a re-label job: more workers on some level-1 objects, answering without initial values) whose
/// answers are pooled with level 1's. Its objects are joined to level 1's through the link route writes on each
/// routed line (<c>gtpose-audit.line</c>, the 1-based level-1 line), never through the jobs' own object ids.
/// </summary>
/// <param name="JobName">The job's name, as messages and the pooled answers' metadata name it.</param>
/// <param name="Responses">The job's stored responses, under its own object ids.</param>
/// <param name="Links">Level-1 object id (0-based level-1 line) → this job's object id (0-based line of its
/// manifest).</param>
public sealed record LinkedJob(string JobName, IResponseSource Responses, IReadOnlyDictionary<string, string> Links)
{
    /// <summary>
    /// Reads the links from the job's manifest (its input manifest, or its output manifest, which keeps every line in
    /// order: line i is object i).
    /// </summary>
    /// <param name="jobName">The job, as errors name it.</param>
    /// <param name="manifest">The job's manifest, UTF-8 JSON Lines.</param>
    /// <param name="level1LabelAttribute">The label attribute level 1 writes: route wrote it into each link.</param>
    /// <param name="rig">The rig level 1 uses; a label on a line that names another rig is an error.</param>
    /// <exception cref="JobLinkException">A line without a link, a link to another label attribute, another rig, or
    /// two lines linked to one level-1 line: the message names the job, the line and the field.</exception>
    public static Dictionary<string, string> ReadLinks(
        string jobName, TextReader manifest, string level1LabelAttribute, Rig rig)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(rig);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in ManifestLine.Read(manifest))
        {
            var position = line.Number - 1;
            var where = $"job '{jobName}', manifest line {line.Number}";
            if (line.Value is not { } value) throw new JobLinkException($"{where}: {line.Problem}");
            var hint = WorkflowLine.Hint(value)
                ?? throw new JobLinkException(
                    $"{where}: no '{AuditHint.Key}' object with the level-1 'line' (written by gtpose workflow route)");
            if (hint.Line is not ({ } target and >= 1))
                throw new JobLinkException($"{where}: '{AuditHint.Key}.line' is missing or not a positive number");
            if (!string.Equals(hint.LabelAttribute, level1LabelAttribute, StringComparison.Ordinal))
                throw new JobLinkException(
                    $"{where}: '{AuditHint.Key}.label_attribute' is '{hint.LabelAttribute}', but level 1 writes " +
                    $"'{level1LabelAttribute}'");
            CheckRig(value, rig, where);
            var level1 = (target - 1).ToString(CultureInfo.InvariantCulture);
            if (!links.TryAdd(level1, position.ToString(CultureInfo.InvariantCulture)))
                throw new JobLinkException(
                    $"{where}: '{AuditHint.Key}.line' {target} is linked by line {int.Parse(links[level1],
                        CultureInfo.InvariantCulture) + 1} too");
        }
        return links;
    }

    // A line of the job's output manifest carries the job's own label, which records the rig it was made with.
    private static void CheckRig(JsonElement line, Rig rig, string where)
    {
        foreach (var p in line.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object
                || !p.Value.TryGetProperty("consolidation", out var c)
                || c.ValueKind != JsonValueKind.Object
                || !c.TryGetProperty("rig", out var r)
                || r.ValueKind != JsonValueKind.String) continue;
            if (!string.Equals(r.GetString(), rig.Name, StringComparison.Ordinal))
                throw new JobLinkException(
                    $"{where}: '{p.Name}.consolidation.rig' is '{r.GetString()}', but level 1 uses rig " +
                    $"'{rig.Name}'; pass the rig both jobs used");
        }
    }
}
