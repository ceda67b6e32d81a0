using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// Low-level HTTP to Alpaca: auth headers, the client-side rate limit, retries with exponential backoff and jitter, and
/// the classification of every failure into an <see cref="AlpacaException"/>. Backoff and rate-limit waits run on the
/// <see cref="TimeProvider"/>; the per-attempt request timeout is a wall-clock guard on the socket. The log gets one
/// line per attempt (method, path, status, attempt, elapsed) and never a header, body or credential.
/// </summary>
public sealed class AlpacaClient : IDisposable
{
    private const string KeyHeader = "APCA-API-KEY-ID";
    private const string SecretHeader = "APCA-API-SECRET-KEY";
    private static readonly TimeSpan LongestServerWait = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly RequestRateLimiter _tradingLimiter;
    private readonly RequestRateLimiter _dataLimiter;
    private readonly Random _jitter;
    private readonly TextWriter? _log;

    /// <param name="options">Validated options (endpoints, credentials, budget).</param>
    /// <param name="handler">The HTTP handler (the caller keeps ownership); null for a default one.</param>
    /// <param name="time">Clock for backoff, rate limiting and timestamps.</param>
    /// <param name="jitter">Seeded source of backoff jitter.</param>
    /// <param name="log">Request log; null for none.</param>
    public AlpacaClient(AlpacaOptions options, HttpMessageHandler? handler, TimeProvider time, Random jitter, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(jitter);
        options.Validate();
        Options = options;
        Time = time;
        _jitter = jitter;
        _log = log;

        // Alpaca counts the trading and the market-data APIs separately (200/min each on the free plan).
        _tradingLimiter = new RequestRateLimiter(options.MaxRequestsPerMinute, time);
        _dataLimiter = new RequestRateLimiter(options.MaxRequestsPerMinute, time);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);

        // Each attempt has its own timeout (below); HttpClient's would span retries.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public AlpacaOptions Options { get; }

    internal TimeProvider Time { get; }

    public void Dispose()
    {
        _http.Dispose();
        _tradingLimiter.Dispose();
        _dataLimiter.Dispose();
    }

    /// <summary>
    /// Sends one request and returns the 2xx response, or throws a classified <see cref="AlpacaException"/>. With
    /// <paramref name="retry"/> every retryable failure is retried up to <see cref="AlpacaOptions.MaxRetries"/> times;
    /// without it only a 429 is (the server did not act on a rate-limited request, so resending cannot duplicate it).
    /// </summary>
    internal async Task<AlpacaResponse> SendAsync(HttpMethod method, AlpacaApi api, string pathAndQuery, string? jsonBody, bool retry, CancellationToken cancellationToken)
    {
        var baseUrl = api == AlpacaApi.Trading ? Options.TradingBaseUrl : Options.DataBaseUrl;
        var uri = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + baseUrl.AbsolutePath.TrimEnd('/') + pathAndQuery);
        var logPath = pathAndQuery.Split('?', 2)[0];
        var limiter = api == AlpacaApi.Trading ? _tradingLimiter : _dataLimiter;
        for (var attempt = 1; ; attempt++)
        {
            await limiter.WaitAsync(cancellationToken);
            var started = Time.GetTimestamp();
            AlpacaException failure;
            TimeSpan? serverWait = null;
            try
            {
                using var request = new HttpRequestMessage(method, uri);
                request.Headers.Add(KeyHeader, Options.KeyId);
                request.Headers.Add(SecretHeader, Options.SecretKey);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (jsonBody is not null)
                {
                    request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.RequestTimeout);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                var status = (int)response.StatusCode;
                Log(method, logPath, status.ToString(CultureInfo.InvariantCulture), attempt, started);
                NoteRateLimit(response, limiter);
                if (status is >= 200 and < 300)
                {
                    return new AlpacaResponse(status, bytes.Length == 0 ? null : JsonDocument.Parse(bytes));
                }

                failure = Classify(status, bytes);
                if (status == (int)HttpStatusCode.TooManyRequests)
                {
                    serverWait = ServerWait(response);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log(method, logPath, "timeout", attempt, started);
                failure = new AlpacaException(AlpacaFailureKind.Retryable, null, null, $"Alpaca {method} {logPath} timed out after {Options.RequestTimeout.TotalSeconds:0.###} s", ex);
            }
            catch (HttpRequestException ex)
            {
                Log(method, logPath, "unreachable", attempt, started);
                failure = new AlpacaException(AlpacaFailureKind.Retryable, null, null, Redact($"Alpaca {method} {logPath} failed: {ex.Message}"), ex);
            }

            var mayRetry = failure.Kind == AlpacaFailureKind.Retryable && (retry || failure.StatusCode == (int)HttpStatusCode.TooManyRequests);
            if (!mayRetry || attempt > Options.MaxRetries)
            {
                throw failure;
            }

            await DelayAsync(serverWait ?? Backoff(attempt), cancellationToken);
        }
    }

    /// <summary>
    /// The jittered backoff before retry number <paramref name="attempt"/> (1-based): 50–100 % of base·2^(attempt−1),
    /// capped, in whole milliseconds (the resolution of a timer).
    /// </summary>
    internal TimeSpan Backoff(int attempt)
    {
        var step = Options.BackoffBase.Ticks * Math.Pow(2, attempt - 1);
        step = Math.Min(step, Options.MaxBackoff.Ticks);
        double factor;
        lock (_jitter)
        {
            factor = 0.5 + (0.5 * _jitter.NextDouble());
        }

        return TimeSpan.FromMilliseconds(Math.Floor(step * factor / TimeSpan.TicksPerMillisecond));
    }

    internal Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Time, cancellationToken);

    /// <summary>Replaces any occurrence of the credentials in <paramref name="text"/> (defence in depth for echoed text).</summary>
    internal string Redact(string text) =>
        text.Replace(Options.SecretKey, "***", StringComparison.Ordinal).Replace(Options.KeyId, "***", StringComparison.Ordinal);

    private AlpacaException Classify(int status, byte[] body)
    {
        int? code = null;
        var message = string.Empty;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n))
                {
                    code = n;
                }

                message = AlpacaJson.String(doc.RootElement, "message") ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        }

        message = Redact(message.Trim());
        var kind = status switch
        {
            429 or >= 500 => AlpacaFailureKind.Retryable,

            // Alpaca answers an order it will not fund with 403; that is a rejection of the order, not of the keys.
            403 when message.Contains("insufficient", StringComparison.OrdinalIgnoreCase) => AlpacaFailureKind.Rejected,
            401 or 403 => AlpacaFailureKind.Fatal,
            _ => AlpacaFailureKind.Rejected,
        };
        var text = message.Length > 0 ? message : $"HTTP {status}";
        return new AlpacaException(kind, status, code, kind == AlpacaFailureKind.Fatal ? $"Alpaca refused the credentials or permission (HTTP {status}): {text}" : text);
    }

    // A 429's wait: Retry-After (seconds or a date) when given, else until X-Ratelimit-Reset (unix seconds).
    private TimeSpan? ServerWait(HttpResponseMessage response)
    {
        var now = Time.GetUtcNow();
        TimeSpan? wait = null;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }
        else if (ResetTime(response) is { } reset)
        {
            wait = reset - now;
        }

        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestServerWait ? LongestServerWait : wait;
    }

    private static void NoteRateLimit(HttpResponseMessage response, RequestRateLimiter limiter)
    {
        if (response.Headers.TryGetValues("X-Ratelimit-Remaining", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            && remaining <= 0
            && ResetTime(response) is { } reset)
        {
            limiter.PauseUntil(reset);
        }
    }

    private static DateTimeOffset? ResetTime(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Ratelimit-Reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;

    private void Log(HttpMethod method, string path, string outcome, int attempt, long started)
    {
        if (_log is null)
        {
            return;
        }

        var elapsed = Time.GetElapsedTime(started);
        lock (_log)
        {
            _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alpaca {method} {path} -> {outcome} attempt {attempt} {elapsed.TotalMilliseconds:0}ms"));
        }
    }
}
