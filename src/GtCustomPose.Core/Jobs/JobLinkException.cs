namespace GtCustomPose.Core.Jobs;

/// <summary>A second-level job that cannot be joined to level 1; the message names the job, the line and the
/// field.</summary>
public sealed class JobLinkException : Exception
{
    /// <summary>With a one-line message.</summary>
    public JobLinkException(string message) : base(message) { }

    /// <summary>Without a message.</summary>
    public JobLinkException() { }

    /// <summary>With a message and its cause.</summary>
    public JobLinkException(string message, Exception innerException) : base(message, innerException) { }
}
