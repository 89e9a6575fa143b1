using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Where the time of a batch goes, single thread, payload bytes in memory: reading the payload's elements, parsing the
/// answers, consolidating, and the whole batch (which adds writing the response). Run it pinned to one core.
/// </summary>
internal static class Breakdown
{
    public static async Task<int> Run(int objects, int workers = 9, int skeletons = 3, int rounds = 3)
    {
        var bytes = Batches.Payload(objects, workers, skeletons);
        var rig = Rig.Coco17;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(
            c,
            $"{objects} objects x {workers} workers x {skeletons} skeletons, payload {bytes.Length:N0} bytes, " +
            $"cores available: {Environment.ProcessorCount}"));
        var memory = new InMemoryStore();
        memory.Objects[BenchRequest.PayloadUri] = bytes;
        var request = BenchRequest.Create();
        var fastest = (
            Read: double.MaxValue,
            Parse: double.MaxValue,
            Consolidate: double.MaxValue,
            Whole: double.MaxValue);
        // CPU time too: on a machine shared with other work, wall time measures the neighbours as much as the batch.
        var leastCpu = (
            Read: double.MaxValue,
            Parse: double.MaxValue,
            Consolidate: double.MaxValue,
            Whole: double.MaxValue);
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var cpu = Cpu();
            var items = new List<DataObjectAnswers>();
            await foreach (var (item, _, _) in PayloadReader.ReadAsync(new MemoryStream(bytes, writable: false)))
                items.Add(item!);
            var read = clock.Elapsed.TotalMilliseconds;
            var readCpu = Cpu() - cpu;
            cpu = Cpu();
            clock.Restart();
            var parsed = items
                .Select(o => o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content!.Value, rig)).ToList())
                .ToList();
            var parse = clock.Elapsed.TotalMilliseconds;
            var parseCpu = Cpu() - cpu;
            cpu = Cpu();
            clock.Restart();
            foreach (var answers in parsed) Consolidator.Consolidate(answers, rig);
            var consolidate = clock.Elapsed.TotalMilliseconds;
            var consolidateCpu = Cpu() - cpu;
            items = null;
            parsed = null;
            clock.Restart();
            cpu = Cpu();
            using var output = new MemoryStream();
            await new BatchConsolidator(rig, memory).ConsolidateAsync(request, output);
            var whole = clock.Elapsed.TotalMilliseconds;
            var wholeCpu = Cpu() - cpu;
            // The digest shows at a glance whether a change meant to be faster also changed a label.
            var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(output.ToArray()))[..16];
            Console.WriteLine(string.Create(
                c,
                $"round {round}: payload elements {read:F0} ms, parse answers {parse:F0} ms, " +
                $"consolidate {consolidate:F0} ms; whole batch from memory {whole:F0} ms, response SHA-256 {digest}"));
            if (round == 0) continue;
            // The machine is noisy: the fastest of the warm rounds is the figure to compare.
            leastCpu = (
                Math.Min(leastCpu.Read, readCpu),
                Math.Min(leastCpu.Parse, parseCpu),
                Math.Min(leastCpu.Consolidate, consolidateCpu),
                Math.Min(leastCpu.Whole, wholeCpu));
            fastest = (
                Math.Min(fastest.Read, read),
                Math.Min(fastest.Parse, parse),
                Math.Min(fastest.Consolidate, consolidate),
                Math.Min(fastest.Whole, whole));
        }
        if (rounds > 1)
        {
            Console.WriteLine(string.Create(
                c,
                $"fastest warm round of each: payload elements {fastest.Read:F0} ms, " +
                $"parse answers {fastest.Parse:F0} ms, consolidate {fastest.Consolidate:F0} ms, " +
                $"whole batch {fastest.Whole:F0} ms"));
            Console.WriteLine(string.Create(
                c,
                $"least CPU time of each: payload elements {leastCpu.Read:F0} ms, " +
                $"parse answers {leastCpu.Parse:F0} ms, consolidate {leastCpu.Consolidate:F0} ms, " +
                $"whole batch {leastCpu.Whole:F0} ms"));
        }
        return 0;
    }
}
