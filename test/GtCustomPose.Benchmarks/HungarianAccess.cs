namespace GtCustomPose.Benchmarks;

internal static class HungarianAccess
{
    public static int[] Solve(double[,] cost) => GtCustomPose.Core.Consolidation.Hungarian.Solve(cost);
}
