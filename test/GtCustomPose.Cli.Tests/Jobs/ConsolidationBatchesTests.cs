using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli.Tests.Jobs;

public sealed class ConsolidationBatchesTests
{
    private static List<int> Sizes(int objects, int size) =>
        ConsolidationBatches.Cut(Enumerable.Range(0, objects).ToList(), size).Select(b => b.Count).ToList();

    [Theory]
    [InlineData(3, 1000, new[] { 3 })]
    [InlineData(10, 1000, new[] { 10 })]
    [InlineData(25, 1000, new[] { 10, 15 })]
    [InlineData(2500, 1000, new[] { 10, 1000, 1000, 490 })]
    [InlineData(25, 7, new[] { 10, 7, 7, 1 })]
    [InlineData(22, 5, new[] { 10, 5, 5, 2 })]
    [InlineData(0, 1000, new int[0])]
    public void Cut_AsGroundTruth_FirstTenThenUpToTheBatchSize(int objects, int size, int[] expected) =>
        Sizes(objects, size).Should().Equal(expected);

    [Fact]
    public void Cut_KeepsEveryObjectOnceInOrder()
    {
        var items = Enumerable.Range(0, 1234).ToList();
        ConsolidationBatches.Cut(items, 100).SelectMany(b => b).Should().Equal(items);
    }

    [Fact]
    public void Cut_SizeBelowOne_Throws()
    {
        var cut = () => ConsolidationBatches.Cut([1, 2, 3], 0).ToList();
        cut.Should().Throw<ArgumentOutOfRangeException>();
    }
}
