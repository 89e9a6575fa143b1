using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Simulation;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// Simulated workers answering each task: around the line's known truth (the sample's <c>gtpose-truth</c>), else its
/// initial values (pre-labels or the chained label), else a random figure; on the image's real size.
/// </summary>
internal sealed class SimulatedAnswers(JobOptions options)
{
    /// <summary>Where the canvas of a line without an image comes from: nowhere, so a stated default.</summary>
    public static readonly ImageSize NoImageSize = new(1280, 720);

    /// <summary>The size the line itself states: its truth's, else the chained label's; null when only the image can
    /// tell.</summary>
    public ImageSize? KnownSize(JsonElement line)
    {
        if (SampleData.Truth(line, options.Rig) is { Size: { } size }) return size;
        return options.ChainedLabelAttribute is { } chained && line.TryGetProperty(chained, out var label)
            ? SampleData.Size(label) : null;
    }

    /// <summary>Answers by object; <paramref name="sizes"/> holds the image sizes read from the store.</summary>
    public Dictionary<int, List<(string Worker, string Content)>> Answers(List<JobTask> tasks, IReadOnlyDictionary<int,
        ImageSize> sizes)
    {
        var simulator = new WorkerSimulator(options.Rig,
            new SimulationSettings { WorkersPerObject = options.SimulateWorkers }, options.Seed);
        var result = new Dictionary<int, List<(string, string)>>();
        foreach (var (index, line, input) in tasks)
        {
            var size = KnownSize(line) ?? sizes.GetValueOrDefault(index, NoImageSize);
            var instances = SampleData.Truth(line, options.Rig)?.Instances ?? FromInitialValues(input)
                ?? [simulator.RandomFigure(size)];
            var uri = line.TryGetProperty("source-ref", out var s) ? s.GetString()! : "inline";
            result[index] = simulator.Answers(instances, size, uri).Select(a => (a.WorkerId, a.Content)).ToList();
        }
        return result;
    }

    private List<TruthInstance>? FromInitialValues(JsonElement input)
    {
        var instances = InstanceReader.Read(input.GetProperty("initial_values"), options.Rig, "initial_values", []);
        return instances is { Count: > 0 } ? SampleData.ToTruth(instances, options.Rig) : null;
    }
}
