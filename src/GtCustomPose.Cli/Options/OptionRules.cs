using System.CommandLine;

namespace GtCustomPose.Cli;

/// <summary>Range checks on option values, run while parsing so a usage error stops a command before it writes.</summary>
internal static class OptionRules
{
    /// <summary>
    /// Adds a check to <paramref name="option"/>: <paramref name="error"/> returns what is wrong with a value, or null.
    /// A value that did not parse is left to the parser's own error (reading it would throw).
    /// </summary>
    public static Option<T> Check<T>(this Option<T> option, Func<T, string?> error)
    {
        option.Validators.Add(r =>
        {
            T value;
            try
            {
                value = r.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (error(value) is { } message) r.AddError(message);
        });
        return option;
    }
}
