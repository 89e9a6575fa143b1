using System.Diagnostics;
using System.Globalization;
using System.Text;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>other-tools-write DIR SKELETONS ANNOTATORS</c> writes simulated answers as one COCO Keypoints file per annotator
/// (CVAT's layout), streaming, until the files hold SKELETONS annotations; <c>other-tools-scale DIR</c> consolidates
/// them as <c>gtpose consolidate</c> does and prints the time of each step and the peak resident set size.
/// </summary>
internal static class OtherToolsScale
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Write(string folder, long skeletons, int annotators)
    {
        var rig = Rig.Coco17;
        Directory.CreateDirectory(folder);
        var simulator = new WorkerSimulator(
            rig, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = annotators }, 11);
        var parts = new Dictionary<string, (StreamWriter Images, StreamWriter Annotations, int Image, int Id)>();
        var clock = Stopwatch.StartNew();
        long written = 0;
        var objects = 0;
        while (written < skeletons)
        {
            var o = simulator.Next(objects.ToString(C), ToolExports.Key(objects));
            foreach (var a in o.Answers)
            {
                if (!parts.TryGetValue(a.WorkerId, out var p))
                {
                    var n = parts.Count + 1;
                    p = (new StreamWriter(Path.Combine(folder, $"a{n:D3}.images")),
                        new StreamWriter(Path.Combine(folder, $"a{n:D3}.annotations")), 0, 0);
                }
                p.Image++;
                p.Images.Write(p.Image == 1 ? "" : ",\n");
                p.Images.Write(string.Create(C, $"{{\"id\":{p.Image},\"width\":{o.ImageSize.Width},\"height\":" +
                    $"{o.ImageSize.Height},\"file_name\":\"{ToolExports.Key(objects)}\",\"license\":0," +
                    $"\"flickr_url\":\"\",\"coco_url\":\"\",\"date_captured\":0}}"));
                foreach (var d in a.Drawn)
                {
                    p.Id++;
                    written++;
                    p.Annotations.Write(p.Id == 1 ? "" : ",\n");
                    Annotation(p.Annotations, p.Id, p.Image, d, rig);
                }
                parts[a.WorkerId] = p;
            }
            objects++;
        }
        var keypoints = string.Join(",", rig.Keypoints.Select(k => $"\"{k.Label}\""));
        var skeleton = string.Join(",", rig.Edges.Select(e => $"[{rig.IndexOf(e.From) + 1},{rig.IndexOf(e.To) + 1}]"));
        long bytes = 0;
        foreach (var (images, annotations, _, _) in parts.Values)
        {
            images.Dispose();
            annotations.Dispose();
            var name = ((FileStream)images.BaseStream).Name;
            var path = Path.ChangeExtension(name, ".json");
            using (var output = File.Create(path))
            {
                output.Write(Encoding.UTF8.GetBytes(
                    "{\"licenses\":[],\"info\":{},\"categories\":[{\"id\":1,\"name\":\"person\"," +
                    "\"supercategory\":\"\"," +
                    $"\"keypoints\":[{keypoints}],\"skeleton\":[{skeleton}]}}],\"images\":["));
                using (var i = File.OpenRead(name)) i.CopyTo(output);
                output.Write("],\"annotations\":["u8);
                var annotationFile = Path.ChangeExtension(name, ".annotations");
                using (var a = File.OpenRead(annotationFile)) a.CopyTo(output);
                output.Write("]}"u8);
                bytes += output.Length;
                File.Delete(annotationFile);
            }
            File.Delete(name);
        }
        Console.WriteLine(string.Create(C, $"wrote {written:N0} annotations of {objects:N0} images in {parts.Count} " +
            $"files, {bytes / 1048576.0:F0} MB, to {folder} in {clock.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }

    private static void Annotation(StreamWriter w, int id, int image, DrawnInstance d, Rig rig)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        var kp = new StringBuilder();
        var count = 0;
        for (var k = 0; k < rig.Count; k++)
        {
            var absent = double.IsNaN(d.X[k]);
            kp.Append(k == 0 ? "" : ",")
                .Append(C, $"{(absent ? 0 : d.X[k])},{(absent ? 0 : d.Y[k])},{(absent ? 0 : 2)}");
            if (absent) continue;
            count++;
            minX = Math.Min(minX, d.X[k]); maxX = Math.Max(maxX, d.X[k]);
            minY = Math.Min(minY, d.Y[k]); maxY = Math.Max(maxY, d.Y[k]);
        }
        w.Write(string.Create(C, $"{{\"id\":{id},\"image_id\":{image},\"category_id\":1,\"segmentation\":[]," +
            $"\"area\":{(maxX - minX) * (maxY - minY):F2},\"bbox\":[{minX:F2},{minY:F2},{maxX - minX:F2}," +
            $"{maxY - minY:F2}],\"iscrowd\":0,\"attributes\":{{\"occluded\":false}},\"keypoints\":[{kp}]," +
            $"\"num_keypoints\":{count}}}"));
    }

    public static async Task<int> Scale(string folder)
    {
        var files = ImportRun.Expand(ImportFormat.Coco, [folder]);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        GC.Collect();
        Peak.Reset();
        var before = Peak.Bytes();
        var cpu = Process.GetCurrentProcess();
        var cpuStart = cpu.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var session = ImportRun.Read(ImportFormat.Coco, files);
        var read = clock.Elapsed;
        cpu.Refresh();
        var readCpu = cpu.TotalProcessorTime - cpuStart;
        var rig = ImportRig.Resolve(session, null);
        var merged = Path.Combine(Path.GetTempPath(), "gtpose-scale-merged.json");
        ImportResult result;
        await using (var output = File.Create(merged))
            result = await ImportRun.ConsolidateAsync(session, rig, null, output, null);
        var total = clock.Elapsed;
        cpu.Refresh();
        var totalCpu = cpu.TotalProcessorTime - cpuStart;
        Console.WriteLine(string.Create(C, $"{files.Count} files, {bytes / 1048576.0:F0} MB, {session.Skeletons:N0} " +
            $"annotations, {result.Images:N0} images, {result.Annotators} annotators, {result.Answers:N0} answers"));
        Console.WriteLine(string.Create(C, $"read and spool: {read.TotalSeconds:F1} s " +
            $"({session.Skeletons / read.TotalSeconds:N0} annotations/s, {bytes / 1048576.0 / read.TotalSeconds:F0} " +
            $"MB/s)"));
        Console.WriteLine(string.Create(C, $"statistics + consolidation + merged file: " +
            $"{(total - read).TotalSeconds:F1} s ({result.Images / (total - read).TotalSeconds:N0} images/s)"));
        Console.WriteLine(string.Create(C, $"total {total.TotalSeconds:F1} s, " +
            $"{session.Skeletons / total.TotalSeconds:N0} " +
            $"annotations/s; {result.People:N0} people, {result.NeedsReview:N0} images need review, " +
            $"{session.Problems.Count} problems; merged file {new FileInfo(merged).Length / 1048576.0:F0} MB"));
        Console.WriteLine(string.Create(C, $"CPU time: reading {readCpu.TotalSeconds:F1} s " +
            $"({session.Skeletons / readCpu.TotalSeconds:N0} annotations per CPU-second), consolidation " +
            $"{(totalCpu - readCpu).TotalSeconds:F1} s ({result.Images / (totalCpu - readCpu).TotalSeconds:N0} " +
            $"images per CPU-second); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine(string.Create(C, $"peak RSS {Peak.Bytes() / 1048576.0:F0} MB (before reading " +
            $"{before / 1048576.0:F0} MB); cores: {Environment.ProcessorCount}"));
        File.Delete(merged);
        return 0;
    }

    /// <summary>The process's peak resident set size (Linux VmHWM), resettable.</summary>
    private static class Peak
    {
        // Writing 5 to clear_refs resets the peak to the current resident set size.
        public static void Reset()
        {
            try { File.WriteAllText("/proc/self/clear_refs", "5"); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        public static long Bytes()
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], C) * 1024;
            return Process.GetCurrentProcess().PeakWorkingSet64;
        }
    }
}
