using BenchmarkDotNet.Running;
using GtCustomPose.Benchmarks;

// `quality [objects] [seed]` prints the consolidation quality table; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quality")
{
    var objects = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
    var seed = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7;
    return QualityBenchmark.Run(objects, seed);
}
if (args.Length > 0 && args[0] == "diagnose") { Diagnose.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)); return 0; }
if (args.Length > 0 && args[0] == "coldstart")
    return await ColdStart.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20, args.Length > 3 ? args[3] : null);
if (args.Length > 0 && args[0] == "batch")
{
    var objects = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    return await BatchRun.Run(objects, runs);
}
if (args.Length > 0 && args[0] == "breakdown") return Breakdown.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
BenchmarkSwitcher.FromAssembly(typeof(QualityBenchmark).Assembly).Run(args);
return 0;
