using System.Runtime.InteropServices;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The median of positive values added one at a time, in memory that stops growing: exact up to
/// <see cref="ConsolidationConstants.ExactMedianValues"/> values, then from a histogram of log-spaced bins
/// <see cref="ConsolidationConstants.MedianBinWidth"/> wide (within a quarter of a percent of the exact median).
/// </summary>
internal sealed partial class RunningMedian
{
    private static readonly double LogBinWidth = Math.Log(1 + MedianBinWidth);

    private List<double>? _values = [];
    private Dictionary<int, long>? _bins;

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    public void Add(double value)
    {
        Count++;
        if (_values is not { } values)
        {
            AddToBins(value, 1);
            return;
        }
        values.Add(value);
        if (values.Count <= ExactMedianValues) return;
        _bins = [];
        foreach (var v in values) AddToBins(v, 1);
        _values = null;
    }

    /// <summary>Adds every value <paramref name="other"/> holds (histogram bins as they are).</summary>
    public void Merge(RunningMedian other)
    {
        if (other._values is { } values)
        {
            foreach (var v in values) Add(v);
            return;
        }
        if (_values is { } mine)
        {
            _bins = [];
            foreach (var v in mine) AddToBins(v, 1);
            _values = null;
        }
        foreach (var (bin, count) in other._bins!) _bins![bin] = _bins.GetValueOrDefault(bin) + count;
        Count += other.Count;
    }

    /// <summary>The median; NaN when nothing was added.</summary>
    public double Median()
    {
        if (_values is { } values) return Geometry.Median(CollectionsMarshal.AsSpan(values));
        // The two middle ranks (one when the count is odd), found walking the bins in order.
        long lower = (Count - 1) / 2, upper = Count / 2, seen = 0;
        double low = double.NaN;
        foreach (var (bin, count) in _bins!.OrderBy(b => b.Key))
        {
            if (double.IsNaN(low) && lower < seen + count) low = Centre(bin);
            if (upper < seen + count) return (low + Centre(bin)) / 2;
            seen += count;
        }
        return double.NaN;
    }

    private void AddToBins(double value, long count)
    {
        // Values are floored at MinNoise where they are made; the clamp only keeps the bin index finite.
        var log = Math.Log(Math.Clamp(value, MinNoise, 1e12));
        var bin = (int)Math.Floor(log / LogBinWidth);
        _bins![bin] = _bins.GetValueOrDefault(bin) + count;
    }

    private static double Centre(int bin) => Math.Exp((bin + 0.5) * LogBinWidth);
}
