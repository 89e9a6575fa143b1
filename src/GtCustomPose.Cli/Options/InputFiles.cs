namespace GtCustomPose.Cli;

/// <summary>Input files checked before any work starts, so a missing one writes nothing.</summary>
internal static class InputFiles
{
    /// <summary>The file's full path; a user error naming it and its option when it does not exist.</summary>
    public static string Existing(FileInfo file, string option, string what = "file") =>
        File.Exists(file.FullName) ? file.FullName
            : throw new UserError($"{file.FullName}: no such {what} (given as {option})");

    /// <summary>As <see cref="Existing(FileInfo, string, string)"/>; null when not given.</summary>
    public static string? ExistingOrNull(FileInfo? file, string option, string what = "file") =>
        file is null ? null : Existing(file, option, what);

    /// <summary>The bundled worker page, or the <c>--template</c> given.</summary>
    public static string Template(FileInfo? file) =>
        file is null ? BundledTemplate : Existing(file, "--template", "task template");

    /// <summary>The worker page beside gtpose: template/pose-skeleton.liquid.html, the &lt;gtpose-skeleton&gt;
    /// page.</summary>
    public static string BundledTemplate => Path.Combine(AppContext.BaseDirectory, "templates", TemplateName);

    public const string TemplateName = "pose-skeleton.liquid.html";

    /// <summary>The help text of <c>--template</c>.</summary>
    public const string TemplateHelp =
        "Worker task template (default: " + TemplateName + " bundled beside gtpose, the <gtpose-skeleton> page; " +
        "pose-keypoint.liquid.html is the built-in crowd-keypoint one).";
}
