using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GtCustomPose.Cli.Templates;

/// <summary>
/// Renders the subset of Liquid that Ground Truth task templates use: <c>{{ path | filter | ... }}</c> objects over
/// <c>task.input</c>, with Ground Truth's filters <c>to_json</c>, <c>grant_read_access</c>, <c>escape</c>,
/// <c>escape_once</c> and <c>skip_autoescape</c>, and <c>default</c>. Like Ground Truth, every output is HTML-escaped
/// unless <c>skip_autoescape</c> says otherwise. Tags (<c>{% ... %}</c>) are not supported and are reported.
/// </summary>
public sealed partial class LiquidRenderer(Func<string, string> grantReadAccess)
{
    /// <summary>Renders <paramref name="template"/> with <paramref name="taskInput"/> as <c>task.input</c>.</summary>
    /// <exception cref="FormatException">The template uses a tag or an unknown filter.</exception>
    public string Render(string template, JsonElement taskInput)
    {
        if (TagPattern().IsMatch(template)) throw new FormatException(
            $"Liquid tags are not supported by the local renderer: {TagPattern().Match(template).Value}");
        return ObjectPattern().Replace(template, m => Evaluate(m.Groups[1].Value, taskInput));
    }

    private string Evaluate(string expression, JsonElement input)
    {
        var parts = expression.Split('|').Select(p => p.Trim()).ToArray();
        var value = Lookup(parts[0], input);
        var text = value is { } v ? Text(v) : "";
        var autoescape = true;
        foreach (var filter in parts.Skip(1))
        {
            var name = filter.Split(':', 2)[0].Trim();
            switch (name)
            {
                case "to_json":
                    text = value is { } j ? j.GetRawText() : "null";
                    break;
                case "grant_read_access":
                    text = text.Length == 0 ? "" : grantReadAccess(text);
                    break;
                case "escape":
                    text = WebUtility.HtmlEncode(text);
                    autoescape = false;
                    break;
                case "escape_once":
                    text = WebUtility.HtmlEncode(WebUtility.HtmlDecode(text));
                    autoescape = false;
                    break;
                case "skip_autoescape":
                    autoescape = false;
                    break;
                case "default":
                    if (text.Length == 0) text = filter.Split(':', 2)[1].Trim().Trim('"', '\'');
                    break;
                default:
                    throw new FormatException($"unknown Liquid filter '{name}' in {{{{ {expression} }}}}");
            }
        }
        // WebUtility.HtmlEncode escapes & < > " and ', which keeps values inert in text, in double- and in
        // single-quoted attributes.
        return autoescape ? WebUtility.HtmlEncode(text) : text;
    }

    private static JsonElement? Lookup(string path, JsonElement input)
    {
        if (path.StartsWith('"') || path.StartsWith('\'')) return JsonDocument.Parse(
            JsonSerializer.Serialize(path.Trim('"', '\''), Json.CliJsonContext.Default.String)).RootElement;
        var segments = path.Split('.');
        if (segments.Length < 2 || segments[0] != "task" || segments[1] != "input") return null;
        var current = input;
        foreach (var segment in segments.Skip(2))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    [GeneratedRegex(@"\{\{\s*(.+?)\s*\}\}", RegexOptions.Singleline)]
    private static partial Regex ObjectPattern();

    [GeneratedRegex(@"\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex TagPattern();
}
