using System.CommandLine;
using System.Globalization;
using Kairos.Kronos.Hub;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos models pull</c>: download Kronos checkpoints from the Hugging Face hub into its standard cache;
/// <c>kairos models resolve</c>: print the folder a <c>--model</c>/<c>--tokenizer</c> argument resolves to, offline.
/// </summary>
internal static class ModelsCommand
{
    private static readonly Argument<string[]> RepoIds = new("repo-id")
    {
        Description = "Hugging Face repository id(s), e.g. NeoQuasar/Kronos-small NeoQuasar/Kronos-Tokenizer-base.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Argument<string> Model = new("model")
    {
        Description = "A checkpoint folder (holding config.json and model.safetensors) or a repository id in the hub cache.",
    };

    private static readonly Option<string?> PullRevision = RevisionOption();

    private static readonly Option<string?> ResolveRevision = RevisionOption();

    private static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description = "Hub base URL (default: $HF_ENDPOINT, else https://huggingface.co). Files come from {endpoint}/{repo}/resolve/{revision}/{file}.",
    };

    private static readonly Option<DirectoryInfo?> PullCacheDir = CacheDirOption();

    private static readonly Option<DirectoryInfo?> ResolveCacheDir = CacheDirOption();

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress lines on stderr.",
    };

    public static Command Create()
    {
        var pull = new Command(
            "pull",
            "Download config.json and model.safetensors of each repository into the Hugging Face cache (resumable; sizes and SHA-256 verified). "
            + "Set HF_TOKEN for private or gated repositories.")
        {
            RepoIds, PullRevision, Endpoint, PullCacheDir, Quiet,
        };
        pull.SetAction((parse, ct) => PullAsync(parse, ct));

        var resolve = new Command("resolve", "Print the checkpoint folder a --model/--tokenizer argument resolves to, without the network.")
        {
            Model, ResolveRevision, ResolveCacheDir,
        };
        resolve.SetAction((parse, ct) => ResolveAsync(parse, ct));

        return new Command("models", "Get Kronos model and tokenizer weights (see docs/models.md).") { pull, resolve };
    }

    private static Option<string?> RevisionOption() => new("--revision")
    {
        Description = "Branch, tag or commit hash (default: main).",
    };

    private static Option<DirectoryInfo?> CacheDirOption() => new("--cache-dir")
    {
        Description = "Hub cache folder (default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub).",
    };

    private static async Task<int> PullAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(Quiet);
        var revision = parse.GetValue(PullRevision);
        var repos = parse.GetValue(RepoIds)!
            .Select(text => HubRepoId.TryParse(text, out var id)
                ? id
                : throw new UsageException($"'{text}' is not a Hugging Face repository id (expected owner/name, e.g. NeoQuasar/Kronos-small)."))
            .ToList();

        var endpoint = parse.GetValue(Endpoint);
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            throw new UsageException($"--endpoint: '{endpoint}' is not an absolute http(s) URL.");
        }

        var environment = HubSettings(parse.GetValue(PullCacheDir), endpoint);
        if (environment.Token is not null && environment.Endpoint.Scheme == Uri.UriSchemeHttp && !environment.Endpoint.IsLoopback)
        {
            await stderr.WriteLineAsync($"warning: HF_TOKEN is sent to {environment.Endpoint} without encryption.");
        }

        using var http = new HttpClient(HubDownloader.CreateDefaultHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var downloader = new HubDownloader(http, environment, TimeProvider.System);
        foreach (var repo in repos)
        {
            if (!quiet)
            {
                await stderr.WriteLineAsync($"Pulling {repo} ({revision ?? CheckpointLocator.DefaultRevision}) from {environment.Endpoint} into {environment.CacheRoot}");
            }

            ResolvedCheckpoint resolved;
            try
            {
                resolved = await downloader.PullAsync(repo, revision, quiet ? null : new ProgressLines(stderr), cancellationToken);
            }
            catch (HubDownloadException e) when (e.Failure is HubFailure.NotFound or HubFailure.Unauthorized or HubFailure.Forbidden)
            {
                throw new UsageException(e.Message);
            }
            catch (HubDownloadException e) when (e.Failure == HubFailure.Integrity)
            {
                await stderr.WriteLineAsync($"error: verification failed: {e.Message}");
                return ExitCodes.BadData;
            }
            catch (HubDownloadException e)
            {
                await stderr.WriteLineAsync($"error: download failed: {e.Message}");
                return ExitCodes.Network;
            }

            await stdout.WriteLineAsync($"{repo} {resolved.Revision} {resolved.Directory}");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ResolveAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var environment = HubSettings(parse.GetValue(ResolveCacheDir), endpoint: null);
        try
        {
            var resolved = CheckpointLocator.Resolve(parse.GetValue(Model)!, parse.GetValue(ResolveRevision), environment);
            await parse.InvocationConfiguration.Output.WriteLineAsync(resolved.Directory);
            return ExitCodes.Success;
        }
        catch (CheckpointNotFoundException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The hub settings of the process, with <c>--cache-dir</c> taking the place of HF_HUB_CACHE and <c>--endpoint</c> that of HF_ENDPOINT.</summary>
    private static HubEnvironment HubSettings(DirectoryInfo? cacheDir, string? endpoint)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cacheDir is not null)
        {
            overrides["HF_HUB_CACHE"] = cacheDir.FullName;
        }

        if (endpoint is not null)
        {
            overrides["HF_ENDPOINT"] = endpoint;
        }

        try
        {
            return HubEnvironment.FromVariables(new OverriddenVariables(new ProcessEnvironmentVariables(), overrides));
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"{e.Message} Pass --cache-dir DIR.");
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    private sealed class OverriddenVariables(IEnvironmentVariables inner, Dictionary<string, string> overrides) : IEnvironmentVariables
    {
        public string? HomeDirectory => inner.HomeDirectory;

        public string? Get(string name) => overrides.TryGetValue(name, out var value) ? value : inner.Get(name);
    }

    /// <summary>Plain progress lines (every 10 % of a file, plus notes), so redirected output stays readable.</summary>
    private sealed class ProgressLines(TextWriter writer) : IProgress<DownloadProgress>
    {
        private readonly Dictionary<string, int> _lastTenth = new(StringComparer.Ordinal);

        public void Report(DownloadProgress value)
        {
            if (value.Message is not null)
            {
                writer.WriteLine($"  {value.File}: {value.Message}");
                return;
            }

            var tenth = value.Percent is { } percent ? percent / 10 : -1;
            if (_lastTenth.TryGetValue(value.File, out var last) && tenth <= last)
            {
                return;
            }

            _lastTenth[value.File] = tenth;
            writer.WriteLine(value.TotalBytes is { } total
                ? string.Create(CultureInfo.InvariantCulture, $"  {value.File}: {value.Percent,3} % ({Size(value.Bytes)} of {Size(total)})")
                : $"  {value.File}: {Size(value.Bytes)}");
        }
    }
}
