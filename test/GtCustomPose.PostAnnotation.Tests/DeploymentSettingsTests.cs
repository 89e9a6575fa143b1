using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>
/// The deployment files (the SAM template, aws-lambda-tools-defaults.json) set only what a deployment decides: a
/// setting the code has a default for is left empty there, so the code's default is the only one.
/// </summary>
public partial class DeploymentSettingsTests
{
    private static readonly string Template = File.ReadAllText(Repo.PathOf("template", "gtpose.yaml"));

    [Fact]
    public void Template_EverySetting_IsOneTheFunctionsRead()
    {
        var known = CodeSettings.Pre.Union(CodeSettings.Post).ToHashSet();
        var used = VariablePattern().Matches(Template).Select(m => m.Groups["name"].Value).ToList();
        used.Should().NotBeEmpty().And.OnlyContain(name => known.Contains(name));
    }

    [Fact]
    public void Template_SettingFromAParameter_ParameterDefaultsToEmpty()
    {
        var refs = VariablePattern().Matches(Template)
            .Select(m => (Name: m.Groups["name"].Value, Value: m.Groups["value"].Value.Trim()))
            .Where(v => v.Value.StartsWith("!Ref ", StringComparison.Ordinal))
            .ToList();
        refs.Should().NotBeEmpty();
        foreach (var (name, value) in refs)
        {
            var parameter = value["!Ref ".Length..];
            var block = ParameterBlock(parameter);
            if (parameter == "LabelingBucket")
            {
                block.Should().NotContain("Default:", "the labeling bucket is the deployment's own, without a default");
                continue;
            }
            block.Should().MatchRegex(
                @"\n\s+Default: ''", $"{name} takes the code's default unless {parameter} is set");
        }
    }

    [Fact]
    public void Template_LiteralSettings_DoNotRepeatTheCodesDefault()
    {
        foreach (Match m in VariablePattern().Matches(Template))
        {
            var value = m.Groups["value"].Value.Trim();
            if (value.StartsWith('!')) continue;
            CodeSettings.ChangesNothing(m.Groups["name"].Value, value.Trim('\''))
                .Should().BeFalse($"{m.Groups["name"].Value}: {value} repeats the code's default");
        }
    }

    [Fact]
    public void Template_AssumeRoleSetting_EmptyUnlessTheParameterTurnsItOn()
    {
        Template.Should().Contain("GTPOSE_ASSUME_ROLE: !If [AssumeRole, 'true', '']");
    }

    [Fact]
    public void ToolsDefaults_EnvironmentVariables_DoNotRepeatTheCodesDefault()
    {
        var files = HandlerStrings.All().Select(h => h.File)
            .Where(f => f.EndsWith("aws-lambda-tools-defaults.json", StringComparison.Ordinal)).Distinct().ToList();
        files.Should().HaveCount(2);
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Repo.PathOf(file)));
            var variables = json.RootElement.GetProperty("environment-variables").GetString()!;
            foreach (var pair in variables.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals], pair[(equals + 1)..]);
                CodeSettings.Pre.Union(CodeSettings.Post).Should().Contain(name, file);
                if (value.Length > 0)
                {
                    CodeSettings.ChangesNothing(name, value)
                        .Should().BeFalse($"{file}: {pair} repeats the code's default");
                }
            }
        }
    }

    private static string ParameterBlock(string parameter)
    {
        var start = Template.IndexOf($"\n  {parameter}:\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"parameter {parameter} exists");
        var next = NextTopLevelKey().Match(Template, start + 1);
        return Template[start..(next.Success ? next.Index : Template.Length)];
    }

    [GeneratedRegex(@"^\s+(?<name>GTPOSE_[A-Z0-9_]+): (?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\n(  [A-Za-z]|[A-Za-z])")]
    private static partial Regex NextTopLevelKey();
}
