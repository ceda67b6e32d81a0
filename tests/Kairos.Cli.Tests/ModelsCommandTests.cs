using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kairos.Kronos.Hub;

namespace Kairos.Cli.Tests;

/// <summary><c>kairos models pull/resolve</c> in-process against a hub on 127.0.0.1 and a temporary cache; no test touches the internet.</summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes the server through IAsyncLifetime.DisposeAsync.")]
public sealed class ModelsCommandTests : IAsyncLifetime
{
    private const string Repo = "NeoQuasar/Kronos-small";
    private const string Commit = "89abcdef0123456789abcdef0123456789abcdef";

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-models-").FullName;
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private LocalHub? _hub;

    private LocalHub Hub => _hub!;

    private string CacheDir => Path.Combine(_dir, "hub");

    public Task InitializeAsync()
    {
        var fixture = Path.Combine(RepoPaths.Root, "tests", "Kairos.Kronos.Tests", "Fixtures", "tiny", "model");
        foreach (var name in new[] { "config.json", "model.safetensors" })
        {
            _files[name] = File.ReadAllBytes(Path.Combine(fixture, name));
        }

        _hub = new LocalHub(Repo, Commit, _files);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Pull_downloads_into_the_cache_and_resolve_finds_it_offline()
    {
        var (code, stdout, stderr) = await CliRunner.Run("models", "pull", Repo, "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir);
        Assert.True(code == 0, stderr);
        var snapshot = Path.Combine(CacheDir, "models--NeoQuasar--Kronos-small", "snapshots", Commit);
        Assert.Equal($"{Repo} {Commit} {snapshot}", stdout.Trim());
        Assert.Contains("model.safetensors: 100 %", stderr, StringComparison.Ordinal);
        Assert.Contains("model.safetensors:   0 % (0 B of 475.8 KiB)", stderr, StringComparison.Ordinal);

        // Plain lines at most every tenth of the file, so a redirected log stays short.
        var lines = stderr.Split('\n').Count(l => l.Contains("model.safetensors:", StringComparison.Ordinal) && l.Contains(" % (", StringComparison.Ordinal));
        Assert.InRange(lines, 3, 11);

        (code, stdout, stderr) = await CliRunner.Run("models", "resolve", Repo, "--cache-dir", CacheDir);
        Assert.True(code == 0, stderr);
        Assert.Equal(snapshot, stdout.Trim());

        var resolved = CheckpointLocator.Resolve(Repo, null, new HubEnvironment(CacheDir, new Uri("https://unused.invalid"), null));
        Assert.Equal(_files["model.safetensors"], await File.ReadAllBytesAsync(resolved.WeightsPath));
        Assert.Equal(_files["config.json"], await File.ReadAllBytesAsync(resolved.ConfigPath));

        // A second pull finds everything cached.
        (code, _, stderr) = await CliRunner.Run("models", "pull", Repo, "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir);
        Assert.Equal(0, code);
        Assert.Contains("already in the cache", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_pull_prints_no_progress()
    {
        var (code, stdout, stderr) = await CliRunner.Run("models", "pull", Repo, "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir, "-q");
        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Contains(Commit, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_repo_is_a_usage_error()
    {
        var (code, stdout, stderr) = await CliRunner.Run("models", "pull", "Nobody/Nothing", "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("'Nobody/Nothing' was not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_download_exits_with_code_3_and_leaves_nothing_to_resolve()
    {
        Hub.WrongHash = true;
        var (code, _, stderr) = await CliRunner.Run("models", "pull", Repo, "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir);
        Assert.Equal(3, code);
        Assert.Contains("SHA-256", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.Run("models", "resolve", Repo, "--cache-dir", CacheDir);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Resolving_a_checkpoint_that_is_not_there_suggests_pull()
    {
        var (code, _, stderr) = await CliRunner.Run("models", "resolve", Repo, "--cache-dir", CacheDir);
        Assert.Equal(2, code);
        Assert.Contains($"kairos models pull {Repo}", stderr, StringComparison.Ordinal);
        Assert.Contains(CacheDir, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_accepts_a_checkpoint_folder()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "Kairos.Kronos.Tests", "Fixtures", "tiny", "model");
        var (code, stdout, _) = await CliRunner.Run("models", "resolve", folder, "--cache-dir", CacheDir);
        Assert.Equal(0, code);
        Assert.Equal(folder, stdout.Trim());
    }

    [Theory]
    [InlineData("pull", "not a repo id!")]
    [InlineData("pull", "a/b/c")]
    public async Task Bad_arguments_are_usage_errors(string command, string argument)
    {
        var (code, _, stderr) = await CliRunner.Run("models", command, argument, "--endpoint", Hub.Endpoint.ToString(), "--cache-dir", CacheDir);
        Assert.Equal(2, code);
        Assert.Contains("not a Hugging Face repository id", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_endpoint_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRunner.Run("models", "pull", Repo, "--endpoint", "ftp://example", "--cache-dir", CacheDir);
        Assert.Equal(2, code);
        Assert.Contains("--endpoint", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_mentions_the_token_and_the_cache()
    {
        var (code, stdout, _) = await CliRunner.Run("models", "pull", "--help");
        Assert.Equal(0, code);
        Assert.Contains("HF_TOKEN", stdout, StringComparison.Ordinal);
        Assert.Contains("--cache-dir", stdout, StringComparison.Ordinal);
    }

    /// <summary>The smallest hub that serves one repository at main and at its commit, with the hub's headers (raw HTTP/1.1 on 127.0.0.1).</summary>
    private sealed class LocalHub : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly string _repo;
        private readonly string _commit;
        private readonly Dictionary<string, byte[]> _files;
        private readonly Task _loop;

        public LocalHub(string repo, string commit, Dictionary<string, byte[]> files)
        {
            (_repo, _commit, _files) = (repo, commit, files);
            _listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _loop = ServeAsync();
        }

        public Uri Endpoint { get; }

        public bool WrongHash { get; set; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }

        // One connection at a time is enough: the client sends one request per connection and waits for it.
        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    await AnswerAsync(client.GetStream(), timeout.Token);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }

        private async Task AnswerAsync(NetworkStream stream, CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            var length = 0;
            string head;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0 || (length += read) >= buffer.Length)
                {
                    return;
                }

                head = Encoding.ASCII.GetString(buffer, 0, length);
                if (head.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var requestLine = head[..head.IndexOf('\r', StringComparison.Ordinal)].Split(' ');
            var (method, path) = (requestLine[0], requestLine[1]);
            var prefix = $"/{_repo}/resolve/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                await WriteAsync(stream, "404 Not Found", [("X-Error-Code", "RepoNotFound")], [], ct);
                return;
            }

            var rest = path[prefix.Length..].Split('/', 2);
            if ((rest[0] != "main" && rest[0] != _commit) || rest.Length < 2 || !_files.TryGetValue(rest[1], out var bytes))
            {
                await WriteAsync(stream, "404 Not Found", [("X-Error-Code", "EntryNotFound")], [], ct);
                return;
            }

            var sha = WrongHash ? new string('0', 64) : Convert.ToHexStringLower(SHA256.HashData(bytes));
            var headers = new List<(string, string)> { ("X-Repo-Commit", _commit), ("Accept-Ranges", "bytes") };
            headers.AddRange(rest[1].EndsWith(".safetensors", StringComparison.Ordinal)
                ? [("ETag", $"\"{sha}\""), ("X-Linked-Etag", $"\"{sha}\""), ("X-Linked-Size", bytes.Length.ToString(CultureInfo.InvariantCulture))]
                : [("ETag", $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..40]}\"")]);
            await WriteAsync(stream, "200 OK", headers, method == "HEAD" ? null : bytes, ct, bytes.Length);
        }

        private static async Task WriteAsync(NetworkStream stream, string status, List<(string Name, string Value)> headers, byte[]? body, CancellationToken ct, long? length = null)
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\n");
            foreach (var (name, value) in headers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {length ?? body?.Length ?? 0}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), ct);
            if (body is not null)
            {
                await stream.WriteAsync(body, ct);
            }
        }
    }
}
