using Kairos.Trading.Scheduling;

namespace Kairos.Cli.Configuration;

/// <summary>
/// Timing of the market-close window (<c>MARKET_CLOSE_SHIFT_MINUTES</c>, <c>MARKET_CLOSE_ANALYSIS_WINDOW_MINUTES</c>); the
/// rest of <see cref="ScheduleSettings"/> keeps its defaults.
/// </summary>
internal sealed record ScheduleSection
{
    public TimeSpan MarketCloseShift { get; init; } = new ScheduleSettings().MarketCloseShift;

    public TimeSpan MarketCloseWindow { get; init; } = new ScheduleSettings().MarketCloseWindow;

    public ScheduleSettings ToSettings() => new() { MarketCloseShift = MarketCloseShift, MarketCloseWindow = MarketCloseWindow };

    public void Validate()
    {
        try
        {
            ToSettings().Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var setting = e.ParamName == nameof(ScheduleSettings.MarketCloseShift) ? "schedule.marketCloseShift" : "schedule.marketCloseWindow";
            var reason = e.Message.Split(" (Parameter '")[0];
            throw new ArgumentOutOfRangeException(setting, e.ActualValue, $"{setting}: {reason}");
        }
    }
}
