using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>One response file: its answers; why it is lost, when it is; the store's reason when it could not be
/// read; what was read, for the two passes to compare.</summary>
internal sealed record FileOutcome(
    S3Uri Uri, IReadOnlyList<WorkerAnswer> Answers, string? Lost, string? StoreFailure, ResponseFileRead Read);
