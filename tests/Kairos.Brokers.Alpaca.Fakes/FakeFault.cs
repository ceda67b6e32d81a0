namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>
/// A scripted failure for the next <see cref="Count"/> requests whose method is <see cref="Method"/> and whose path
/// starts with <see cref="PathPrefix"/>. <see cref="RetryAfterSeconds"/> and <see cref="RateLimitReset"/> (unix seconds)
/// become headers of a <see cref="FakeFaultKind.RateLimited"/> answer when set.
/// </summary>
public sealed record FakeFault(string Method, string PathPrefix, FakeFaultKind Kind, int Count = 1)
{
    public int? RetryAfterSeconds { get; init; }

    public long? RateLimitReset { get; init; }
}
