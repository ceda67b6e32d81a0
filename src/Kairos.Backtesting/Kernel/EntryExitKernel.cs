using System.Runtime.CompilerServices;

namespace Kairos.Backtesting.Kernel;

/// <summary>
/// The limit-order P&amp;L kernel of spec §4.4, scalar reference. A long position buys at the predicted low if the day
/// trades below it and a short sells at the predicted high if the day trades above it (strict triggers); both can fire
/// the same day. With <c>closeAtEod</c> every fill exits at the close; otherwise a long exits at the predicted high when
/// the day reaches it (a short at the predicted low) and at the close if not. Fees are charged on entry, × |quantity|.
/// </summary>
public static class EntryExitKernel
{
    /// <summary>Lower and upper clamps of the predicted low (after offsets): a buy level is never above the close.</summary>
    public const double LowPredMin = -1.0, LowPredMax = 0.0;

    /// <summary>Lower and upper clamps of the predicted high (after offsets): a sell level is never below the close.</summary>
    public const double HighPredMin = 0.0, HighPredMax = 10.0;

    /// <summary>
    /// P&amp;L of one day (return units) for long quantity <paramref name="longQty"/> ≥ 0 and short quantity
    /// <paramref name="shortQty"/> ≤ 0, with the predicted levels shifted by the additive offsets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DayPnl(in KernelDay d, double longQty, double shortQty, double highOffset, double lowOffset, double fee, bool closeAtEod)
    {
        var lp = Math.Clamp(d.LowPredicted + lowOffset, LowPredMin, LowPredMax);
        var hp = Math.Clamp(d.HighPredicted + highOffset, HighPredMin, HighPredMax);
        var longHit = lp > d.LowActual;
        var shortHit = hp < d.HighActual;
        var pnl = 0.0;
        if (longHit)
        {
            pnl += longQty * ((closeAtEod || hp > d.HighActual ? d.Close : hp) - lp);
        }

        if (shortHit)
        {
            pnl += shortQty * ((closeAtEod || lp < d.LowActual ? d.Close : lp) - hp);
        }

        var feeTerm = ((longHit ? longQty : 0.0) + (shortHit ? -shortQty : 0.0)) * fee;
        return pnl - feeTerm;
    }

    /// <summary>Whether either order of the day fills (for trade counting).</summary>
    public static bool Fills(in KernelDay d, double longQty, double shortQty, double highOffset, double lowOffset)
    {
        var lp = Math.Clamp(d.LowPredicted + lowOffset, LowPredMin, LowPredMax);
        var hp = Math.Clamp(d.HighPredicted + highOffset, HighPredMin, HighPredMax);
        return (longQty != 0 && lp > d.LowActual) || (shortQty != 0 && hp < d.HighActual);
    }

    /// <summary>Daily P&amp;L series. Shapes: days[n], longQty[n], shortQty[n] → pnl[n].</summary>
    public static void Evaluate(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        double highOffset,
        double lowOffset,
        double fee,
        bool closeAtEod,
        Span<double> pnl)
    {
        for (var i = 0; i < days.Length; i++)
        {
            pnl[i] = DayPnl(days[i], longQty[i], shortQty[i], highOffset, lowOffset, fee, closeAtEod);
        }
    }

    /// <summary>Σ of the daily P&amp;L, summed in day order (the order every optimised twin must keep).</summary>
    public static double Sum(
        ReadOnlySpan<KernelDay> days,
        ReadOnlySpan<double> longQty,
        ReadOnlySpan<double> shortQty,
        double highOffset,
        double lowOffset,
        double fee,
        bool closeAtEod)
    {
        var sum = 0.0;
        for (var i = 0; i < days.Length; i++)
        {
            sum += DayPnl(days[i], longQty[i], shortQty[i], highOffset, lowOffset, fee, closeAtEod);
        }

        return sum;
    }
}
