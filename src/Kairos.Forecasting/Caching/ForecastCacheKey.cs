using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Kairos.Core;

namespace Kairos.Forecasting.Caching;

/// <summary>
/// Content address of one cached forecast: the symbol, the forecaster's identity (for Kronos: checkpoint file hashes and
/// every sampling setting, seed included; for the baseline: its options) and the SHA-256 of the exact input window (each
/// bar's timestamp and OHLCV bits, <see cref="ForecastKey"/>). The symbol is part of the key, unlike in
/// <see cref="ForecastKey"/>, because a forecast may also depend on the instrument (Kronos reads the instrument's
/// calendar for the forecast bar's timestamp). <see cref="Hex"/> is the SHA-256 of all three, the SQLite row key.
/// </summary>
public readonly record struct ForecastCacheKey
{
    // Versioned domain tag: a change of what the hash covers changes every key, so old rows are never misread.
    private static readonly byte[] Domain = "kairos-forecast-cache/v1"u8.ToArray();

    public ForecastCacheKey(string symbol, ForecastKey forecast)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentException.ThrowIfNullOrWhiteSpace(forecast.ForecasterIdentity, nameof(forecast));
        Symbol = symbol;
        Forecast = forecast;
        Hex = Digest(symbol, forecast);
    }

    public string Symbol { get; }

    /// <summary>The forecaster identity and window hash.</summary>
    public ForecastKey Forecast { get; }

    /// <summary>Lower-case hex SHA-256 of symbol, forecaster identity and window hash (64 characters).</summary>
    public string Hex { get; }

    /// <summary>The key of the forecaster's window ending at <paramref name="decisionIndex"/> of <paramref name="series"/>.</summary>
    public static ForecastCacheKey For(IForecaster forecaster, BarSeries series, int decisionIndex)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new ForecastCacheKey(series.Instrument.Symbol, ForecastKey.For(forecaster, series, decisionIndex));
    }

    public override string ToString() => $"{Symbol}:{Hex[..16]}";

    private static string Digest(string symbol, ForecastKey forecast)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);

        // Length-prefixed fields: no two (symbol, identity) pairs concatenate to the same bytes.
        AppendText(hash, symbol);
        AppendText(hash, forecast.ForecasterIdentity);
        Span<byte> window = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(window, forecast.WindowHash);
        hash.AppendData(window);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
