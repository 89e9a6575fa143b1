namespace GtCustomPose.LambdaRuntime;

/// <summary>A setting's value is invalid; the message names the setting, the value and what was expected.</summary>
/// <param name="name">The setting (environment variable).</param>
/// <param name="value">Its value.</param>
/// <param name="expected">What it should be, e.g. "a number from 0 to 1".</param>
public sealed class SettingException(string name, string value, string expected)
    : Exception($"{name} is '{value}', expected {expected}")
{
    /// <summary>The setting at fault.</summary>
    public string Name { get; } = name;
}
