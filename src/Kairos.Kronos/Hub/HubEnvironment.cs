namespace Kairos.Kronos.Hub;

/// <summary>
/// The Hugging Face hub settings, read once from the environment the way the Python <c>huggingface_hub</c> client reads them,
/// so a cache filled by either is found by both.
/// </summary>
/// <remarks>
/// Cache root: <c>$HF_HUB_CACHE</c> (or the legacy <c>$HUGGINGFACE_HUB_CACHE</c>), else <c>$HF_HOME/hub</c>,
/// else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>.
/// Endpoint: <c>$HF_ENDPOINT</c>, else <see cref="DefaultEndpoint"/>. Token: <c>$HF_TOKEN</c> (or the legacy
/// <c>$HUGGING_FACE_HUB_TOKEN</c>); it is never printed, <see cref="ToString"/> only says whether one is set.
/// </remarks>
public sealed class HubEnvironment
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public HubEnvironment(string cacheRoot, Uri endpoint, string? token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheRoot);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The hub endpoint must be an absolute http(s) URL, not '{endpoint}'.", nameof(endpoint));
        }

        CacheRoot = Path.GetFullPath(cacheRoot);
        Endpoint = endpoint;
        Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    /// <summary>The hub cache folder that holds the <c>models--owner--name</c> folders.</summary>
    public string CacheRoot { get; }

    /// <summary>The hub's base URL, e.g. <c>https://huggingface.co</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The access token sent as <c>Authorization: Bearer</c>, or null.</summary>
    public string? Token { get; }

    public static HubEnvironment FromProcess() => FromVariables(new ProcessEnvironmentVariables());

    public static HubEnvironment FromVariables(IEnvironmentVariables variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var home = variables.HomeDirectory;
        string? Var(string name)
        {
            var value = variables.Get(name);
            return string.IsNullOrWhiteSpace(value) ? null : ExpandHome(value.Trim(), home);
        }

        var cache = Var("HF_HUB_CACHE") ?? Var("HUGGINGFACE_HUB_CACHE");
        if (cache is null)
        {
            var hfHome = Var("HF_HOME");
            if (hfHome is null)
            {
                var xdg = Var("XDG_CACHE_HOME");
                hfHome = xdg is not null
                    ? Path.Combine(xdg, "huggingface")
                    : Path.Combine(home ?? throw new InvalidOperationException(
                        "Cannot locate the Hugging Face cache: HF_HUB_CACHE, HF_HOME and XDG_CACHE_HOME are unset and the home folder is unknown."),
                        ".cache", "huggingface");
            }

            cache = Path.Combine(hfHome, "hub");
        }

        var endpointText = variables.Get("HF_ENDPOINT");
        var endpoint = string.IsNullOrWhiteSpace(endpointText) ? DefaultEndpoint : endpointText.Trim().TrimEnd('/');
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri))
        {
            throw new InvalidOperationException($"HF_ENDPOINT '{endpointText}' is not an absolute URL.");
        }

        var token = variables.Get("HF_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            token = variables.Get("HUGGING_FACE_HUB_TOKEN");
        }

        return new HubEnvironment(cache, endpointUri, token);
    }

    public HubEnvironment WithCacheRoot(string cacheRoot) => new(cacheRoot, Endpoint, Token);

    public HubEnvironment WithEndpoint(Uri endpoint) => new(CacheRoot, endpoint, Token);

    public HubEnvironment WithToken(string? token) => new(CacheRoot, Endpoint, token);

    public override string ToString() => $"cache {CacheRoot}, endpoint {Endpoint}, token {(Token is null ? "not set" : "set")}";

    private static string ExpandHome(string path, string? home) =>
        home is not null && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            ? Path.Combine(home, path.Length > 2 ? path[2..] : string.Empty)
            : path;
}
