using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Kairos.Kronos.Hub;

/// <summary>
/// Downloads a checkpoint from a Hugging Face hub into the standard hub cache (the layout of <see cref="CheckpointLocator"/>):
/// one HEAD per file for its commit, blob name (ETag) and size, then a resumable GET into <c>blobs/{etag}.incomplete</c>.
/// </summary>
/// <remarks>
/// Invariants: a snapshot only ever links verified blobs (size, and SHA-256 when the ETag is one) and is linked only after every
/// file of the checkpoint is verified; blobs and refs appear through atomic renames. An interrupted transfer leaves only an
/// <c>.incomplete</c> file, resumed with an HTTP Range request by the next attempt or run; a file that fails verification is deleted.
/// The handler must not follow redirects itself (<see cref="CreateDefaultHandler"/>): on the real hub the size and hash of a weights
/// file are headers of the redirect to the CDN, so this class follows redirects and keeps them. The token goes only to the endpoint's host.
/// </remarks>
public sealed class HubDownloader
{
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _http;
    private readonly HubEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly HubDownloadOptions _options;

    public HubDownloader(HttpClient http, HubEnvironment environment, TimeProvider timeProvider, HubDownloadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options ?? new HubDownloadOptions();
        _options.Validate();
        if (_options.Files.Any(f => !HubCacheLayout.IsSafeRelativePath(f)))
        {
            throw new ArgumentException("File names must be relative paths inside the repository.", nameof(options));
        }

        _http = http;
        _environment = environment;
        _time = timeProvider;
    }

    /// <summary>A handler for <see cref="HttpClient"/> that leaves redirects to this class and never decompresses (sizes and hashes are of the raw bytes).</summary>
    public static HttpMessageHandler CreateDefaultHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>Downloads the checkpoint files of <paramref name="repo"/> at <paramref name="revision"/> (default <c>main</c>) unless they are cached.</summary>
    /// <returns>The snapshot folder, resolvable afterwards by <see cref="CheckpointLocator.Resolve"/> without the network.</returns>
    /// <exception cref="HubDownloadException">The hub refused (404/401/403), the bytes failed verification, or the transfer failed after every retry.</exception>
    public async Task<ResolvedCheckpoint> PullAsync(HubRepoId repo, string? revision, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        revision ??= CheckpointLocator.DefaultRevision;
        if (!HubCacheLayout.IsValidRevision(revision))
        {
            throw new ArgumentException($"'{revision}' is not a valid revision (a branch, tag or commit hash).", nameof(revision));
        }

        var layout = new HubCacheLayout(_environment.CacheRoot, repo);
        var files = _options.Files;
        var metadata = new List<HubFileMetadata>(files.Count);
        string? commit = null;
        foreach (var file in files)
        {
            // After the first file, ask for the commit itself, so every file comes from one commit even if the branch moves meanwhile.
            var meta = await GetMetadataAsync(repo, commit ?? revision, file, progress, cancellationToken);
            if (commit is not null && !string.Equals(meta.Commit, commit, StringComparison.Ordinal))
            {
                throw new HubDownloadException(HubFailure.Transfer, $"{file}: the hub answered commit {meta.Commit} when asked for commit {commit}.");
            }

            commit ??= meta.Commit;
            metadata.Add(meta);
        }

        for (var i = 0; i < files.Count; i++)
        {
            await EnsureBlobAsync(layout, files[i], metadata[i], progress, cancellationToken);
        }

        var snapshot = layout.Snapshot(commit!);
        for (var i = 0; i < files.Count; i++)
        {
            LinkIntoSnapshot(layout.Blob(metadata[i].Etag), Path.Combine(snapshot, files[i]));
        }

        if (!string.Equals(revision, commit, StringComparison.OrdinalIgnoreCase))
        {
            await WriteAtomicallyAsync(layout.RefFile(revision), commit!, cancellationToken);
        }

        return new ResolvedCheckpoint(snapshot, repo, commit);
    }

    private Uri FileUrl(HubRepoId repo, string revision, string file)
    {
        var escapedFile = string.Join('/', file.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{_environment.Endpoint.AbsoluteUri.TrimEnd('/')}/{repo}/resolve/{Uri.EscapeDataString(revision)}/{escapedFile}");
    }

    private Task<HubFileMetadata> GetMetadataAsync(HubRepoId repo, string revision, string file, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        WithRetriesAsync(file, progress, async ct =>
        {
            var url = FileUrl(repo, revision, file);
            var (response, hubHeaders) = await SendAsync(HttpMethod.Head, url, rangeStart: null, ct);
            using (response)
            {
                ThrowForStatus(response, url, repo, revision, file);

                var commit = hubHeaders.GetValueOrDefault("X-Repo-Commit")?.Trim().ToLowerInvariant()
                    ?? (HubCacheLayout.IsCommitHash(revision) ? revision.ToLowerInvariant() : null);
                if (commit is null || !HubCacheLayout.IsCommitHash(commit))
                {
                    throw new HubDownloadException(HubFailure.Transfer, $"{url}: the server sent no commit hash (X-Repo-Commit); is {_environment.Endpoint} a Hugging Face hub?");
                }

                var etag = NormaliseEtag(hubHeaders.GetValueOrDefault("X-Linked-Etag") ?? hubHeaders.GetValueOrDefault("ETag"));
                if (etag is null)
                {
                    throw new HubDownloadException(HubFailure.Transfer, $"{url}: the server sent no usable ETag, so the file cannot be named or verified.");
                }

                long? size = long.TryParse(hubHeaders.GetValueOrDefault("X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var linked)
                    ? linked
                    : response.Content.Headers.ContentLength;
                if (size is not { } known || known < 0)
                {
                    throw new HubDownloadException(HubFailure.Transfer, $"{url}: the server announced no size (X-Linked-Size or Content-Length).");
                }

                // Download from the commit, not the branch: the bytes then match the metadata even if the branch moves.
                return new HubFileMetadata(commit, etag, known, FileUrl(repo, commit, file));
            }
        }, cancellationToken);

    private async Task EnsureBlobAsync(HubCacheLayout layout, string file, HubFileMetadata meta, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var blob = layout.Blob(meta.Etag);
        if (File.Exists(blob) && new FileInfo(blob).Length == meta.Size)
        {
            progress?.Report(new DownloadProgress(file, meta.Size, meta.Size, "already in the cache"));
            return;
        }

        Directory.CreateDirectory(layout.BlobsFolder);
        var incomplete = blob + ".incomplete";
        try
        {
            await WithRetriesAsync(file, progress, async ct =>
            {
                await TransferAsync(file, meta, incomplete, progress, ct);
                return true;
            }, cancellationToken);
            await VerifyAsync(file, incomplete, meta, cancellationToken);
        }
        catch (HubDownloadException e) when (e.Failure == HubFailure.Integrity)
        {
            File.Delete(incomplete);
            throw;
        }

        File.Move(incomplete, blob, overwrite: true);
    }

    /// <summary>One attempt: continue <paramref name="incomplete"/> from its length (a Range request) up to the announced size.</summary>
    private async Task TransferAsync(string file, HubFileMetadata meta, string incomplete, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        if (have > meta.Size)
        {
            File.Delete(incomplete);
            have = 0;
        }

        if (have == meta.Size && have > 0)
        {
            progress?.Report(new DownloadProgress(file, have, meta.Size, "complete from an earlier run"));
            return;
        }

        var (response, _) = await SendAsync(HttpMethod.Get, meta.Location, have > 0 ? have : null, ct);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(incomplete);
                throw new IOException($"the server refused to resume at byte {have}; starting over");
            }

            ThrowForStatus(response, meta.Location, null, null, file);
            var append = false;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var from = response.Content.Headers.ContentRange?.From;
                if (from != have)
                {
                    File.Delete(incomplete);
                    throw new IOException($"the server resumed at byte {from?.ToString(CultureInfo.InvariantCulture) ?? "?"} instead of {have}; starting over");
                }

                append = true;
                progress?.Report(new DownloadProgress(file, have, meta.Size, $"resuming at byte {have}"));
            }
            else if (have > 0)
            {
                progress?.Report(new DownloadProgress(file, 0, meta.Size, "the server does not resume; starting over"));
                have = 0;
            }

            await using var output = new FileStream(incomplete, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stall.Token);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                var reported = Percent(have, meta.Size);
                progress?.Report(new DownloadProgress(file, have, meta.Size));
                while (true)
                {
                    stall.CancelAfter(_options.ReadTimeout);
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token);
                    }
                    catch (OperationCanceledException e) when (stall.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        throw new TimeoutException($"no data for {_options.ReadTimeout.TotalSeconds:0.#} s after byte {have}", e);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    if (have + read > meta.Size)
                    {
                        throw new HubDownloadException(HubFailure.Integrity, $"{file}: the server sent more than the {meta.Size} bytes the hub announced; the download was deleted.");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    have += read;
                    var percent = Percent(have, meta.Size);
                    if (percent != reported)
                    {
                        reported = percent;
                        progress?.Report(new DownloadProgress(file, have, meta.Size));
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (have < meta.Size)
            {
                throw new IOException($"the connection closed after {have} of {meta.Size} bytes");
            }
        }
    }

    private static int Percent(long bytes, long total) => total == 0 ? 100 : (int)(bytes * 100 / total);

    private static async Task VerifyAsync(string file, string path, HubFileMetadata meta, CancellationToken ct)
    {
        var length = new FileInfo(path).Length;
        if (length != meta.Size)
        {
            throw new HubDownloadException(HubFailure.Integrity, $"{file}: {length} bytes received but the hub announced {meta.Size}; the download was deleted.");
        }

        if (meta.Sha256 is { } expected)
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new HubDownloadException(
                    HubFailure.Integrity,
                    $"{file}: SHA-256 {actual} does not match {expected} announced by the hub; the download was deleted. "
                    + "Run the command again; if it keeps failing, something between you and the hub alters the file.");
            }
        }
    }

    /// <summary>Sends one request, following redirects; hub headers are kept from the first response that has each (the redirect, for LFS files).</summary>
    private async Task<(HttpResponseMessage Response, Dictionary<string, string> HubHeaders)> SendAsync(HttpMethod method, Uri url, long? rangeStart, CancellationToken ct)
    {
        var hubHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, current);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("kairos", "1.0"));
            if (_environment.Token is { } token && Uri.Compare(current, _environment.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (rangeStart is > 0)
            {
                request.Headers.Range = new RangeHeaderValue(rangeStart, null);
            }

            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
            {
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                }
                catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no response from {current.Host} within {_options.RequestTimeout.TotalSeconds:0.#} s", e);
                }
            }

            foreach (var name in (string[])["X-Repo-Commit", "X-Linked-Etag", "X-Linked-Size", "ETag"])
            {
                if (!hubHeaders.ContainsKey(name) && response.Headers.TryGetValues(name, out var values))
                {
                    hubHeaders[name] = values.First();
                }
            }

            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (hop >= _options.MaxRedirects)
                {
                    throw new HubDownloadException(HubFailure.Transfer, $"{url}: more than {_options.MaxRedirects} redirects.");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                continue;
            }

            return (response, hubHeaders);
        }
    }

    /// <summary>Success passes; 404/401/403 and other refusals become <see cref="HubDownloadException"/>; 408/429/5xx become a retryable <see cref="HttpRequestException"/>.</summary>
    private void ThrowForStatus(HttpResponseMessage response, Uri url, HubRepoId? repo, string? revision, string file)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return;
        }

        var code = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.First() : null;
        var hubSays = response.Headers.TryGetValues("X-Error-Message", out var messages) ? $" The hub says: {messages.First()}" : string.Empty;
        var what = repo?.ToString() ?? url.ToString();
        switch (status)
        {
            case 401:
                throw new HubDownloadException(HubFailure.Unauthorized, _environment.Token is null
                    ? $"'{what}' was not found, or it is private or gated and needs an access token (HTTP 401). Check the id; if it is right, set HF_TOKEN to a token that can read it.{hubSays}"
                    : $"'{what}' was not found, or the token in HF_TOKEN may not read it (HTTP 401).{hubSays}");
            case 403:
                throw new HubDownloadException(HubFailure.Forbidden,
                    $"Access to '{what}' is forbidden (HTTP 403). If it is a gated model, accept its conditions at {_environment.Endpoint.AbsoluteUri.TrimEnd('/')}/{what} "
                    + $"and set HF_TOKEN to a token of that account.{hubSays}");
            case 404:
                throw new HubDownloadException(HubFailure.NotFound, code switch
                {
                    "RepoNotFound" => $"Repository '{what}' was not found on {_environment.Endpoint} (HTTP 404). Check the id, e.g. NeoQuasar/Kronos-small.{hubSays}",
                    "RevisionNotFound" => $"Revision '{revision}' of '{what}' was not found (HTTP 404). Check --revision.{hubSays}",
                    "EntryNotFound" => $"'{what}' has no file '{file}' at '{revision}' (HTTP 404): is it a Kronos checkpoint?{hubSays}",
                    _ => $"'{url}' was not found (HTTP 404): check the repository id and the revision.{hubSays}",
                });
            case 408 or 429 or >= 500:
                throw new HttpRequestException($"HTTP {status} from {url.Host}", null, response.StatusCode);
            default:
                throw new HubDownloadException(HubFailure.Transfer, $"'{url}' answered HTTP {status} {response.ReasonPhrase}.{hubSays}");
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or has failed transiently <see cref="HubDownloadOptions.MaxAttempts"/> times.</summary>
    private async Task<T> WithRetriesAsync<T>(string file, IProgress<DownloadProgress>? progress, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        var delay = _options.InitialBackoff;
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt(ct);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (n >= _options.MaxAttempts)
                {
                    throw new HubDownloadException(HubFailure.Transfer, $"{file}: gave up after {n} attempts: {e.Message}. Run the command again to resume.", e);
                }

                progress?.Report(new DownloadProgress(file, 0, null, $"{e.Message}; retrying in {delay.TotalSeconds:0.###} s (attempt {n + 1} of {_options.MaxAttempts})"));
                await Task.Delay(delay, _time, ct);
                delay = delay * 2 < _options.MaxBackoff ? delay * 2 : _options.MaxBackoff;
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        HubDownloadException => false,
        OperationCanceledException => !ct.IsCancellationRequested,
        HttpRequestException { StatusCode: { } status } => (int)status is 408 or 429 or >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary><c>W/"abc"</c> → <c>abc</c>; null unless the rest is a safe file name (hex digits and a few separators).</summary>
    private static string? NormaliseEtag(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : null;
    }

    /// <summary>Points <paramref name="target"/> at <paramref name="blob"/> with a relative symlink (a copy where symlinks are unavailable), replacing it atomically.</summary>
    private static void LinkIntoSnapshot(string blob, string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var relative = Path.GetRelativePath(folder, blob);
        var existing = new FileInfo(target);
        if (existing.LinkTarget == relative && HubCacheLayout.FileProblem(target) is null)
        {
            return;
        }

        var temp = $"{target}.{Environment.ProcessId}.tmp";
        try
        {
            File.Delete(temp);
            try
            {
                File.CreateSymbolicLink(temp, relative);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                File.Copy(blob, temp, overwrite: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }
}
