namespace GtCustomPose.Core.Batch;

/// <summary>The batch cannot be consolidated at all; the message names the URI or field and the cause.</summary>
public sealed class BatchException(string message, Exception? inner = null) : Exception(message, inner);
