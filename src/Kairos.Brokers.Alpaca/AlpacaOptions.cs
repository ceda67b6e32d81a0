using System.Text.Json;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// Everything the Alpaca adapter needs: endpoints, credentials and the resilience budget. Built once, validated, by
/// <see cref="FromEnvironment"/> or <see cref="FromFile"/>. Live trading needs two switches (<c>PAPER=0</c> and the CLI's
/// <c>--live</c>); the live trading host is refused otherwise. <see cref="ToString"/> never shows the credentials.
/// </summary>
public sealed record AlpacaOptions
{
    public const string PaperTradingUrl = "https://paper-api.alpaca.markets";
    public const string LiveTradingUrl = "https://api.alpaca.markets";
    public const string DefaultDataUrl = "https://data.alpaca.markets";

    public const string KeyIdVariable = "APCA_API_KEY_ID";
    public const string SecretKeyVariable = "APCA_API_SECRET_KEY";
    public const string BaseUrlVariable = "APCA_API_BASE_URL";
    public const string DataUrlVariable = "APCA_API_DATA_URL";
    public const string PaperVariable = "PAPER";

    private const string LiveHost = "api.alpaca.markets";
    private const string PaperHost = "paper-api.alpaca.markets";

    public required Uri TradingBaseUrl { get; init; }

    public required Uri DataBaseUrl { get; init; }

    public bool Paper { get; init; } = true;

    public required string KeyId { get; init; }

    public required string SecretKey { get; init; }

    /// <summary>Client-side budget; Alpaca allows 200 per minute per account, the margin absorbs clock skew.</summary>
    public int MaxRequestsPerMinute { get; init; } = 190;

    /// <summary>Retries after the first attempt of a retryable call.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Per-attempt wall-clock limit on one HTTP exchange.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay; doubles per attempt, jittered to 50–100 % of the step.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest single backoff delay (a server-announced rate-limit reset may wait longer).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The crypto data location path segment (<c>/v1beta3/crypto/{location}/…</c>).</summary>
    public string CryptoLocation { get; init; } = "us";

    /// <summary>Stock data feed: <c>iex</c> is free; <c>sip</c> needs a paid plan for the latest 15 minutes.</summary>
    public string StockFeed { get; init; } = "iex";

    /// <summary>How far back <c>GetFillsAsync</c> looks for orders that closed after the last processed fill.</summary>
    public TimeSpan FillLookback { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Options from the standard Alpaca variables. <c>PAPER</c> defaults to 1; live needs <c>PAPER=0</c> and
    /// <paramref name="liveFlag"/> together.
    /// </summary>
    public static AlpacaOptions FromEnvironment(IReadOnlyDictionary<string, string> env, bool liveFlag)
    {
        ArgumentNullException.ThrowIfNull(env);
        var missing = new[] { KeyIdVariable, SecretKeyVariable }.Where(v => string.IsNullOrWhiteSpace(Get(env, v))).ToArray();
        if (missing.Length > 0)
        {
            throw new AlpacaConfigurationException(
                $"Alpaca credentials missing: set {string.Join(" and ", missing)} (or pass a credentials file outside the repository).");
        }

        var paper = ParsePaper(Get(env, PaperVariable));
        if (paper && liveFlag)
        {
            throw new AlpacaConfigurationException("--live was given but PAPER is not 0: live trading needs both PAPER=0 and --live; refusing to start.");
        }

        if (!paper && !liveFlag)
        {
            throw new AlpacaConfigurationException("PAPER=0 selects live trading, which also needs the --live flag; refusing to start (unset PAPER or set PAPER=1 for paper trading).");
        }

        var trading = ParseUrl(Get(env, BaseUrlVariable) ?? (paper ? PaperTradingUrl : LiveTradingUrl), BaseUrlVariable);
        var data = ParseUrl(Get(env, DataUrlVariable) ?? DefaultDataUrl, DataUrlVariable);
        var options = new AlpacaOptions
        {
            TradingBaseUrl = trading,
            DataBaseUrl = data,
            Paper = paper,
            KeyId = Get(env, KeyIdVariable)!.Trim(),
            SecretKey = Get(env, SecretKeyVariable)!.Trim(),
        };
        options.Validate();
        return options;
    }

    /// <summary>
    /// Options from a JSON credentials file (<c>{"key_id": …, "secret_key": …, "base_url"?: …, "data_url"?: …}</c>)
    /// merged under the environment (a variable that is set wins). The file must not lie inside a git work tree, so it
    /// cannot be committed by accident.
    /// </summary>
    public static AlpacaOptions FromFile(string path, IReadOnlyDictionary<string, string> env, bool liveFlag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(env);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new AlpacaConfigurationException($"Alpaca credentials file not found: {full}");
        }

        if (GitWorkTreeOf(full) is { } tree)
        {
            throw new AlpacaConfigurationException($"Alpaca credentials file {full} is inside the git work tree {tree}; keep it outside any repository.");
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(full));
            foreach (var (field, variable) in (ReadOnlySpan<(string, string)>)[("key_id", KeyIdVariable), ("secret_key", SecretKeyVariable), ("base_url", BaseUrlVariable), ("data_url", DataUrlVariable)])
            {
                if (doc.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    merged[variable] = value.GetString()!;
                }
            }
        }
        catch (JsonException ex)
        {
            // The parser's message may quote file content (a secret): report the position only.
            throw new AlpacaConfigurationException($"Alpaca credentials file {full} is not valid JSON (line {ex.LineNumber + 1}).");
        }

        foreach (var (key, value) in env)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                merged[key] = value;
            }
        }

        return FromEnvironment(merged, liveFlag);
    }

    /// <summary>Throws <see cref="AlpacaConfigurationException"/> when the options are unsafe or inconsistent.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyId) || string.IsNullOrWhiteSpace(SecretKey))
        {
            throw new AlpacaConfigurationException($"Alpaca credentials missing: set {KeyIdVariable} and {SecretKeyVariable}.");
        }

        CheckScheme(TradingBaseUrl, "trading");
        CheckScheme(DataBaseUrl, "data");
        var host = TradingBaseUrl.Host;
        if (Paper && string.Equals(host, LiveHost, StringComparison.OrdinalIgnoreCase))
        {
            throw new AlpacaConfigurationException($"{BaseUrlVariable} points at the live host {LiveHost} while PAPER=1; live trading needs PAPER=0 and --live.");
        }

        if (!Paper && string.Equals(host, PaperHost, StringComparison.OrdinalIgnoreCase))
        {
            throw new AlpacaConfigurationException($"{BaseUrlVariable} points at the paper host {PaperHost} while live trading was asked for (PAPER=0 --live).");
        }

        if (MaxRequestsPerMinute is < 1 or > 200)
        {
            throw new AlpacaConfigurationException($"MaxRequestsPerMinute must be within 1..200 (Alpaca's limit), got {MaxRequestsPerMinute}.");
        }

        if (MaxRetries < 0 || RequestTimeout <= TimeSpan.Zero || BackoffBase < TimeSpan.Zero || MaxBackoff < BackoffBase)
        {
            throw new AlpacaConfigurationException("MaxRetries must be ≥ 0, RequestTimeout positive and MaxBackoff ≥ BackoffBase ≥ 0.");
        }

        if (string.IsNullOrWhiteSpace(CryptoLocation) || string.IsNullOrWhiteSpace(StockFeed))
        {
            throw new AlpacaConfigurationException("CryptoLocation and StockFeed must not be empty.");
        }
    }

    /// <summary>The endpoints and limits; credentials are shown only as <c>***</c>.</summary>
    public override string ToString() =>
        $"AlpacaOptions {{ TradingBaseUrl = {TradingBaseUrl}, DataBaseUrl = {DataBaseUrl}, Paper = {Paper}, KeyId = ***, SecretKey = ***, " +
        $"MaxRequestsPerMinute = {MaxRequestsPerMinute}, MaxRetries = {MaxRetries}, RequestTimeout = {RequestTimeout}, BackoffBase = {BackoffBase}, " +
        $"CryptoLocation = {CryptoLocation}, StockFeed = {StockFeed} }}";

    private static string? Get(IReadOnlyDictionary<string, string> env, string name) =>
        env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static bool ParsePaper(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "1" or "TRUE" => true,
        "0" or "FALSE" => false,
        _ => throw new AlpacaConfigurationException($"{PaperVariable} must be 1 (paper, the default) or 0 (live), got '{value}'."),
    };

    private static Uri ParseUrl(string value, string variable)
    {
        var trimmed = value.Trim().TrimEnd('/');

        // alpaca-py style values end at the host; some setups append the API version, which the adapter adds itself.
        if (trimmed.EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^3];
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            throw new AlpacaConfigurationException($"{variable} is not an absolute URL: '{value}'.");
        }

        return uri;
    }

    // Plain http only to the loopback (the test server); credentials never cross the network unencrypted.
    private static void CheckScheme(Uri url, string what)
    {
        if (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            return;
        }

        throw new AlpacaConfigurationException($"The Alpaca {what} URL must be https (plain http only to the loopback), got {url}.");
    }

    private static string? GitWorkTreeOf(string file)
    {
        for (var dir = Path.GetDirectoryName(file); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var marker = Path.Combine(dir, ".git");
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return dir;
            }
        }

        return null;
    }
}
