using System.Globalization;
using System.Text.Json;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// Alpaca's market data REST API: daily bars (stocks <c>/v2/stocks/bars</c>, crypto <c>/v1beta3/crypto/{loc}/bars</c>),
/// paged through <c>next_page_token</c>, and latest quotes. Shares the <see cref="AlpacaClient"/> (and so its rate
/// limit and retries) with the broker.
/// </summary>
public sealed class AlpacaMarketData
{
    private const int PageLimit = 10_000;
    private readonly AlpacaClient _client;

    public AlpacaMarketData(AlpacaClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>
    /// Daily bars from <paramref name="start"/> to <paramref name="end"/> inclusive, ascending, one per session date.
    /// Stock bars are split- and dividend-adjusted (<c>adjustment=all</c>) from the configured feed. Each bar is
    /// restamped to midnight UTC of its session date: Alpaca stamps daily stock bars at New-York midnight (04:00Z/05:00Z)
    /// and crypto bars at 00:00Z (formerly Chicago midnight, 05:00Z/06:00Z), and the UTC date of start + 12 h is the
    /// session date under all of these conventions.
    /// </summary>
    public async Task<IReadOnlyList<Bar>> GetBarsAsync(Instrument instrument, DateOnly start, DateOnly end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (end < start)
        {
            return [];
        }

        var symbol = AlpacaSymbols.ToDataSymbol(instrument);
        var basePath = instrument.IsCrypto
            ? $"/v1beta3/crypto/{Uri.EscapeDataString(_client.Options.CryptoLocation)}/bars?symbols={Uri.EscapeDataString(symbol)}"
            : $"/v2/stocks/bars?symbols={Uri.EscapeDataString(symbol)}&feed={Uri.EscapeDataString(_client.Options.StockFeed)}&adjustment=all";
        basePath += string.Create(CultureInfo.InvariantCulture, $"&timeframe=1Day&start={start:yyyy-MM-dd}&end={end:yyyy-MM-dd}&limit={PageLimit}&sort=asc");

        var byDate = new SortedDictionary<DateOnly, Bar>();
        string? token = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var path = token is null ? basePath : $"{basePath}&page_token={Uri.EscapeDataString(token)}";
            using var response = await _client.SendAsync(HttpMethod.Get, AlpacaApi.Data, path, null, retry: true, cancellationToken);
            var root = response.Root;
            if (root.TryGetProperty("bars", out var bars) && bars.ValueKind == JsonValueKind.Object && bars.TryGetProperty(symbol, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var b in list.EnumerateArray())
                {
                    var bar = ToBar(b);
                    if (bar.Date >= start && bar.Date <= end)
                    {
                        byDate[bar.Date] = bar;
                    }
                }
            }

            token = AlpacaJson.String(root, "next_page_token");

            // A server repeating a token would page forever.
            if (token is not null && !seenTokens.Add(token))
            {
                throw new AlpacaException(AlpacaFailureKind.Rejected, null, null, $"Alpaca repeated the page token while paging bars of {symbol}");
            }
        }
        while (token is not null);

        return [.. byDate.Values];
    }

    /// <summary>The latest bid/ask, or null when Alpaca has no quote for the instrument.</summary>
    public async Task<Quote?> GetLatestQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var symbol = AlpacaSymbols.ToDataSymbol(instrument);
        var path = instrument.IsCrypto
            ? $"/v1beta3/crypto/{Uri.EscapeDataString(_client.Options.CryptoLocation)}/latest/quotes?symbols={Uri.EscapeDataString(symbol)}"
            : $"/v2/stocks/quotes/latest?symbols={Uri.EscapeDataString(symbol)}&feed={Uri.EscapeDataString(_client.Options.StockFeed)}";
        using var response = await _client.SendAsync(HttpMethod.Get, AlpacaApi.Data, path, null, retry: true, cancellationToken);
        if (!response.Root.TryGetProperty("quotes", out var quotes) || quotes.ValueKind != JsonValueKind.Object || !quotes.TryGetProperty(symbol, out var q))
        {
            return null;
        }

        var bid = AlpacaJson.Decimal(q, "bp");
        var ask = AlpacaJson.Decimal(q, "ap");
        if (bid is null || ask is null || AlpacaJson.Time(q, "t") is not { } at)
        {
            return null;
        }

        return new Quote(instrument, bid.Value, ask.Value, at);
    }

    private static Bar ToBar(JsonElement b)
    {
        var start = AlpacaJson.Time(b, "t") ?? throw new AlpacaException(AlpacaFailureKind.Rejected, null, null, "Alpaca bar lacks its timestamp 't'");
        var date = DateOnly.FromDateTime(start.UtcDateTime.AddHours(12));
        var stamp = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new Bar(stamp, AlpacaJson.Double(b, "o"), AlpacaJson.Double(b, "h"), AlpacaJson.Double(b, "l"), AlpacaJson.Double(b, "c"), AlpacaJson.Double(b, "v"));
    }
}
