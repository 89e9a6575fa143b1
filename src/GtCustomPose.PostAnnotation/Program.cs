using GtCustomPose.LambdaRuntime;
using GtCustomPose.PostAnnotation;

// provided.al2023 entry point; the managed runtime calls Function.FunctionHandler directly and never runs this.
// A batch leaves much garbage. Collected once its response is posted, with nothing of it alive, that is a short pause
// the caller does not wait for; left alone, it becomes a full collection in the middle of the next batch, with that
// batch's answers alive, and a higher peak (docs/performance.md).
return LambdaBootstrap.Run(() =>
{
    var settings = PostAnnotationEnvironment.Read(FunctionEnvironment.Process);
    // Before the batch allocates: the first batch's fresh memory is most of what its cold start costs beyond a warm
    // one (docs/performance.md, round four).
    if (settings.HeapHugePages) Log.Info($"heap: {HugePageHeap.Prepare()}");
    var function = new Function(settings);
    return function.HandleAsync;
}, afterResponse: () => GC.Collect());
