namespace GtCustomPose.Core.Rigs;

/// <summary>A rig definition is invalid; the message says which label, edge or value and why.</summary>
public sealed class RigException(string message) : Exception(message);
