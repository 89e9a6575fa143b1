namespace GtCustomPose.Cli;

/// <summary>Paths and values as shell words, for the commands a summary suggests.</summary>
internal static class ShellWords
{
    /// <summary><paramref name="text"/> as one word of a POSIX shell: as is when safe, else single-quoted.</summary>
    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or ',')
            ? text : $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
