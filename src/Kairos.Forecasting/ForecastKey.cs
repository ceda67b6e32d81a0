using System.Buffers.Binary;
using System.Security.Cryptography;
using Kairos.Core;

namespace Kairos.Forecasting;

/// <summary>
/// Content address of one forecast: the forecaster's identity plus a SHA-256 of the exact input window (each bar's UTC
/// ticks and the IEEE bits of open, high, low, close and volume). Two windows with the same bytes share a forecast
/// wherever they sit in a series.
/// </summary>
public readonly record struct ForecastKey(string ForecasterIdentity, UInt128 WindowHash)
{
    private const int BytesPerBar = 6 * sizeof(long);

    /// <summary>The key of the window of the forecaster's context length ending at <paramref name="decisionIndex"/>.</summary>
    public static ForecastKey For(IForecaster forecaster, BarSeries series, int decisionIndex)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfNegative(decisionIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(decisionIndex, series.Count);
        var first = Math.Max(0, decisionIndex - forecaster.ContextLength + 1);
        var count = decisionIndex - first + 1;
        var buffer = count * BytesPerBar <= 64 * 1024 ? stackalloc byte[count * BytesPerBar] : new byte[count * BytesPerBar];
        for (var i = 0; i < count; i++)
        {
            var bar = series[first + i];
            var slot = buffer.Slice(i * BytesPerBar, BytesPerBar);
            BinaryPrimitives.WriteInt64LittleEndian(slot, bar.Timestamp.UtcTicks);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[8..], bar.Open);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[16..], bar.High);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[24..], bar.Low);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[32..], bar.Close);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[40..], bar.Volume);
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return new ForecastKey(forecaster.Identity, BinaryPrimitives.ReadUInt128LittleEndian(digest));
    }
}
