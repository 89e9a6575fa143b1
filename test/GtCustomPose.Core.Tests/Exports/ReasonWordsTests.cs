using System.Reflection;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Tests.Exports;

public class ReasonWordsTests
{
    private static IEnumerable<string> Codes(Type owner) => owner
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void All_EveryReviewReasonAndAuditReason_HasWords()
    {
        var codes = Codes(typeof(ReviewReasons))
            // AuditHint's other constants are its manifest key and a line's mode, not reasons.
            .Concat(Codes(typeof(AuditHint)).Where(c => c is not (AuditHint.Key or AuditHint.RelabelMode)))
            .ToList();
        codes.Should().HaveCountGreaterThan(10);
        ReasonWords.All.Keys.Should().BeEquivalentTo(codes, "a page shows no code a reader must look up");
        ReasonWords.All.Values.Should().OnlyContain(w => w.Length > 10 && !w.Contains('_'));
    }

    [Fact]
    public void Of_UnknownCode_IsTheCodeItself()
    {
        ReasonWords.Of("something_new").Should().Be("something_new");
        ReasonWords.Of(ReviewReasons.LowAgreement).Should().Be("the workers disagreed on where the points are");
    }
}
