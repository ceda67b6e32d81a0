using Kairos.Core;
using Kairos.Trading.Simulation;
using static Kairos.Trading.Tests.Simulation.SimulationFixtures;

namespace Kairos.Trading.Tests.Simulation;

public class IntradayPathTests
{
    // NYSE 2024-03-05: 14:30–21:00 UTC, thirds at 16:40 and 18:50.
    private static readonly MarketSession Session = NyseCalendar.Instance.Session(new DateOnly(2024, 3, 5))!;

    [Fact]
    public void Up_bar_goes_down_first_then_up()
    {
        var path = IntradayPath.FromDailyBar(Daily(3, 5, 100, 110, 90, 105), Session);
        Assert.Equal(
            [(Utc(3, 5, 14, 30), 100m), (Utc(3, 5, 16, 40), 90m), (Utc(3, 5, 18, 50), 110m), (Utc(3, 5, 21), 105m)],
            path.Knots);
        Assert.Equal(95m, path.PriceAt(Utc(3, 5, 15, 35)));
        Assert.Equal(100m, path.PriceAt(Utc(3, 5, 17, 45)));
        Assert.Equal(100m, path.PriceAt(Utc(3, 5, 9)));
        Assert.Equal(105m, path.PriceAt(Utc(3, 5, 23)));
    }

    [Fact]
    public void Down_bar_goes_up_first_then_down()
    {
        var path = IntradayPath.FromDailyBar(Daily(3, 5, 100, 110, 90, 95), Session);
        Assert.Equal(110m, path.PriceAt(Utc(3, 5, 16, 40)));
        Assert.Equal(90m, path.PriceAt(Utc(3, 5, 18, 50)));
        Assert.Equal(105m, path.PriceAt(Utc(3, 5, 15, 35)));
    }

    [Fact]
    public void Half_day_path_spans_the_short_session()
    {
        // 2024-11-29 closes at 13:00 ET = 18:00 UTC: 210 minutes, thirds at 15:40 and 16:50.
        var session = NyseCalendar.Instance.Session(new DateOnly(2024, 11, 29))!;
        var path = IntradayPath.FromDailyBar(new Bar(new DateTimeOffset(2024, 11, 29, 0, 0, 0, TimeSpan.Zero), 100, 110, 90, 105, 1), session);
        var day = new DateTimeOffset(2024, 11, 29, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [(day.AddHours(14.5), 100m), (day.AddHours(15).AddMinutes(40), 90m), (day.AddHours(16).AddMinutes(50), 110m), (day.AddHours(18), 105m)],
            path.Knots);
    }

    [Fact]
    public void Range_and_first_touch_are_exact()
    {
        var path = IntradayPath.FromDailyBar(Daily(3, 5, 100, 110, 90, 105), Session);
        Assert.Equal((90m, 100m), path.Range(Utc(3, 5, 15, 35), Utc(3, 5, 17, 45)));
        Assert.Equal((95m, 100m), path.Range(Utc(3, 5, 14, 30), Utc(3, 5, 15, 35)));

        Assert.Equal(new PathTouch(Utc(3, 5, 15, 35), 95m), path.FirstTouch(95m, Utc(3, 5, 14, 30), Utc(3, 5, 21), touchFromAbove: true));

        // Rising 90 → 110 over 130 minutes from 16:40 reaches 108 after 117 minutes.
        Assert.Equal(new PathTouch(Utc(3, 5, 18, 37), 108m), path.FirstTouch(108m, Utc(3, 5, 14, 30), Utc(3, 5, 21), touchFromAbove: false));
        Assert.Null(path.FirstTouch(80m, Utc(3, 5, 14, 30), Utc(3, 5, 21), touchFromAbove: true));
        Assert.Null(path.FirstTouch(95m, Utc(3, 5, 14, 30), Utc(3, 5, 15, 30), touchFromAbove: true));

        // Already through at the start: the touch is at once, at the path price.
        Assert.Equal(new PathTouch(Utc(3, 5, 14, 30), 100m), path.FirstTouch(120m, Utc(3, 5, 14, 30), Utc(3, 5, 21), touchFromAbove: true));
    }

    [Fact]
    public void Intraday_bars_give_one_path_per_bar_with_jumps_between_them()
    {
        var session = CryptoCalendar.Instance.Session(new DateOnly(2024, 3, 5))!;
        Bar[] hourly =
        [
            new(Utc(3, 5, 0), 100, 102, 99, 101, 1),
            new(Utc(3, 5, 1), 103, 104, 100, 100.5, 1),
        ];
        var path = IntradayPath.FromIntradayBars(hourly, TimeSpan.FromHours(1), session)!;
        Assert.Equal(8, path.Knots.Count);
        Assert.Equal(99m, path.PriceAt(Utc(3, 5, 0, 20)));
        Assert.Equal(101.5m, path.PriceAt(Utc(3, 5, 0, 50)));
        Assert.Equal(103m, path.PriceAt(Utc(3, 5, 1)));
        Assert.Equal(104m, path.PriceAt(Utc(3, 5, 1, 20)));
        Assert.Equal(100.5m, path.PriceAt(Utc(3, 5, 5)));

        // 101.75 at 00:45, down to 101 at 01:00, then the jump to 103 goes through 102.5.
        Assert.Equal(new PathTouch(Utc(3, 5, 1), 103m), path.FirstTouch(102.5m, Utc(3, 5, 0, 45), Utc(3, 5, 2), touchFromAbove: false));
        Assert.Null(IntradayPath.FromIntradayBars(hourly, TimeSpan.FromHours(1), CryptoCalendar.Instance.Session(new DateOnly(2024, 3, 6))!));
    }
}
