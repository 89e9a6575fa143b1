using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GtCustomPose.Testing;

/// <summary>
/// Finds managed-runtime handler strings in the deployment files and resolves them the way Lambda does.
/// </summary>
public static partial class HandlerStrings
{
    /// <summary>
    /// Every <c>Assembly::Type::Method</c> handler in aws-lambda-tools-defaults.json files and template/,
    /// with its file.
    /// </summary>
    public static IReadOnlyList<(string File, string Handler)> All()
    {
        var result = new List<(string, string)>();
        foreach (var file in Directory
            .EnumerateFiles(Repo.Root, "aws-lambda-tools-defaults.json", SearchOption.AllDirectories)
            .Where(f =>
                !f.Contains(
                    $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal)
                && !f.Contains(
                    $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal)))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            result.Add((
                Path.GetRelativePath(Repo.Root, file),
                doc.RootElement.GetProperty("function-handler").GetString()!));
        }
        foreach (var file in Directory.EnumerateFiles(Repo.PathOf("template"), "*.yaml"))
            foreach (Match m in HandlerPattern().Matches(File.ReadAllText(file)))
                result.Add((Path.GetRelativePath(Repo.Root, file), m.Value));
        return result;
    }

    /// <summary>
    /// Resolves the handler to a public instance method taking a Stream and returning Stream or Task&lt;Stream&gt;,
    /// and an instance made with the public parameterless constructor.
    /// </summary>
    public static (object Instance, MethodInfo Method) Resolve(string handler)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3) throw new ArgumentException($"'{handler}' is not Assembly::Namespace.Type::Method");
        var assembly = Assembly.Load(parts[0]);
        var type = assembly.GetType(parts[1], throwOnError: true)!;
        var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)])
            ?? throw new MissingMethodException($"{parts[1]}.{parts[2]}(Stream) not found");
        if (method.ReturnType != typeof(Stream) && method.ReturnType != typeof(Task<Stream>))
            throw new InvalidOperationException($"{handler} returns {method.ReturnType}, not Stream or Task<Stream>");
        return (Activator.CreateInstance(type)!, method);
    }

    /// <summary>Invokes a resolved handler on a JSON event.</summary>
    public static async Task<string> InvokeAsync(object instance, MethodInfo method, string json)
    {
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var result = method.Invoke(instance, [input]);
        var stream = result is Task<Stream> task ? await task : (Stream)result!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex(@"GtCustomPose\.[A-Za-z]+::[A-Za-z.]+::[A-Za-z]+")]
    private static partial Regex HandlerPattern();
}
