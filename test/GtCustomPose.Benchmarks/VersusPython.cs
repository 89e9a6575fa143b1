using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Cold process to first response, our bootstraps against a Python baseline (python/bootstrap.py: boto3, a
/// pass-through consolidation), in one run under the same Runtime API stand-in: every process pinned to core 0 (as
/// Lambda gives about one vCPU at 1,769 MB), moto_server wherever GTPOSE_MOTO_CPU puts it. Builds take turns run by
/// run, so a drift of the machine's speed touches them alike; the first round warms the disk cache and is not counted.
/// </summary>
internal static class VersusPython
{
    public static async Task<int> Run(string publishRoot, int runs, int objects, int workers, int skeletons)
    {
        using var moto = new MotoServer();
        var file = await LambdaBatch.PutPayloadAsync(moto, objects, workers, skeletons);
        var python = Path.Combine(Repo.Root, "test", "GtCustomPose.Benchmarks", "python", "bootstrap.py");
        // The interpreter itself, not a version manager's shim script in front of it.
        var pythonExe = (await ExternalCommand.RunAsync("python3", "-c", "import sys; print(sys.executable)"))
            .Out.Trim();
        var preEvent =
            """{"version": "2018-10-16",""" +
            """ "labelingJobArn": "arn:aws:sagemaker:us-west-2:111122223333:labeling-job/pose",""" +
            """ "dataObject": {"source-ref": "s3://bucket/images/0001.jpg"}}""";
        var postEvent = LambdaBatch.Event;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"Cold process to first response, pinned to core 0, {runs} runs each after one warm-up round; " +
            $"post-annotation: {objects} objects x {workers} workers x {skeletons} skeletons from moto_server " +
            $"({new FileInfo(file).Length:N0} bytes)"));
        Console.WriteLine();
        Console.WriteLine("| function | build | median | min | max | median / Python's |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var (function, evt, handler) in new[]
        {
            ("pre-annotation", preEvent, "pre"), ("post-annotation", postEvent, "post"),
        })
        {
            var builds = new List<(string Name, ProcessStartInfo Start)>();
            // Every build folder FUNCTION-NAME there is (coldstart.sh writes -aot and -r2r; add others to compare).
            foreach (var dir in Directory.GetDirectories(Path.GetFullPath(publishRoot), $"{function}-*").Order())
            {
                if (!File.Exists(Path.Combine(dir, "bootstrap"))) continue;
                builds.Add((Path.GetFileName(dir)[(function.Length + 1)..],
                    new ProcessStartInfo("taskset", ["-c", "0", Path.Combine(dir, "bootstrap")])
                    {
                        WorkingDirectory = dir,
                    }));
            }
            builds.Add(("python", new ProcessStartInfo("taskset", ["-c", "0", pythonExe, python])));
            var env = new Dictionary<string, string>(moto.Environment) { ["_HANDLER"] = handler };
            var times = builds.ToDictionary(b => b.Name, _ => new List<double>());
            for (var r = 0; r <= runs; r++)
                foreach (var (name, start) in builds)
                {
                    var ms = await Once(start, env, evt, $"{function} {name}");
                    if (r > 0) times[name].Add(ms);
                }
            var pythonMedian = Median(times["python"]);
            foreach (var (name, _) in builds)
            {
                var t = times[name];
                Console.WriteLine(string.Create(c,
                    $"| {function} | {Label(name)} | {Median(t):F1} ms | {t.Min():F1} ms | {t.Max():F1} ms | " +
                    $"{Median(t) / pythonMedian:F2} |"));
            }
        }
        return 0;
    }

    private static async Task<double> Once(
        ProcessStartInfo template, IReadOnlyDictionary<string, string> env, string evt, string what)
    {
        using var api = new FakeRuntimeApi { Timeout = TimeSpan.FromMinutes(5) };
        var id = api.Enqueue(evt);
        var start = new ProcessStartInfo(template.FileName, template.ArgumentList)
        {
            WorkingDirectory = template.WorkingDirectory,
        };
        var started = Stopwatch.GetTimestamp();
        using var process = new FunctionProcess(start, api.Address, env);
        if (!await api.WaitForAsync(id, TimeSpan.FromMinutes(2)) || !api.Arrivals.TryGetValue(id, out var arrived))
            throw new InvalidOperationException($"{what} gave no response: {string.Join("\n", process.Output)}");
        if (api.Errors.TryGetValue(id, out var error))
            throw new InvalidOperationException($"{what} failed the invocation: {error.Body}");
        return Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Label(string build) => build switch
    {
        "aot" => "Native AOT bootstrap",
        "r2r" => "trimmed composite ReadyToRun bootstrap",
        "python" => "Python 3.11 + boto3, pass-through",
        _ => build,
    };
}
