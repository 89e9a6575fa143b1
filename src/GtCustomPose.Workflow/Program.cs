using GtCustomPose.LambdaRuntime;
using GtCustomPose.Workflow;

// provided.al2023 entry point: one bootstrap for every workflow function, chosen by the function's Handler setting
// (Lambda passes it as _HANDLER); the managed runtime calls the handler methods directly and never runs this.
return LambdaBootstrap.Run(() =>
{
    var handler = Environment.GetEnvironmentVariable("_HANDLER") ?? "";
    if (handler.Contains(nameof(RouteFunction), StringComparison.Ordinal))
    {
        var route = new RouteFunction();
        return (input, _, cancellationToken) => route.HandleAsync(input, cancellationToken);
    }
    if (handler.Contains(nameof(MergeFunction), StringComparison.Ordinal))
    {
        var merge = new MergeFunction();
        return (input, _, cancellationToken) => merge.HandleAsync(input, cancellationToken);
    }
    if (handler.Contains(nameof(ReconsolidateFunction), StringComparison.Ordinal))
    {
        var reconsolidate = new ReconsolidateFunction();
        return (input, _, cancellationToken) => reconsolidate.HandleAsync(input, cancellationToken);
    }
    throw new InvalidOperationException(
        $"_HANDLER is '{handler}': expected the RouteFunction, MergeFunction or ReconsolidateFunction handler string");
});
