using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>The bars the bot may see at an instant: only bars whose session has closed (no look-ahead).</summary>
public interface IBarFeed
{
    /// <summary>The completed daily bars of <paramref name="instrument"/> at <paramref name="now"/>, or null when there are none.</summary>
    BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now);

    /// <summary>
    /// Brings the feed up to <paramref name="now"/> before a cycle reads it (a remote feed fetches the bars completed since
    /// its last refresh); feeds that hold every bar already do nothing.
    /// </summary>
    Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
