namespace GtCustomPose.Cli;

/// <summary>How a command that labels ends: a run in which nothing got a label is a failure, not a success.</summary>
internal static class Outcome
{
    /// <summary>0 when some object got a label; else a user error with the count (exit 1).</summary>
    public static int Labeled(int labeled, int objects, string? failures = null) => labeled > 0 ? 0
        : throw new UserError($"no object got a label (0 of {objects}): every line was unreadable or had no usable " +
            $"answer{(failures is null ? "" : $"; {failures} says why for each")}");
}
