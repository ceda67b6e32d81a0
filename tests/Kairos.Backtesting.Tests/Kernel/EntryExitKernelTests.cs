using Kairos.Backtesting.Kernel;

namespace Kairos.Backtesting.Tests.Kernel;

/// <summary>Hand-computed cases for every branch of the spec §4.4 kernel.</summary>
public class EntryExitKernelTests
{
    private const double Fee = 0.001;

    // c = +1 %, high reached +2 %, low reached −2 %; predicted high +1.5 %, predicted low −1 %.
    private static readonly KernelDay Day = new(Close: 0.01, HighActual: 0.02, HighPredicted: 0.015, LowActual: -0.02, LowPredicted: -0.01);

    [Fact]
    public void Long_fills_and_takes_profit_at_predicted_high_intraday()
    {
        // Buy at −1 %, sell at +1.5 %: 2.5 % less the 0.1 % entry fee.
        Assert.Equal(0.024, EntryExitKernel.DayPnl(Day, 1, 0, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Long_fills_and_exits_at_close_with_close_at_eod()
    {
        // Buy at −1 %, exit at the +1 % close.
        Assert.Equal(0.019, EntryExitKernel.DayPnl(Day, 1, 0, 0, 0, Fee, closeAtEod: true), 15);
    }

    [Fact]
    public void Long_fills_but_misses_target_exits_at_close()
    {
        var d = Day with { HighActual = 0.012 };
        Assert.Equal(0.019, EntryExitKernel.DayPnl(d, 1, 0, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Long_does_not_fill_when_low_stays_above_level_and_pays_no_fee()
    {
        var d = Day with { LowActual = -0.005 };
        Assert.Equal(0.0, EntryExitKernel.DayPnl(d, 1, 0, 0, 0, Fee, closeAtEod: false));
        Assert.False(EntryExitKernel.Fills(d, 1, 0, 0, 0));
    }

    [Fact]
    public void Triggers_are_strict()
    {
        var touchLow = Day with { LowActual = -0.01 };
        Assert.Equal(0.0, EntryExitKernel.DayPnl(touchLow, 1, 0, 0, 0, Fee, closeAtEod: false));
        var touchHigh = Day with { HighActual = 0.015 };
        Assert.Equal(0.0, EntryExitKernel.DayPnl(touchHigh, 0, -1, 0, 0, Fee, closeAtEod: false));
    }

    [Fact]
    public void Long_target_reached_exactly_counts_as_reached()
    {
        var d = Day with { HighActual = 0.015 };
        Assert.Equal(0.024, EntryExitKernel.DayPnl(d, 1, 0, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Short_fills_and_covers_at_predicted_low_intraday()
    {
        // Sell at +1.5 %, buy back at −1 %.
        Assert.Equal(0.024, EntryExitKernel.DayPnl(Day, 0, -1, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Short_with_close_at_eod_covers_at_close()
    {
        // Sell at +1.5 %, buy back at the +1 % close: 0.5 % less the fee.
        Assert.Equal(0.004, EntryExitKernel.DayPnl(Day, 0, -1, 0, 0, Fee, closeAtEod: true), 15);
    }

    [Fact]
    public void Short_misses_target_covers_at_close()
    {
        var d = Day with { LowActual = -0.005 };
        Assert.Equal(0.004, EntryExitKernel.DayPnl(d, 0, -1, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Short_does_not_fill_when_high_stays_below_level()
    {
        var d = Day with { HighActual = 0.01 };
        Assert.Equal(0.0, EntryExitKernel.DayPnl(d, 0, -1, 0, 0, Fee, closeAtEod: false));
    }

    [Fact]
    public void Both_sides_fill_on_the_same_day_and_pay_both_fees()
    {
        Assert.Equal(0.048, EntryExitKernel.DayPnl(Day, 1, -1, 0, 0, Fee, closeAtEod: false), 15);
        Assert.Equal(0.019 + 0.004, EntryExitKernel.DayPnl(Day, 1, -1, 0, 0, Fee, closeAtEod: true), 15);
    }

    [Fact]
    public void Quantity_scales_pnl_and_fee()
    {
        Assert.Equal(2 * 0.024, EntryExitKernel.DayPnl(Day, 2, 0, 0, 0, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Offsets_shift_levels_additively()
    {
        // Low level −1 % − 0.5 % = −1.5 % still above the −2 % low; high level 1.5 % + 0.3 % = 1.8 % still reached.
        Assert.Equal(0.018 + 0.015 - Fee, EntryExitKernel.DayPnl(Day, 1, 0, 0.003, -0.005, Fee, closeAtEod: false), 15);
    }

    [Fact]
    public void Levels_are_clamped_to_the_close_side()
    {
        // A predicted low above the close is clamped to 0 (buy at the close level); a predicted high below it to 0.
        var d = new KernelDay(Close: 0.01, HighActual: 0.02, HighPredicted: -0.01, LowActual: -0.02, LowPredicted: 0.005);
        // Long: buy at 0, high level 0 reached → exit at 0: pnl 0 − fee.
        Assert.Equal(-Fee, EntryExitKernel.DayPnl(d, 1, 0, 0, 0, Fee, closeAtEod: false), 15);
        // Long with eod: exit at close 1 %.
        Assert.Equal(0.01 - Fee, EntryExitKernel.DayPnl(d, 1, 0, 0, 0, Fee, closeAtEod: true), 15);
        // Low clamp at −100 %: a level below −1 never fills because a price cannot fall below −100 %.
        var deep = Day with { LowPredicted = -3 };
        Assert.Equal(0.0, EntryExitKernel.DayPnl(deep, 1, 0, 0, 0, Fee, closeAtEod: false));
    }

    [Fact]
    public void Flat_day_earns_nothing()
    {
        Assert.Equal(0.0, EntryExitKernel.DayPnl(Day, 0, 0, 0, 0, Fee, closeAtEod: false));
    }

    [Fact]
    public void Sum_adds_days_in_order()
    {
        KernelDay[] days = [Day, Day with { LowActual = -0.005 }, Day];
        double[] l = [1, 1, 1];
        double[] s = [0, 0, 0];
        Assert.Equal(0.048, EntryExitKernel.Sum(days, l, s, 0, 0, Fee, closeAtEod: false), 15);
    }
}
