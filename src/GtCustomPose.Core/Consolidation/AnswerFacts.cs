using GtCustomPose.Core.Answers;

namespace GtCustomPose.Core.Consolidation;

/// <summary>What the object's answers say before any skeleton is compared.</summary>
/// <param name="AnyUnreadable">An answer could not be read or fetched at all.</param>
/// <param name="AnyInvalidPoints">A usable answer had parts left out (labels outside the rig, bad coordinates).</param>
/// <param name="DuplicateWorker">The same worker id answered more than once.</param>
internal readonly record struct AnswerFacts(bool AnyUnreadable, bool AnyInvalidPoints, bool DuplicateWorker)
{
    public static AnswerFacts Of(IReadOnlyList<WorkerAnswer> answers)
    {
        bool unreadable = false, invalid = false;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var duplicate = false;
        foreach (var a in answers)
        {
            unreadable |= !a.IsUsable;
            invalid |= a.IsUsable && a.Problems.Count > 0;
            duplicate |= !ids.Add(a.WorkerId);
        }
        return new AnswerFacts(unreadable, invalid, duplicate);
    }
}
