using Kairos.Core;
using Kairos.Trading.Scheduling;

namespace Kairos.Trading.Tests.Scheduling;

public class TradingScheduleTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void A_normal_trading_day_has_five_windows_in_eastern_time()
    {
        var windows = new TradingSchedule().WindowsOn(new DateOnly(2026, 3, 6)); // Friday, EST (UTC−5)
        Assert.Equal(
            [CycleWindowKind.MarketOpen, CycleWindowKind.SecondHour, CycleWindowKind.MarketClose, CycleWindowKind.CryptoEvening, CycleWindowKind.Overnight],
            windows.Select(w => w.Kind));
        Assert.Equal(Utc(2026, 3, 6, 14, 30), windows[0].Start);
        Assert.Equal(Utc(2026, 3, 6, 15, 30), windows[1].Start);
        Assert.Equal(Utc(2026, 3, 6, 20, 0), windows[2].Start); // 15:00 EST
        Assert.Equal(Utc(2026, 3, 6, 20, 15), windows[2].End);
        Assert.Equal(Utc(2026, 3, 7, 0, 0), windows[3].Start); // 19:00 EST
        Assert.Equal(Utc(2026, 3, 7, 3, 0), windows[4].Start); // 22:00 EST
    }

    [Fact]
    public void Daylight_saving_moves_the_windows_an_hour_earlier_in_utc()
    {
        var windows = new TradingSchedule().WindowsOn(new DateOnly(2026, 3, 9)); // Monday after the switch (EDT, UTC−4)
        Assert.Equal(Utc(2026, 3, 9, 13, 30), windows[0].Start);
        Assert.Equal(Utc(2026, 3, 9, 19, 0), windows[2].Start);
    }

    [Fact]
    public void Weekends_and_holidays_keep_only_the_crypto_windows()
    {
        var schedule = new TradingSchedule();
        Assert.Equal([CycleWindowKind.CryptoEvening, CycleWindowKind.Overnight], schedule.WindowsOn(new DateOnly(2026, 3, 7)).Select(w => w.Kind));
        Assert.Equal([CycleWindowKind.CryptoEvening, CycleWindowKind.Overnight], schedule.WindowsOn(new DateOnly(2026, 11, 26)).Select(w => w.Kind)); // Thanksgiving
    }

    [Fact]
    public void Half_day_market_close_window_follows_the_early_close()
    {
        var close = new TradingSchedule().WindowsOn(new DateOnly(2026, 11, 27)).Single(w => w.Kind == CycleWindowKind.MarketClose);
        Assert.Equal(UsEastern.FromEastern(new DateOnly(2026, 11, 27), new TimeOnly(12, 0)), close.Start);
        Assert.Equal(UsEastern.FromEastern(new DateOnly(2026, 11, 27), new TimeOnly(12, 15)), close.End);
    }

    [Fact]
    public void Window_at_and_next_window()
    {
        var schedule = new TradingSchedule();
        var inside = Utc(2026, 3, 6, 14, 45);
        Assert.Equal(CycleWindowKind.MarketOpen, schedule.WindowAt(inside)!.Kind);
        Assert.Null(schedule.WindowAt(Utc(2026, 3, 6, 15, 0))); // 10:00 EST: between windows
        var next = schedule.NextWindow(Utc(2026, 3, 7, 3, 30)); // Friday 22:30 EST → Saturday 19:00 EST
        Assert.Equal(CycleWindowKind.CryptoEvening, next.Kind);
        Assert.Equal(new DateOnly(2026, 3, 7), next.EasternDate);
        Assert.Equal("2026-03-07/crypto-evening", next.Key);
    }

    [Fact]
    public void Disabled_windows_are_skipped_and_settings_are_validated()
    {
        var schedule = new TradingSchedule(new ScheduleSettings { Enabled = new HashSet<CycleWindowKind> { CycleWindowKind.MarketOpen } });
        Assert.Equal(CycleWindowKind.MarketOpen, schedule.NextWindow(Utc(2026, 3, 6, 15, 0)).Kind);
        Assert.Equal(new DateOnly(2026, 3, 9), schedule.NextWindow(Utc(2026, 3, 6, 15, 0)).EasternDate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TradingSchedule(new ScheduleSettings { MarketCloseWindow = TimeSpan.Zero }));
    }
}
