namespace Kairos.Core;

/// <summary>
/// One OHLCV bar. Prices are <see cref="double"/>: bars feed statistics and the backtest kernels, whose numeric type is
/// double (money that changes hands — orders, fills, cash — is decimal, see docs/adr/001). <see cref="Timestamp"/> is the
/// bar's start; for daily bars it is midnight of the session date in UTC.
/// </summary>
public readonly record struct Bar(DateTimeOffset Timestamp, double Open, double High, double Low, double Close, double Volume)
{
    /// <summary>The session date of a daily bar.</summary>
    public DateOnly Date => DateOnly.FromDateTime(Timestamp.UtcDateTime);
}
