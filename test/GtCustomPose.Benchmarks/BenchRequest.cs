using GtCustomPose.Core.Batch;

namespace GtCustomPose.Benchmarks;

/// <summary>The consolidation request every batch benchmark sends: label attribute <c>pose</c>, one payload.</summary>
internal static class BenchRequest
{
    public const string PayloadUri = "s3://gtpose-bench/payload.json";

    public static PostAnnotationRequest Create() =>
        new("2018-10-16", "arn:job", null, "pose", null, new PayloadReference(PayloadUri));
}
