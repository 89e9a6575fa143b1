using GtCustomPose.LambdaRuntime;
using GtCustomPose.PreAnnotation;

// provided.al2023 entry point; the managed runtime calls Function.FunctionHandler directly and never runs this.
return LambdaBootstrap.Run(() =>
{
    var function = new Function();
    return (input, _, _) => function.FunctionHandler(input);
});
