using BenchmarkDotNet.Running;
using GtCustomPose.Benchmarks;

// `quality [objects] [seed] [guess rate] [fixed|-] [sides=S confidence=C mean=M agreement=A]` prints the
// consolidation quality table; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quality")
{
    var objects = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
    var seed = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7;
    var guessRate = args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0.3;
    return QualityBenchmark.Run(objects, seed, guessRate, fixedFacing: args.Length > 4 && args[4] == "fixed",
        WorkflowBenchmark.Thresholds(args.Skip(4).Where(a => a.Contains('=', StringComparison.Ordinal))));
}
if (args.Length > 0 && args[0] == "diagnose")
{
    Diagnose.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return 0;
}
if (args.Length > 0 && args[0] == "loss")
{
    LossBenchmark.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 3 && !args[3].Contains('=')
            ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Skip(3).Where(WorkflowBenchmark.IsCrowdHabit));
    return 0;
}
if (args.Length > 0 && args[0] == "kploss")
{
    KeypointLoss.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        args[2].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        args.Skip(4).Where(WorkflowBenchmark.IsCrowdHabit));
    return 0;
}
if (args.Length > 0 && args[0] == "workflow")
    return await WorkflowBenchmark.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 3,
        WorkflowBenchmark.Thresholds(args.Skip(5).Where(a => !a.StartsWith("cap=", StringComparison.Ordinal)
            && !WorkflowBenchmark.IsCrowdHabit(a))),
        args.Skip(5).Where(a => a.StartsWith("cap=", StringComparison.Ordinal))
            .Select(a => double.Parse(a[4..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(1).Last(),
        WorkflowBenchmark.Crowd(args.Skip(5).Where(WorkflowBenchmark.IsCrowdHabit)));
if (args.Length > 0 && args[0] == "pwrong") return PWrongBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == "budget") return await BudgetBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == "residuals") return await Residuals.Run(args[1..]);
if (args.Length > 0 && args[0] == "relabel")
    return RelabelBenchmark.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        WorkflowBenchmark.Crowd(args.Skip(3).Where(WorkflowBenchmark.IsCrowdHabit)));
if (args.Length > 0 && args[0] == "coldstart")
    return await ColdStart.Run(
        args[1],
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
        args.Length > 3 ? args[3] : null);
if (args.Length > 0 && args[0] == "versus-python")
    return await VersusPython.Run(
        args[1],
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "batch-prepare")
    return BatchRun.Prepare(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        args[4]);
if (args.Length > 0 && args[0] == "batch")
{
    var objects = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var workers = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 9;
    var skeletons = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 3;
    return await BatchRun.Run(objects, runs, workers, skeletons);
}
if (args.Length > 0 && args[0] == "lambda-batch")
    return await LambdaBatch.Run(
        args[1],
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "faults")
    return await FaultTable.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Skip(3).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList());
if (args.Length > 0 && args[0] == "s3read")
    return await S3Read.Run(
        args[1],
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
if (args.Length > 0 && args[0] == "batch-cuts")
    return await BatchCuts.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 7);
if (args.Length > 0 && args[0] == "parse-forms")
    return ParseForms.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 6);
if (args.Length > 0 && args[0] == "breakdown")
    return await Breakdown.Run(
        int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 9,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 3);
if (args.Length > 0 && args[0] == "export-stream") return await ExportStream.Run(args[1..]);
if (args.Length > 0 && args[0] is "reconsolidate-quality" or "reconsolidate-scale")
{
    int Arg(int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return args[0] == "reconsolidate-quality"
        ? await Reconsolidation.Quality(Arg(1, 1000), Arg(2, 5), Arg(3, 7))
        : await Reconsolidation.Scale(Arg(1, 5000), Arg(2, 5));
}
if (args.Length > 0 && args[0] == "other-tools-quality")
{
    int Arg(int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return await OtherTools.Quality(
        Arg(1, 1000), Arg(2, 3), Arg(3, 7), Arg(4, 3), WorkflowBenchmark.Crowd(args.Skip(5)));
}
if (args.Length > 0 && args[0] == "other-tools-write")
    return OtherToolsScale.Write(
        args[1],
        long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "other-tools-scale") return await OtherToolsScale.Scale(args[1]);
BenchmarkSwitcher.FromAssembly(typeof(QualityBenchmark).Assembly).Run(args);
return 0;
