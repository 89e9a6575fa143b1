using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// `export-stream [lines] [coco|yolo|both]`: writes an output manifest of about 5 KB a line (200,000 lines ≈ 1 GB) to
/// /tmp, runs the built `gtpose export coco` and `export yolo` on it as a user would, and prints each run's peak
/// resident memory (VmHWM of the gtpose process) and manifest MB per second. Deletes what it wrote.
/// </summary>
internal static class ExportStream
{
    public static async Task<int> Run(string[] args)
    {
        var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var which = args.Length > 1 ? args[1] : "both";
        var gtpose = Repo.PathOf("src", "GtCustomPose.Cli", "bin", "Release", "net10.0", "gtpose.dll");
        if (!File.Exists(gtpose))
        {
            Console.Error.WriteLine($"build the CLI first: dotnet build src/GtCustomPose.Cli -c Release ({gtpose})");
            return 1;
        }
        var dir = Directory.CreateTempSubdirectory("gtpose-export-bench").FullName;
        try
        {
            var manifest = Path.Combine(dir, "output.manifest");
            var clock = Stopwatch.StartNew();
            Generate(manifest, lines);
            // Else the kernel writes the new gigabyte back to disk during the first export, which then pays for it.
            using (var written = new FileStream(manifest, FileMode.Open, FileAccess.ReadWrite)) written.Flush(true);
            var size = new FileInfo(manifest).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"manifest: {lines:N0} lines, {size / 1e6:N0} MB ({size / lines:N0} bytes a line), " +
                $"generated in {clock.Elapsed.TotalSeconds:F1} s; cores: {Environment.ProcessorCount}"));
            if (which is "coco" or "both")
                await Measure(
                    gtpose,
                    size,
                    "export", "coco",
                    "--manifest", manifest,
                    "--label-attribute", "pose",
                    "--out", Path.Combine(dir, "coco.json"));
            if (which is "yolo" or "both") FileCreationCost(Path.Combine(dir, "calibration"));
            if (which is "yolo" or "both")
                await Measure(
                    gtpose,
                    size,
                    "export", "yolo",
                    "--manifest", manifest,
                    "--label-attribute", "pose",
                    "--out", Path.Combine(dir, "yolo"));
            return 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(dir, recursive: true);
            else Console.WriteLine(dir);
        }
    }

    // YOLO's export is bound by the file system's cost per file, which on a shared disk varies several-fold within
    // an hour: printed beside the YOLO figure so that runs on different days can be compared.
    private static void FileCreationCost(string folder)
    {
        const int Files = 20_000;
        Directory.CreateDirectory(folder);
        var row = new byte[1200];
        Array.Fill(row, (byte)'0');
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Files; i++)
        {
            var path = Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture) + ".txt");
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
            RandomAccess.Write(handle, row, 0);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"file system now: {clock.Elapsed.TotalMilliseconds * 1000 / Files:F0} µs to create and write one " +
            $"1.2 KB file ({Files:N0} files, one thread); YOLO writes one per image"));
    }

    private static async Task Measure(string gtpose, long bytes, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(gtpose);
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        double cpu = 0;
        while (!p.HasExited)
        {
            // VmHWM is the kernel's own high-water mark, so sampling only has to catch the process alive.
            try
            {
                peak = Math.Max(peak, StatusKilobytes(p.Id, "VmHWM:"));
                cpu = Math.Max(cpu, CpuSeconds(p.Id));
            }
            catch (IOException) { }
            catch (FormatException) { }
            await Task.Delay(100);
        }
        await p.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gtpose {args[0]} {args[1]}: exit {p.ExitCode}, {seconds:F1} s wall ({bytes / 1e6 / seconds:F0} MB/s), "
            + $"{cpu:F1} s CPU ({bytes / 1e6 / cpu:F0} MB per CPU second), peak RSS {peak / 1024.0:F0} MB; "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine("  " + (await stdout).Trim().Replace("\n", "\n  ", StringComparison.Ordinal));
        var err = (await stderr).Trim();
        if (err.Length > 0) Console.WriteLine("  stderr: " + err[..Math.Min(err.Length, 500)]);
    }

    // utime + stime of /proc/PID/stat, in clock ticks of 1/100 s (fields 14 and 15, after the parenthesised name).
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture)
            + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>
    /// Lines shaped like PostAnnotation's: three people of 17 points each, five worker summaries, metadata.
    /// </summary>
    private static void Generate(string path, int lines)
    {
        var random = new Random(42);
        var rig = Rig.Coco17;
        using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var n = 0; n < lines; n++)
        {
            var instances = Enumerable.Range(0, 3).Select(i => new ConsolidatedInstance(
                $"person_{i + 1}",
                rig.Keypoints.Select(k => new ConsolidatedKeypoint(
                    k.Label,
                    Math.Round(random.NextDouble() * 1920, 1),
                    Math.Round(random.NextDouble() * 1080, 1),
                    Math.Round(random.NextDouble(), 3),
                    5,
                    random.Next(5) == 0 ? false : null)).ToArray(),
                new BoundingBox(10, 20, 300, 600),
                Math.Round(random.NextDouble(), 3),
                Math.Round(random.NextDouble(), 3))).ToArray();
            var workers = Enumerable.Range(0, 5).Select(w => new WorkerSummary(
                $"private.us-east-1.worker{w:0000000000}",
                Math.Round(random.NextDouble(), 3),
                random.Next(20) == 0,
                false,
                true,
                Math.Round(random.NextDouble() * 90, 1),
                random.Next(3) == 0 ? 1 : null)).ToArray();
            var label = new ConsolidatedLabel(
                new ImageSize(1920, 1080),
                instances,
                random.Next(10) == 0,
                random.Next(10) == 0 ? ["low_confidence"] : [],
                workers,
                new ConsolidationInfo("gtpose-oks-v1", 5, rig.Name));
            output.Write("{\"source-ref\":\"s3://bench-bucket/datasets/crowd/images/");
            output.Write(n.ToString("0000000", CultureInfo.InvariantCulture));
            output.Write(".jpg\",\"pose\":");
            output.Write(JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel));
            output.Write(
                ",\"pose-metadata\":{\"job-name\":\"labeling-job/pose\",\"class-map\":{},\"human-annotated\":\"yes\",");
            output.Write("\"creation-date\":\"2026-12-02T10:00:00.000000\",\"type\":\"groundtruth/custom\"}}\n");
        }
    }
}
