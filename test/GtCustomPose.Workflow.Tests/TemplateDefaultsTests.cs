using System.Globalization;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Workflow;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

/// <summary>The workflow template's defaults are the code's: one owner for the QA share, the budget, the target and
/// the re-label shares, and the second level.</summary>
public sealed class TemplateDefaultsTests
{
    [Theory]
    [InlineData("SampleRate", RouteOptions.DefaultSampleRate)]
    [InlineData("MaxAuditShare", RouteOptions.DefaultMaxAuditShare)]
    [InlineData("TargetError", AuditAdvisor.DefaultTargetError)]
    [InlineData("RelabelShare", RouteOptions.DefaultRelabelShare)]
    [InlineData("MaxRelabelShare", RouteOptions.DefaultMaxRelabelShare)]
    public void Template_Parameter_DefaultIsTheCodes(string parameter, double expected)
    {
        var template = File.ReadAllText(Repo.PathOf("template", "gtpose-workflow.yaml"));

        var match = Regex.Match(template, $@"\n  {parameter}:\n    Type: String\n    Default: '([0-9.]+)'");

        match.Success.Should().BeTrue($"the template declares {parameter} with a default");
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().Be(expected);
    }

    [Fact]
    public void Template_SecondLevel_DefaultIsTheCodesAndAllowed()
    {
        var template = File.ReadAllText(Repo.PathOf("template", "gtpose-workflow.yaml"));

        var match = Regex.Match(
            template, @"\n  SecondLevel:\n    Type: String\n    Default: ([a-z-]+)\n    AllowedValues: \[(.*)\]");

        match.Success.Should().BeTrue("the template declares SecondLevel with a default and its allowed values");
        match.Groups[1].Value.Should().Be(RouteOptions.DefaultSecondLevel);
        match.Groups[2].Value.Split(", ").Should().Contain(RouteOptions.DefaultSecondLevel);
    }
}
