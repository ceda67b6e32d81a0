using Kairos.Core;

namespace Kairos.Trading.Execution;

/// <summary>
/// Market-aware watcher expiry (spec §6.5). Crypto: the first 22:00 US/Eastern at least 24 h away (so 24–48 h).
/// Equities: the next NYSE close on the real calendar (holidays skipped, 13:00 on half days), but never less than 60
/// minutes away — a watcher created 30 minutes before the close lives until 60 minutes after creation.
/// </summary>
public static class WatcherExpiry
{
    public static DateTimeOffset For(Instrument instrument, DateTimeOffset now, WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(settings);
        if (instrument.IsCrypto)
        {
            var date = UsEastern.DateOf(now);
            var candidate = UsEastern.FromEastern(date, settings.CryptoExpiryTime);
            while (candidate - now < settings.CryptoMinimumExpiry)
            {
                date = date.AddDays(1);
                candidate = UsEastern.FromEastern(date, settings.CryptoExpiryTime);
            }

            return candidate;
        }

        var close = NyseCalendar.Instance.NextClose(now);
        var floor = now + settings.MinimumEquityExpiry;
        return close > floor ? close : floor;
    }
}
