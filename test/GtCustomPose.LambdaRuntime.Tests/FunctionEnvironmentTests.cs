using GtCustomPose.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

public class FunctionEnvironmentTests
{
    private static FunctionEnvironment With(string name, string value) =>
        FunctionEnvironment.From(new Dictionary<string, string> { [name] = value });

    private static readonly FunctionEnvironment Empty = FunctionEnvironment.From(new Dictionary<string, string>());

    [Theory]
    [InlineData("  value ", "value")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void Get_Value_TrimmedAndBlankIsUnset(string value, string? expected)
    {
        With("GTPOSE_X", value).Get("GTPOSE_X").Should().Be(expected);
        Empty.Get("GTPOSE_X").Should().BeNull();
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("", false)]
    public void Flag_KnownValues_Read(string value, bool expected) =>
        With("GTPOSE_X", value).Flag("GTPOSE_X").Should().Be(expected);

    [Theory]
    [InlineData("ture")]
    [InlineData("on")]
    [InlineData("2")]
    public void Flag_OtherValue_ThrowsNamingTheSetting(string value)
    {
        var act = () => With("GTPOSE_AUDIT_MODE", value).Flag("GTPOSE_AUDIT_MODE");
        act.Should().Throw<SettingException>()
            .WithMessage($"GTPOSE_AUDIT_MODE is '{value}', expected true or false")
            .Which.Name.Should().Be("GTPOSE_AUDIT_MODE");
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("0.74", 0.74)]
    [InlineData("1", 1.0)]
    [InlineData("1e-1", 0.1)]
    public void Fraction_NumberFromZeroToOne_Read(string value, double expected) =>
        With("GTPOSE_F", value).Fraction("GTPOSE_F").Should().Be(expected);

    [Theory]
    [InlineData("60%")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("0,5")]
    [InlineData("NaN")]
    public void Fraction_Invalid_ThrowsNamingTheSetting(string value)
    {
        var act = () => With("GTPOSE_REVIEW_MIN_AGREEMENT", value).Fraction("GTPOSE_REVIEW_MIN_AGREEMENT");
        act.Should().Throw<SettingException>()
            .WithMessage($"GTPOSE_REVIEW_MIN_AGREEMENT is '{value}', expected a number from 0 to 1");
    }

    [Fact]
    public void Fraction_Unset_IsNull() => Empty.Fraction("GTPOSE_F").Should().BeNull();

    [Fact]
    public void Seconds_Number_IsATimeSpan() =>
        With("GTPOSE_S", "290.5").Seconds("GTPOSE_S").Should().Be(TimeSpan.FromSeconds(290.5));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("5m")]
    [InlineData("1e300")]
    public void Seconds_Invalid_ThrowsNamingTheSetting(string value)
    {
        var act = () => With("GTPOSE_TIME_BUDGET_SECONDS", value).Seconds("GTPOSE_TIME_BUDGET_SECONDS");
        act.Should().Throw<SettingException>()
            .WithMessage($"GTPOSE_TIME_BUDGET_SECONDS is '{value}', expected a positive number of seconds");
    }

    [Theory]
    [InlineData("a, b,,c ", new[] { "a", "b", "c" })]
    [InlineData(" , ", null)]
    public void List_CommaSeparated_EntriesTrimmedBlanksDropped(string value, string[]? expected) =>
        With("GTPOSE_L", value).List("GTPOSE_L").Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());

    [Fact]
    public void File_SettingNamesAFile_ReadsIt()
    {
        using var temp = new TempFolder("gtpose-path");
        var path = Path.Combine(temp, "path.json");
        File.WriteAllText(path, "{}");
        With("GTPOSE_RIG_FILE", path).File("GTPOSE_RIG_FILE").Should().Be(new SettingFile(path, "{}"));
    }

    [Fact]
    public void File_SettingNamesAMissingFile_ThrowsNamingTheSetting()
    {
        var act = () => With("GTPOSE_RIG_FILE", "/nowhere/rig.json").File("GTPOSE_RIG_FILE", "/tmp/ignored.json");
        act.Should().Throw<SettingException>()
            .WithMessage("GTPOSE_RIG_FILE is '/nowhere/rig.json', expected a file that exists");
    }

    [Fact]
    public void File_UnsetWithAFallbackThatExists_ReadsTheFallback()
    {
        using var temp = new TempFolder("gtpose-path");
        var path = Path.Combine(temp, "path.json");
        File.WriteAllText(path, "bundled");
        Empty.File("GTPOSE_RIG_FILE", path)!.Text.Should().Be("bundled");
        Empty.File("GTPOSE_RIG_FILE", path + ".missing").Should().BeNull();
        Empty.File("GTPOSE_RIG_FILE").Should().BeNull();
    }

    [Fact]
    public void Constructor_Lookup_IsTheOnlySource()
    {
        var asked = new List<string>();
        var environment = new FunctionEnvironment(name =>
        {
            asked.Add(name);
            return "true";
        });
        environment.Flag("GTPOSE_ASSUME_ROLE").Should().BeTrue();
        asked.Should().Equal("GTPOSE_ASSUME_ROLE");
    }
}
