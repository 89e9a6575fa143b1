using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Benchmarks;

/// <summary>Fits and scores <see cref="WrongChance"/>: logistic regression on its features, reliability bins, AUC.
/// </summary>
internal static class Calibration
{
    /// <summary>Maximum-likelihood logistic weights (intercept first) by Newton steps with a small ridge.</summary>
    public static double[] Fit(IReadOnlyList<double[]> x, IReadOnlyList<bool> y, double ridge = 1e-3)
    {
        var d = x[0].Length + 1;
        var w = new double[d];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var g = new double[d];
            var h = new double[d, d];
            for (var n = 0; n < x.Count; n++)
            {
                var row = Row(x[n]);
                var p = Sigmoid(Dot(w, row));
                var r = (y[n] ? 1 : 0) - p;
                for (var i = 0; i < d; i++)
                {
                    g[i] += r * row[i];
                    for (var j = 0; j < d; j++) h[i, j] += p * (1 - p) * row[i] * row[j];
                }
            }
            for (var i = 1; i < d; i++) { g[i] -= ridge * x.Count * w[i]; h[i, i] += ridge * x.Count; }
            var step = Solve(h, g);
            for (var i = 0; i < d; i++) w[i] += step[i];
            if (step.Max(Math.Abs) < 1e-7) break;
        }
        return w;
    }

    /// <summary>Area under the ROC curve of <paramref name="score"/> for <paramref name="y"/> (ties count
    /// half).</summary>
    public static double Auc(IReadOnlyList<double> score, IReadOnlyList<bool> y)
    {
        var order = Enumerable.Range(0, score.Count).OrderBy(i => score[i]).ToArray();
        double rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && score[order[j]] == score[order[i]]) j++;
            var rank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++) if (y[order[k]]) rankSum += rank;
            i = j;
        }
        double pos = y.Count(v => v), neg = y.Count - pos;
        return pos == 0 || neg == 0 ? double.NaN : (rankSum - pos * (pos + 1) / 2) / (pos * neg);
    }

    /// <summary>Reliability table rows: p_wrong bin, objects, mean p_wrong, observed rate.</summary>
    public static IEnumerable<(string Bin, int Count, double Mean, double Observed)> Bins(
        IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        double[] edges = [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0001];
        for (var b = 0; b + 1 < edges.Length; b++)
        {
            var idx = Enumerable.Range(0, p.Count).Where(i => p[i] >= edges[b] && p[i] < edges[b + 1]).ToList();
            if (idx.Count == 0) continue;
            yield return (FormattableString.Invariant($"{edges[b]:0.00}–{Math.Min(1, edges[b + 1]):0.00}"),
                idx.Count, idx.Average(i => p[i]), idx.Count(i => y[i]) / (double)idx.Count);
        }
    }

    /// <summary>
    /// Isotonic regression (pool adjacent violators) of <paramref name="y"/> on <paramref name="score"/>, as knots
    /// (mean score, observed rate) of blocks holding at least <paramref name="minBlock"/> objects, ascending.
    /// </summary>
    public static List<(double Score, double Rate)> Isotonic(
        IReadOnlyList<double> score, IReadOnlyList<bool> y, int minBlock = 40)
    {
        var order = Enumerable.Range(0, score.Count).OrderBy(i => score[i]).ToArray();
        var blocks = new List<(double SumScore, double SumY, int N)>();
        var pending = (SumScore: 0.0, SumY: 0.0, N: 0);
        foreach (var i in order)
        {
            pending = (pending.SumScore + score[i], pending.SumY + (y[i] ? 1 : 0), pending.N + 1);
            if (pending.N < minBlock) continue;
            blocks.Add(pending);
            pending = (0, 0, 0);
            while (blocks.Count > 1 && blocks[^2].SumY / blocks[^2].N >= blocks[^1].SumY / blocks[^1].N)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add((a.SumScore + b.SumScore, a.SumY + b.SumY, a.N + b.N));
            }
        }
        if (pending.N > 0)
        {
            if (blocks.Count == 0) blocks.Add(pending);
            else blocks[^1] = (blocks[^1].SumScore + pending.SumScore, blocks[^1].SumY + pending.SumY,
                blocks[^1].N + pending.N);
        }
        return blocks.Select(b => (b.SumScore / b.N, b.SumY / b.N)).ToList();
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] Row(double[] x) => [1, .. x];

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(m[r, c]));
            for (var k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            (v[c], v[pivot]) = (v[pivot], v[c]);
            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++) m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = v[r];
            for (var k = r + 1; k < n; k++) s -= m[r, k] * x[k];
            x[r] = s / m[r, r];
        }
        return x;
    }
}
