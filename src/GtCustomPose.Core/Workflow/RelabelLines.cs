using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// Turns routed lines (<see cref="AuditRouter"/>) into a re-label job's manifest: the object and its link to level 1
/// stay (<c>source-ref</c>, pass-through keys, <c>gtpose-audit</c> with its <c>line</c>), while everything a worker
/// could copy goes (the level-1 label and its metadata, <c>annotations</c> pre-labels), and the hint's mode says
/// <see cref="AuditHint.RelabelMode"/> so pre-annotation shows no initial values either way.
/// </summary>
public static class RelabelLines
{
    /// <summary>
    /// Routes <paramref name="level1"/> for a re-label job: <see cref="AuditRouter"/>'s choice without a QA sample
    /// (there is no auditor to check one), each chosen line written as a re-label line.
    /// </summary>
    public static async Task<RouteSummary> RouteAsync(
        TextReader level1, TextWriter relabel, RouteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await WriteAsync(AuditRouter.Hold(level1, options, cancellationToken), relabel, options,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="RouteAsync"/>, from lines already held (<see cref="AuditRouter.Hold"/>).</summary>
    internal static async Task<RouteSummary> WriteAsync(
        HeldLines held, TextWriter relabel, RouteOptions options, CancellationToken cancellationToken)
    {
        using var routed = new StringWriter();
        var summary = await AuditRouter.WriteAsync(held, routed, options with { SampleRate = 0 }, cancellationToken)
            .ConfigureAwait(false);
        await WriteAsync(new StringReader(routed.ToString()), relabel, options.LabelAttribute, cancellationToken)
            .ConfigureAwait(false);
        return summary;
    }

    /// <summary>Copies every routed line of <paramref name="routed"/> to <paramref name="relabel"/>, in order.
    /// </summary>
    /// <param name="routed">Route's output, JSON Lines.</param>
    /// <param name="relabel">Receives the re-label manifest, JSON Lines.</param>
    /// <param name="labelAttribute">The level-1 label attribute, left out with its metadata.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Lines written.</returns>
    /// <exception cref="FormatException">A line is not a routed line (no <c>gtpose-audit</c>): the message names
    /// it.</exception>
    public static async Task<int> WriteAsync(
        TextReader routed, TextWriter relabel, string labelAttribute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relabel);
        var written = 0;
        foreach (var line in ManifestLine.Read(routed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var value = line.Value ?? throw new FormatException($"routed manifest {line.Problem}");
            var hint = WorkflowLine.Hint(value) ?? throw new FormatException(
                $"routed manifest line {line.Number}: no '{AuditHint.Key}' object (not written by route)");
            var relabelHint = hint with { Mode = AuditHint.RelabelMode, Doubtful = [] };
            await relabel.WriteLineAsync(Line(value, relabelHint, labelAttribute))
                .ConfigureAwait(false);
            written++;
        }
        return written;
    }

    private static string Line(JsonElement line, AuditHint hint, string labelAttribute)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in line.EnumerateObject())
                if (!p.NameEquals(AuditHint.Key) && !p.NameEquals(labelAttribute)
                    && !p.NameEquals(LabelAttributes.Metadata(labelAttribute)) && !p.NameEquals("annotations"))
                    p.WriteTo(w);
            w.WritePropertyName(AuditHint.Key);
            JsonSerializer.Serialize(w, hint, WorkflowJsonContext.Default.AuditHint);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
