namespace Kairos.Core;

/// <summary>One regular trading session: <see cref="Date"/> is the exchange-local session date, the times are instants.</summary>
public sealed record MarketSession(DateOnly Date, DateTimeOffset Open, DateTimeOffset Close)
{
    public bool Contains(DateTimeOffset instant) => instant >= Open && instant < Close;

    public TimeSpan Length => Close - Open;
}
