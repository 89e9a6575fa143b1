namespace GtCustomPose.Core.Jobs;

/// <summary>A re-consolidation step cannot run: a work file is missing or invalid, or a request value is out of range.
/// The message names the file or the value.</summary>
public sealed class JobStepException : Exception
{
    /// <summary>With a one-line message.</summary>
    public JobStepException(string message) : base(message) { }

    /// <summary>Without a message.</summary>
    public JobStepException() { }

    /// <summary>With a message and its cause.</summary>
    public JobStepException(string message, Exception innerException) : base(message, innerException) { }
}
