namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>Which part of the address space the bootstrap may open for huge pages, read from
/// <c>/proc/self/maps</c> lines: only the GC's own inaccessible reservation past the youngest generation.</summary>
public class HugePageHeapTests
{
    private const long MiB = 1 << 20;

    // A heap as the regions GC lays it out: a committed part, then the rest of a large reservation.
    private static readonly string[] Heap =
    [
        "55d0c0000000-55d0c0200000 r-xp 00000000 fd:01 1234 /var/task/bootstrap",
        "7f0000000000-7f0000340000 rw-p 00000000 00:00 0 ",
        "7f0000340000-7f0000400000 ---p 00000000 00:00 0",
        "7f0000400000-7f0000410000 rw-p 00000000 00:00 0",
        "7f0000410000-7f4000000000 ---p 00000000 00:00 0",
        "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
    ];

    [Fact]
    public void Span_ProbeInTheCommittedHeap_FromItsHugePageToTheBytesPastIt()
    {
        var span = HugePageHeap.Span(Heap, 0x7f0000300000, 160 * MiB);

        span.Should().Be((0x7f0000200000, 162 * MiB));
    }

    [Fact]
    public void Span_MappingStartsAboveTheHugePage_StartsAtTheMapping()
    {
        string[] maps =
        [
            "7f0000100000-7f0000200000 rw-p 00000000 00:00 0",
            "7f0000200000-7f4000000000 ---p 00000000 00:00 0",
        ];

        HugePageHeap.Span(maps, 0x7f0000180000, 10 * MiB).Should().Be((0x7f0000100000, 11 * MiB));
    }

    [Theory]
    [InlineData(0x55d0c0001000L)] // the executable
    [InlineData(0x7f0000350000L)] // inaccessible: not where the GC allocates
    [InlineData(0x7ffd00001000L)] // the stack
    [InlineData(0x7e0000000000L)] // in no mapping
    public void Span_ProbeNotInTheCommittedHeap_Null(long at) =>
        HugePageHeap.Span(Heap, at, 160 * MiB).Should().BeNull();

    [Fact]
    public void Span_ReservationEndsWithinTheRange_Null()
    {
        // An inaccessible page right after the mapping is a guard page, not a reservation to open.
        string[] maps =
        [
            "7f0000000000-7f0000340000 rw-p 00000000 00:00 0",
            "7f0000340000-7f0000341000 ---p 00000000 00:00 0",
            "7f0000341000-7f0000400000 rw-p 00000000 00:00 0",
        ];

        HugePageHeap.Span(maps, 0x7f0000300000, 16 * MiB).Should().BeNull();
    }

    [Theory]
    [InlineData(16, true)]
    [InlineData(64, false)]
    public void Span_ThreadStackAfterTheReservation_OnlyARangeInsideIt(int mebibytes, bool opened)
    {
        // As seen here: the GC's reservation, then a thread's guard page and stack, each a mapping of its own.
        string[] maps =
        [
            "7f0000000000-7f0000340000 rw-p 00000000 00:00 0",
            "7f0000340000-7f0002000000 ---p 00000000 00:00 0",
            "7f0002000000-7f0002001000 ---p 00000000 00:00 0",
            "7f0002001000-7f0002801000 rw-p 00000000 00:00 0",
            "7f0002801000-7f0010000000 ---p 00000000 00:00 0",
        ];

        var span = HugePageHeap.Span(maps, 0x7f0000300000, mebibytes * MiB);

        span.Should().Be(opened ? (0x7f0000200000, 18 * MiB) : null);
    }

    [Fact]
    public void Span_MappingReachesBeyondTheRange_TheRange()
    {
        string[] maps = ["7f0000000000-7f0010000000 rw-p 00000000 00:00 0"];

        HugePageHeap.Span(maps, 0x7f0000300000, 16 * MiB).Should().Be((0x7f0000200000, 18 * MiB));
    }

    [Theory]
    [InlineData("7f0000340000-7f4000000000 ---p 00000000 00:00 0 /dev/zero")] // named
    [InlineData("7f0000400000-7f4000000000 ---p 00000000 00:00 0")] // a gap
    [InlineData("7f0000340000-7f4000000000 r--p 00000000 00:00 0")] // read-only
    [InlineData("7f0000340000-7f4000000000 rw-p 00000000 00:00 0")] // read-write, not from a 2 MiB boundary
    public void Span_NextMappingNotTheReservation_Null(string next) =>
        HugePageHeap.Span(["7f0000000000-7f0000340000 rw-p 00000000 00:00 0", next], 0x7f0000300000, 16 * MiB)
            .Should().BeNull();
}
