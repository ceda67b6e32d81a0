using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>
/// A minimal Hugging Face hub on 127.0.0.1 (an ephemeral port, raw HTTP/1.1, one request per connection) serving
/// <c>/{owner}/{name}/resolve/{revision}/{file}</c> with the hub's headers, and faults a test switches on.
/// </summary>
/// <remarks>
/// Headers as the real hub sends them: <c>X-Repo-Commit</c>; <c>ETag</c> = the git blob sha1 for regular files; for LFS files
/// (<c>*.safetensors</c>) <c>ETag</c> and <c>X-Linked-Etag</c> = the sha256 and <c>X-Linked-Size</c>; <c>Accept-Ranges: bytes</c>;
/// 206 with <c>Content-Range</c> for a Range request. With <see cref="RedirectLfs"/> LFS files answer 302 to <c>/cdn/{sha256}</c>
/// carrying those headers, as the hub does towards its CDN.
/// </remarks>
internal sealed class FakeHubServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (string Commit, Dictionary<string, byte[]> Files)> _repos = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeHubRequest> _requests = new();
    private readonly ConcurrentQueue<int> _failStatuses = new();
    private readonly List<Task> _handlers = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private int _cutsLeft;
    private int _stallsLeft;

    public FakeHubServer()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<FakeHubRequest> Requests => [.. _requests];

    /// <summary>Bytes of an LFS body sent before the connection is closed (Content-Length still announces the whole body).</summary>
    public int CutAfterBytes { get; set; }

    /// <summary>Bytes of an LFS body sent before the server stops sending (until the client gives up or the server stops).</summary>
    public int StallAfterBytes { get; set; }

    public bool IgnoreRange { get; set; }

    public bool RedirectLfs { get; set; }

    /// <summary>With <see cref="RedirectLfs"/>: redirect to this other server (a CDN on another host) instead of this one.</summary>
    public Uri? CdnBase { get; set; }

    /// <summary>Announce this sha256 for LFS files instead of the true one.</summary>
    public string? AnnouncedSha256 { get; set; }

    /// <summary>When set, requests without <c>Authorization: Bearer {token}</c> get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>When set, every resolve request gets this status and <c>X-Error-Code</c>.</summary>
    public (int Status, string? ErrorCode)? ForcedError { get; set; }

    public void AddRepo(string repoId, string commit, Dictionary<string, byte[]> files) => _repos[repoId] = (commit, files);

    /// <summary>The next <paramref name="times"/> GETs of LFS files are cut after <see cref="CutAfterBytes"/> bytes.</summary>
    public void CutNextLfsGets(int times, int afterBytes)
    {
        CutAfterBytes = afterBytes;
        Interlocked.Exchange(ref _cutsLeft, times);
    }

    public void StallNextLfsGets(int times, int afterBytes)
    {
        StallAfterBytes = afterBytes;
        Interlocked.Exchange(ref _stallsLeft, times);
    }

    /// <summary>The next requests, one per status, are answered with these statuses and nothing else.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failStatuses.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _handlers.Add(HandleAsync(client));
            }
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, timeout.Token);
                if (head is null)
                {
                    return;
                }

                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                    .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                    .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
                var request = new FakeHubRequest(requestLine[0], requestLine[1], headers.GetValueOrDefault("Range"), headers.GetValueOrDefault("Authorization"));
                _requests.Enqueue(request);
                await RespondAsync(client, stream, request, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (a cancelled or timed-out download); nothing to answer.
            }
        }
    }

    private async Task RespondAsync(TcpClient client, NetworkStream stream, FakeHubRequest request, CancellationToken ct)
    {
        if (_failStatuses.TryDequeue(out var failStatus))
        {
            await WriteHeadAsync(stream, failStatus, [], 0, ct);
            return;
        }

        if (RequiredToken is { } token && request.Authorization != $"Bearer {token}")
        {
            await WriteHeadAsync(stream, 401, [("X-Error-Code", "RepoNotFound"), ("X-Error-Message", "Invalid credentials in Authorization header")], 0, ct);
            return;
        }

        var path = request.Path.Split('?')[0];
        var parts = path.TrimStart('/').Split('/');
        if (parts is ["cdn", var cdnSha])
        {
            var blob = _repos.Values.SelectMany(r => r.Files.Values).FirstOrDefault(b => TinyCheckpoint.Sha256(b) == cdnSha);
            if (blob is null)
            {
                await WriteHeadAsync(stream, 404, [], 0, ct);
                return;
            }

            // A CDN's own ETag is not the hub's; the client must keep the hub's from the redirect.
            await ServeBodyAsync(client, stream, request, blob, lfs: true, [("ETag", "\"cdn-etag-1\"")], ct);
            return;
        }

        if (ForcedError is { } forced)
        {
            var extra = forced.ErrorCode is null ? new List<(string, string)>() : [("X-Error-Code", forced.ErrorCode), ("X-Error-Message", $"{forced.ErrorCode} (fake hub)")];
            await WriteHeadAsync(stream, forced.Status, extra, 0, ct);
            return;
        }

        if (parts.Length < 5 || parts[2] != "resolve")
        {
            await WriteHeadAsync(stream, 404, [], 0, ct);
            return;
        }

        if (!_repos.TryGetValue($"{parts[0]}/{parts[1]}", out var repo))
        {
            await WriteHeadAsync(stream, 404, [("X-Error-Code", "RepoNotFound")], 0, ct);
            return;
        }

        var revision = Uri.UnescapeDataString(parts[3]);
        if (revision != "main" && revision != repo.Commit)
        {
            await WriteHeadAsync(stream, 404, [("X-Error-Code", "RevisionNotFound")], 0, ct);
            return;
        }

        var file = Uri.UnescapeDataString(string.Join('/', parts[4..]));
        if (!repo.Files.TryGetValue(file, out var bytes))
        {
            await WriteHeadAsync(stream, 404, [("X-Error-Code", "EntryNotFound")], 0, ct);
            return;
        }

        var lfs = file.EndsWith(".safetensors", StringComparison.Ordinal);
        var hubHeaders = new List<(string, string)> { ("X-Repo-Commit", repo.Commit) };
        if (lfs)
        {
            var sha = AnnouncedSha256 ?? TinyCheckpoint.Sha256(bytes);
            hubHeaders.Add(("ETag", $"\"{sha}\""));
            hubHeaders.Add(("X-Linked-Etag", $"\"{sha}\""));
            hubHeaders.Add(("X-Linked-Size", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (RedirectLfs)
            {
                hubHeaders.Add(("Location", $"{CdnBase?.AbsoluteUri.TrimEnd('/')}/cdn/{TinyCheckpoint.Sha256(bytes)}?signature=x"));
                await WriteHeadAsync(stream, 302, hubHeaders, 0, ct);
                return;
            }
        }
        else
        {
            hubHeaders.Add(("ETag", $"\"{GitBlobSha1(bytes)}\""));
        }

        await ServeBodyAsync(client, stream, request, bytes, lfs, hubHeaders, ct);
    }

    private async Task ServeBodyAsync(TcpClient client, NetworkStream stream, FakeHubRequest request, byte[] bytes, bool lfs, List<(string, string)> headers, CancellationToken ct)
    {
        headers.Add(("Accept-Ranges", "bytes"));
        if (request.Method == "HEAD")
        {
            await WriteHeadAsync(stream, 200, headers, bytes.Length, ct);
            return;
        }

        var start = 0;
        if (!IgnoreRange && request.Range is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= bytes.Length)
            {
                await WriteHeadAsync(stream, 416, [("Content-Range", $"bytes */{bytes.Length}")], 0, ct);
                return;
            }

            headers.Add(("Content-Range", $"bytes {start}-{bytes.Length - 1}/{bytes.Length}"));
        }

        await WriteHeadAsync(stream, start > 0 ? 206 : 200, headers, bytes.Length - start, ct);
        var body = bytes.AsMemory(start);
        if (lfs && Interlocked.Decrement(ref _cutsLeft) >= 0)
        {
            // Announce the whole body, send part of it, then close: the client sees the response end early.
            await stream.WriteAsync(body[..Math.Min(CutAfterBytes, body.Length)], ct);
            await stream.FlushAsync(ct);
            client.Client.Shutdown(SocketShutdown.Send);
            return;
        }

        if (lfs && Interlocked.Decrement(ref _stallsLeft) >= 0)
        {
            await stream.WriteAsync(body[..Math.Min(StallAfterBytes, body.Length)], ct);
            await stream.FlushAsync(ct);
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return;
        }

        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
        client.Client.Shutdown(SocketShutdown.Send);
    }

    private static async Task WriteHeadAsync(NetworkStream stream, int status, IEnumerable<(string Name, string Value)> headers, long contentLength, CancellationToken ct)
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        206 => "Partial Content",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                return text[..end];
            }
        }

        return null;
    }

    /// <summary>The git object id of a blob: what the hub sends as ETag for a file not stored in LFS.</summary>
    private static string GitBlobSha1(byte[] bytes)
    {
#pragma warning disable CA5350 // git names objects by SHA-1; this mirrors it, it protects nothing.
        var header = Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. bytes]));
#pragma warning restore CA5350
    }
}
