using Kairos.Core;

namespace Kairos.Trading.Replay;

/// <summary>When equity is recorded: at each NYSE close, or at 16:00 ET every calendar day for a crypto-only universe.</summary>
internal static class SnapshotSchedule
{
    /// <summary>The first snapshot instant at or after <paramref name="t"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset t, bool daily)
    {
        if (daily)
        {
            var date = UsEastern.DateOf(t);
            var today = UsEastern.FromEastern(date, new TimeOnly(16, 0));
            return today >= t ? today : UsEastern.FromEastern(date.AddDays(1), new TimeOnly(16, 0));
        }

        // The session whose close is the first one at or after t.
        return NyseCalendar.Instance.CurrentOrNextSession(t.AddTicks(-1)).Close;
    }
}
