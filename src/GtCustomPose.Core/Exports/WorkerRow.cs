namespace GtCustomPose.Core.Exports;

/// <summary>One worker's line of the report.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Objects">Objects the worker answered.</param>
/// <param name="MeanAgreement">Mean of the worker's agreement (OKS to the consensus, 0 to 1) where stated.</param>
/// <param name="SwapRate">Fraction of the worker's answers with a mirrored skeleton or swapped left/right pair.</param>
/// <param name="OutlierClicks">Points of the worker left out of estimates as outlier clicks.</param>
/// <param name="MedianSeconds">Median time on task, seconds, where stated.</param>
/// <param name="AnswersWithIssues">Answers with parts (or all) unusable.</param>
/// <param name="Attention">
/// Who to look at first, higher first: (1 − mean agreement) + swap rate + outlier clicks per answer ÷ rig keypoints
/// + answers with issues ÷ answers. Each term is 0 for a worker who always matches the consensus.
/// </param>
public sealed record WorkerRow(string WorkerId, int Objects, double? MeanAgreement, double SwapRate, int OutlierClicks,
    double? MedianSeconds, int AnswersWithIssues, double Attention);
