namespace GtCustomPose.Core.Exports;

/// <summary>Problems of a long run: all are counted, the first 100 are kept to print.</summary>
public sealed class ProblemLog
{
    private const int Kept = 100;
    private readonly List<string> _first = [];

    /// <summary>Every problem reported.</summary>
    public int Count { get; private set; }

    /// <summary>The first 100 problems, in the order reported.</summary>
    public IReadOnlyList<string> First => _first;

    /// <summary>Records one problem (one line naming the manifest line, the field and what was wrong).</summary>
    public void Add(string problem)
    {
        Count++;
        if (_first.Count < Kept) _first.Add(problem);
    }
}
