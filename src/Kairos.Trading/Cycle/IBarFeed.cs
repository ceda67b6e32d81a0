using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>The bars the bot may see at an instant: only bars whose session has closed (no look-ahead).</summary>
public interface IBarFeed
{
    /// <summary>The completed daily bars of <paramref name="instrument"/> at <paramref name="now"/>, or null when there are none.</summary>
    BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now);
}
