using GtCustomPose.LambdaRuntime;
using GtCustomPose.PostAnnotation;

// provided.al2023 entry point; the managed runtime calls Function.FunctionHandler directly and never runs this.
return LambdaBootstrap.Run(() =>
{
    var function = new Function();
    return function.HandleAsync;
});
