using System.Text;
using GtCustomPose.Core.Exports;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Exports;

public sealed class BackgroundFileWriterTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-files");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Complete_ManyFilesSomeExisting_EachHoldsExactlyItsContent()
    {
        File.WriteAllText(Path.Combine(_dir, "7.txt"), new string('x', 5000));
        using var writer = new BackgroundFileWriter();
        var row = new byte[300];
        for (var i = 0; i < 1000; i++)
        {
            var text = Encoding.UTF8.GetBytes($"file {i}\n");
            // The caller's buffer is reused at once: the writer must have copied it.
            text.CopyTo(row, 0);
            writer.Write(Path.Combine(_dir, $"{i}.txt"), row.AsSpan(0, text.Length));
            Array.Clear(row);
        }
        writer.Write(Path.Combine(_dir, "empty.txt"), []);
        writer.Complete();

        Directory.GetFiles(_dir).Should().HaveCount(1001);
        for (var i = 0; i < 1000; i++) File.ReadAllText(Path.Combine(_dir, $"{i}.txt")).Should().Be($"file {i}\n");
        File.ReadAllBytes(Path.Combine(_dir, "empty.txt")).Should().BeEmpty();
    }

    [Fact]
    public void Complete_AFileCannotBeWritten_ThrowsNamingIt()
    {
        using var writer = new BackgroundFileWriter();
        var missing = Path.Combine(_dir, "no-such-folder", "a.txt");
        writer.Write(Path.Combine(_dir, "before.txt"), "ok"u8);
        writer.Write(missing, "lost"u8);

        var act = writer.Complete;

        act.Should().Throw<IOException>().Which.Message.Should().Contain(missing).And.Contain("could not be written");
        File.ReadAllText(Path.Combine(_dir, "before.txt")).Should().Be("ok");
    }

    [Fact]
    public void Write_AfterAFailedBatch_ThrowsInsteadOfQueueing()
    {
        using var writer = new BackgroundFileWriter();
        var missing = Path.Combine(_dir, "no-such-folder", "a.txt");
        for (var i = 0; i < 64; i++) writer.Write(missing, "lost"u8);

        // The writing thread fails on the first file of the handed-over batch; later writes learn of it.
        var act = () =>
        {
            for (var i = 0; i < 100_000; i++) writer.Write(Path.Combine(_dir, "later.txt"), "x"u8);
        };

        act.Should().Throw<IOException>().Which.Message.Should().Contain(missing);
    }
}
