using System.Globalization;

namespace Kairos.Data;

/// <summary>
/// Reads the timestamp forms bar files use: <c>YYYY-MM-DD</c> (midnight UTC: the session date of a daily bar),
/// ISO-8601 with <c>Z</c> or an offset (<c>T</c> or a space between date and time, optional fraction), and the same
/// without an offset, which the caller must report as read in UTC. Results are converted to UTC.
/// </summary>
internal static class BarTimestamp
{
    private static readonly string[] WithOffset =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd HH:mmzzz",
        "yyyy-MM-dd HH:mm'Z'",
    ];

    private static readonly string[] WithoutOffset =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm",
    ];

    public static bool TryParse(string text, out DateTimeOffset value, out bool naive)
    {
        naive = false;
        if (text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, WithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            value = value.ToUniversalTime();
            naive = true;
            return true;
        }

        return false;
    }
}
