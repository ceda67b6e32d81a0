using System.Net;
using System.Text.RegularExpressions;
using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public sealed partial class PrometheusEndpointTests : IDisposable
{
    private readonly KairosMetrics _metrics = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Serves_cumulative_values_in_the_exposition_format_on_127_0_0_1()
    {
        await using var endpoint = PrometheusEndpoint.Start(_metrics.Meter, 0);
        _metrics.AddForecastsComputed(3);
        _metrics.RecordStage("backtest", TimeSpan.FromSeconds(0.25));

        using var first = await _http.GetAsync(endpoint.MetricsUri);
        var body = await first.Content.ReadAsStringAsync();

        Assert.Equal(IPAddress.Loopback, endpoint.LocalEndPoint.Address);
        Assert.NotEqual(0, endpoint.LocalEndPoint.Port);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/plain", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains(first.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Contains("# TYPE kairos_forecasts_computed_total counter\nkairos_forecasts_computed_total 3\n", body, StringComparison.Ordinal);
        Assert.Contains("kairos_stage_duration_seconds_sum{stage=\"backtest\"} 0.25\n", body, StringComparison.Ordinal);
        Assert.Contains("kairos_stage_duration_seconds_count{stage=\"backtest\"} 1\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE kairos_memory_working_set_bytes gauge\n", body, StringComparison.Ordinal);
        Assert.EndsWith("\n", body, StringComparison.Ordinal);
        Assert.All(
            body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')),
            line => Assert.Matches(SampleLine(), line));

        _metrics.AddForecastsComputed(2);
        var second = await _http.GetStringAsync(endpoint.MetricsUri);
        Assert.Contains("kairos_forecasts_computed_total 5\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_other_paths_and_methods_with_errors()
    {
        await using var endpoint = PrometheusEndpoint.Start(_metrics.Meter, 0);
        var root = new Uri($"http://127.0.0.1:{endpoint.LocalEndPoint.Port}/");

        using var missing = await _http.GetAsync(new Uri(root, "/other"));
        using var post = await _http.PostAsync(endpoint.MetricsUri, new StringContent("x"));
        using var withQuery = await _http.GetAsync(new Uri(root, "/metrics?name=x"));
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, endpoint.MetricsUri));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("192.168.1.10")]
    [InlineData("127.0.0.2")]
    public void Refuses_every_address_but_127_0_0_1(string address) =>
        Assert.Throws<ArgumentException>(() => PrometheusEndpoint.Start(_metrics.Meter, new IPEndPoint(IPAddress.Parse(address), 0)));

    [Fact]
    public async Task Stopping_releases_the_port()
    {
        var endpoint = PrometheusEndpoint.Start(_metrics.Meter, 0);
        var uri = endpoint.MetricsUri;
        (await _http.GetAsync(uri)).Dispose();

        await endpoint.StopAsync();
        await endpoint.StopAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(uri));
        await using var again = PrometheusEndpoint.Start(_metrics.Meter, uri.Port);
        using var response = await _http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*")*\})? -?[0-9.E+-]+$""")]
    private static partial Regex SampleLine();
}
