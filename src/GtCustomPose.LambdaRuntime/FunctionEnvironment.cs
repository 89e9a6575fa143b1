using System.Globalization;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// A function's settings as its environment gives them: the process's environment variables in Lambda, any lookup
/// in tests and local tools. A blank value counts as unset, so a deployment template can leave a setting empty and
/// the code's default applies. An invalid value throws <see cref="SettingException"/> naming the setting, which stops
/// the function at start-up (an init error on provided.al2023).
/// </summary>
/// <param name="lookup">The value of a variable, or null when unset.</param>
public sealed class FunctionEnvironment(Func<string, string?> lookup)
{
    /// <summary>The process's environment variables.</summary>
    public static FunctionEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Variables from a dictionary (tests, local tools).</summary>
    public static FunctionEnvironment From(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new(name => variables.GetValueOrDefault(name));
    }

    /// <summary>A string setting, trimmed; null when unset or blank.</summary>
    public string? Get(string name) => lookup(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>
    /// A boolean setting: <c>true</c> or <c>false</c> (also <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>);
    /// <paramref name="unset"/> (default false) when unset.
    /// </summary>
    /// <exception cref="SettingException">Any other value.</exception>
    public bool Flag(string name, bool unset = false)
    {
        var text = Get(name);
        return text?.ToUpperInvariant() switch
        {
            null => unset,
            "TRUE" or "1" or "YES" => true,
            "FALSE" or "0" or "NO" => false,
            _ => throw new SettingException(name, text, "true or false"),
        };
    }

    /// <summary>A number from 0 to 1; null when unset.</summary>
    /// <exception cref="SettingException">Not a number from 0 to 1.</exception>
    public double? Fraction(string name)
    {
        if (Get(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value is >= 0 and <= 1)
            return value;
        throw new SettingException(name, text, "a number from 0 to 1");
    }

    /// <summary>A positive number of seconds; null when unset.</summary>
    /// <exception cref="SettingException">Not a positive number of seconds.</exception>
    public TimeSpan? Seconds(string name)
    {
        if (Get(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value > 0 && value <= TimeSpan.MaxValue.TotalSeconds)
            return TimeSpan.FromSeconds(value);
        throw new SettingException(name, text, "a positive number of seconds");
    }

    /// <summary>A comma-separated list, entries trimmed and blanks dropped; null when unset or empty.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        var items = Get(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items is { Length: > 0 } ? items : null;
    }

    /// <summary>
    /// The file a setting names, else <paramref name="fallbackPath"/> when that file exists; null when neither applies.
    /// </summary>
    /// <exception cref="SettingException">The setting names a file that does not exist.</exception>
    public SettingFile? File(string name, string? fallbackPath = null)
    {
        var path = Get(name);
        if (path is null)
        {
            if (fallbackPath is null || !System.IO.File.Exists(fallbackPath)) return null;
            path = fallbackPath;
        }
        else if (!System.IO.File.Exists(path))
        {
            throw new SettingException(name, path, "a file that exists");
        }
        return new SettingFile(path, System.IO.File.ReadAllText(path));
    }
}

/// <summary>A file a setting names, with its text.</summary>
/// <param name="Path">Where it was read.</param>
/// <param name="Text">Its contents.</param>
public sealed record SettingFile(string Path, string Text);
