using System.Diagnostics.CodeAnalysis;
using Kairos.Kronos.Hub;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>Downloads from a local fake hub: the cache layout it writes, resume, verification, errors, retries, cancellation.</summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes the fields through IAsyncLifetime.DisposeAsync.")]
public sealed class HubDownloaderTests : IAsyncLifetime
{
    private const string Repo = "NeoQuasar/Kronos-small";

    private static readonly HubDownloadOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-pull-").FullName;
    private readonly FakeHubServer _server = new();
    private readonly HttpClient _http = new(HubDownloader.CreateDefaultHandler());
    private readonly Dictionary<string, byte[]> _files = TinyCheckpoint.Files(TinyCheckpoint.ModelFolder);

    public Task InitializeAsync()
    {
        _server.AddRepo(Repo, TinyCheckpoint.Commit, _files);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string CacheRoot => Path.Combine(_dir, "hub");

    private string RepoFolder => Path.Combine(CacheRoot, "models--NeoQuasar--Kronos-small");

    private string WeightsSha => TinyCheckpoint.Sha256(_files["model.safetensors"]);

    private int WeightsLength => _files["model.safetensors"].Length;

    private HubEnvironment Env(string? token = null) => new(CacheRoot, _server.Endpoint, token);

    private HubDownloader Downloader(HubDownloadOptions? options = null, string? token = null) =>
        new(_http, Env(token), TimeProvider.System, options ?? FastRetries);

    private static Task<ResolvedCheckpoint> Pull(HubDownloader downloader, string? revision = null, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default) =>
        downloader.PullAsync(HubRepoId.Parse(Repo), revision, progress, ct);

    private void AssertPulledCorrectly(ResolvedCheckpoint resolved)
    {
        var snapshot = Path.Combine(RepoFolder, "snapshots", TinyCheckpoint.Commit);
        Assert.Equal(snapshot, resolved.Directory);
        Assert.Equal(TinyCheckpoint.Commit, resolved.Revision);
        foreach (var (name, bytes) in _files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(snapshot, name)));
        }

        // Weights are a blob named by their sha256, linked relatively from the snapshot.
        var weightsLink = new FileInfo(Path.Combine(snapshot, "model.safetensors"));
        Assert.Equal(Path.Combine("..", "..", "blobs", WeightsSha), weightsLink.LinkTarget);
        Assert.Equal(TinyCheckpoint.Commit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
        Assert.Empty(Directory.GetFiles(RepoFolder, "*.tmp", SearchOption.AllDirectories));

        // And the locator finds it offline.
        Assert.Equal(snapshot, CheckpointLocator.Resolve(Repo, null, new HubEnvironment(CacheRoot, new Uri("https://unused.invalid"), null)).Directory);
    }

    private void AssertNoSnapshot()
    {
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "snapshots")));
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "refs")));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "blobs", WeightsSha)));
    }

    [Fact]
    public async Task Pull_writes_blobs_symlinked_snapshot_and_ref()
    {
        var reports = new List<DownloadProgress>();
        var resolved = await Pull(Downloader(), progress: new SyncProgress(reports.Add));
        AssertPulledCorrectly(resolved);

        var requests = _server.Requests;
        Assert.Equal(2, requests.Count(r => r.Method == "HEAD"));
        Assert.Equal(2, requests.Count(r => r.Method == "GET"));
        Assert.Contains(requests, r => r.Method == "HEAD" && r.Path == "/NeoQuasar/Kronos-small/resolve/main/config.json");

        // Every file after the first and every download is asked for at the commit, so a moving branch cannot mix commits.
        Assert.All(requests.Where(r => r.Method == "GET"), r => Assert.Contains($"/resolve/{TinyCheckpoint.Commit}/", r.Path, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Null(r.Authorization));
        Assert.Contains(reports, p => p.File == "model.safetensors" && p.Percent == 100 && p.Message is null);
    }

    [Fact]
    public async Task A_second_pull_downloads_nothing()
    {
        await Pull(Downloader());
        var before = _server.Requests.Count(r => r.Method == "GET");
        var reports = new List<DownloadProgress>();
        AssertPulledCorrectly(await Pull(Downloader(), progress: new SyncProgress(reports.Add)));
        Assert.Equal(before, _server.Requests.Count(r => r.Method == "GET"));
        Assert.Contains(reports, p => p.Message == "already in the cache");
    }

    [Fact]
    public async Task The_token_is_sent_as_bearer_when_set()
    {
        _server.RequiredToken = "hf_test_token";
        AssertPulledCorrectly(await Pull(Downloader(token: "hf_test_token")));
        Assert.All(_server.Requests, r => Assert.Equal("Bearer hf_test_token", r.Authorization));
    }

    [Fact]
    public async Task The_token_is_not_sent_to_the_cdn_on_another_host()
    {
        await using var cdn = new FakeHubServer();
        cdn.AddRepo(Repo, TinyCheckpoint.Commit, _files);
        _server.RequiredToken = "hf_test_token";
        _server.RedirectLfs = true;
        _server.CdnBase = cdn.Endpoint;
        AssertPulledCorrectly(await Pull(Downloader(token: "hf_test_token")));
        Assert.All(_server.Requests, r => Assert.Equal("Bearer hf_test_token", r.Authorization));
        var cdnGet = Assert.Single(cdn.Requests, r => r.Method == "GET");
        Assert.Null(cdnGet.Authorization);
        Assert.StartsWith($"/cdn/{WeightsSha}", cdnGet.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_connection_is_resumed_with_a_range_request()
    {
        _server.CutNextLfsGets(times: 1, afterBytes: 100_000);
        var reports = new List<DownloadProgress>();
        AssertPulledCorrectly(await Pull(Downloader(), progress: new SyncProgress(reports.Add)));

        var gets = _server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("model.safetensors", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Null(gets[0].Range);
        Assert.Equal("bytes=100000-", gets[1].Range);
        Assert.Contains(reports, p => p.Message?.Contains("retrying", StringComparison.Ordinal) == true);
        Assert.Contains(reports, p => p.Message == "resuming at byte 100000");
    }

    [Fact]
    public async Task A_partial_file_from_an_earlier_run_is_resumed()
    {
        var blobs = Directory.CreateDirectory(Path.Combine(RepoFolder, "blobs")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(blobs, WeightsSha + ".incomplete"), _files["model.safetensors"][..12345]);
        AssertPulledCorrectly(await Pull(Downloader()));
        var get = Assert.Single(_server.Requests, r => r.Method == "GET" && r.Path.EndsWith("model.safetensors", StringComparison.Ordinal));
        Assert.Equal("bytes=12345-", get.Range);
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_restarts_the_file()
    {
        _server.IgnoreRange = true;
        var blobs = Directory.CreateDirectory(Path.Combine(RepoFolder, "blobs")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(blobs, WeightsSha + ".incomplete"), _files["model.safetensors"][..5000]);
        AssertPulledCorrectly(await Pull(Downloader()));
    }

    [Fact]
    public async Task Resume_through_the_cdn_redirect_keeps_the_hub_headers()
    {
        _server.RedirectLfs = true;
        _server.CutNextLfsGets(times: 2, afterBytes: 70_000);
        AssertPulledCorrectly(await Pull(Downloader()));
        var cdn = _server.Requests.Where(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal) && r.Method == "GET").ToList();
        Assert.Equal(3, cdn.Count);
        Assert.Equal([null, "bytes=70000-", "bytes=140000-"], cdn.Select(r => r.Range));
    }

    [Fact]
    public async Task A_wrong_hash_fails_and_leaves_no_snapshot_and_no_partial_file()
    {
        _server.AnnouncedSha256 = new string('a', 64);
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => Pull(Downloader()));
        Assert.Equal(HubFailure.Integrity, e.Failure);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), e.Message, StringComparison.Ordinal);
        AssertNoSnapshot();
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
        Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, null, Env()));
    }

    [Theory]
    [InlineData(404, "RepoNotFound", HubFailure.NotFound, "was not found")]
    [InlineData(404, "RevisionNotFound", HubFailure.NotFound, "--revision")]
    [InlineData(401, "RepoNotFound", HubFailure.Unauthorized, "HF_TOKEN")]
    [InlineData(403, "GatedRepo", HubFailure.Forbidden, "gated")]
    public async Task Refusals_are_clear_errors_without_retries(int status, string errorCode, HubFailure failure, string hint)
    {
        _server.ForcedError = (status, errorCode);
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => Pull(Downloader()));
        Assert.Equal(failure, e.Failure);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        AssertNoSnapshot();
    }

    [Fact]
    public async Task An_unknown_repo_is_not_found()
    {
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => Downloader().PullAsync(HubRepoId.Parse("Nobody/Nothing"), null, null, CancellationToken.None));
        Assert.Equal(HubFailure.NotFound, e.Failure);
        Assert.Contains("Nobody/Nothing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_succeed()
    {
        _server.FailNext(500, 503);
        AssertPulledCorrectly(await Pull(Downloader()));
        Assert.Equal(6, _server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_give_up_after_the_last_attempt()
    {
        _server.FailNext(500, 500, 500);
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => Pull(Downloader(FastRetries with { MaxAttempts = 3 })));
        Assert.Equal(HubFailure.Transfer, e.Failure);
        Assert.Contains("3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_stalled_transfer_times_out_and_resumes()
    {
        _server.StallNextLfsGets(times: 1, afterBytes: 65_536);
        AssertPulledCorrectly(await Pull(Downloader(FastRetries with { ReadTimeout = TimeSpan.FromSeconds(1) })));
        var gets = _server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("model.safetensors", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, gets.Count);
        Assert.NotNull(gets[1].Range);
    }

    [Fact]
    public async Task Cancellation_stops_the_download_and_leaves_no_snapshot()
    {
        _server.StallNextLfsGets(times: 1, afterBytes: 65_536);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.File == "model.safetensors" && p.Bytes > 0)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pull(Downloader(), progress: progress, ct: cancel.Token));
        AssertNoSnapshot();

        // The partial file stays for the next run to resume.
        Assert.Single(Directory.GetFiles(Path.Combine(RepoFolder, "blobs"), "*.incomplete"));
    }

    [Fact]
    public async Task An_explicit_commit_revision_writes_no_ref()
    {
        var resolved = await Pull(Downloader(), revision: TinyCheckpoint.Commit);
        Assert.Equal(TinyCheckpoint.Commit, resolved.Revision);
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "refs")));
        Assert.Equal(resolved.Directory, CheckpointLocator.Resolve(Repo, TinyCheckpoint.Commit, Env()).Directory);
    }

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
