using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli.Tests.Jobs;

public sealed class ImageHeaderTests
{
    private static Task<GtCustomPose.Core.ImageSize?> SizeAsync(byte[] bytes) => ImageHeader.ReadSizeAsync(new MemoryStream(bytes), CancellationToken.None);

    [Fact]
    public async Task ReadSize_Png_FromTheHeader()
    {
        var png = new Canvas(321, 123, (0, 0, 0)).ToPng();
        (await SizeAsync(png)).Should().Be(new GtCustomPose.Core.ImageSize(321, 123));
    }

    [Fact]
    public async Task ReadSize_Jpeg_SkipsSegmentsToTheFrameHeader()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,                                           // start of image
            0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8.ToArray(), 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0, 16 bytes
            0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00,                   // a quantisation table segment (short)
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x02, 0xD0, 0x05, 0x00, 0x01, 0x01, 0x11, 0x00, // SOF0: 720 high, 1280 wide
        ];
        (await SizeAsync(jpeg)).Should().Be(new GtCustomPose.Core.ImageSize(1280, 720));
    }

    [Fact]
    public async Task ReadSize_Gif_FromTheLogicalScreen()
    {
        byte[] gif = [.. "GIF89a"u8.ToArray(), 0x40, 0x01, 0xF0, 0x00, 0, 0, 0];
        (await SizeAsync(gif)).Should().Be(new GtCustomPose.Core.ImageSize(320, 240));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00 })]
    public async Task ReadSize_NotAnImage_Null(byte[] bytes) => (await SizeAsync(bytes)).Should().BeNull();
}
