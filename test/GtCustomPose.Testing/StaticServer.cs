using System.Net;

namespace GtCustomPose.Testing;

/// <summary>Serves in-memory files on 127.0.0.1 for browser tests.</summary>
public sealed class StaticServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (byte[] Body, string Type)> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public StaticServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Add(string path, string body, string type = "text/html; charset=utf-8") =>
        _files[path] = (System.Text.Encoding.UTF8.GetBytes(body), type);

    public void Add(string path, byte[] body, string type) => _files[path] = (body, type);

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var path = context.Request.Url!.AbsolutePath;
            if (_files.TryGetValue(path, out var file))
            {
                context.Response.ContentType = file.Type;
                await context.Response.OutputStream.WriteAsync(file.Body);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try { _loop.Wait(2000); } catch (AggregateException) { }
    }
}
