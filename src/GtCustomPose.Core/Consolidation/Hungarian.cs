namespace GtCustomPose.Core.Consolidation;

/// <summary>Minimum-cost assignment (Kuhn-Munkres, O(n³)) for a rectangular cost matrix.</summary>
internal static class Hungarian
{
    /// <summary>For each row, the assigned column or -1.</summary>
    public static int[] Solve(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1), n = Math.Max(rows, cols);
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        double C(int i, int j) => i <= rows && j <= cols ? cost[i - 1, j - 1] : 0;
        var minv = new double[n + 1];
        var used = new bool[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Clear(used);
            Array.Fill(minv, double.PositiveInfinity);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    var cur = C(i0, j) - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do { var j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0 != 0);
        }
        var result = new int[rows];
        Array.Fill(result, -1);
        for (var j = 1; j <= n; j++)
            if (p[j] >= 1 && p[j] <= rows && j <= cols) result[p[j] - 1] = j - 1;
        return result;
    }
}
